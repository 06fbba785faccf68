import { AchievementState, initialAchievementState } from '@chengguo/achievement-register/domain';
import fc from 'fast-check';
import { deciderSpec } from '../../../../test/support/decider-spec';
import { IncomeCommand, incomeByYear, incomeLedgerDecider, IncomeLedgerState } from './income.decider';
import { Evidence, IncomeEvent, IncomeReceived } from './income.events';

const spec = deciderSpec(incomeLedgerDecider);
type Command<T extends IncomeCommand['type']> = Extract<IncomeCommand, { type: T }>;
const NOW = '2026-06-30T02:00:00.000Z';
const evidence: Evidence = { summary: '工商银行回单 2026-06-01', documentSha256: ['b'.repeat(64)] };
const finance = { userId: 'zhao' };
const fold = (events: IncomeEvent[]): IncomeLedgerState => events.reduce(incomeLedgerDecider.evolve, incomeLedgerDecider.initialState);

/** The register after a transfer case c-1 and an abandonment contract k-1 were linked to achievement a-1. */
const register: AchievementState = {
  ...initialAchievementState,
  status: 'transferred',
  achievementId: 'a-1',
  title: '一种低温固态电池电解质',
  links: { disclosureId: 'a-1', contractIds: ['k-1'], caseIds: ['c-1'] },
};

const receive = (overrides: Partial<Command<'RecordIncome'>> = {}): Command<'RecordIncome'> => ({
  type: 'RecordIncome',
  achievementId: 'a-1',
  receiptId: 'r-1',
  source: 'transfer',
  form: 'cash',
  amountFen: 30_000_000,
  receivedOn: '2026-06-01',
  payer: '某某新能源有限公司',
  invoiceNumber: 'INV-001',
  contractReference: 'c-1',
  evidence,
  actor: finance,
  now: NOW,
  register,
  ...overrides,
});

const received = (overrides: Partial<IncomeReceived> = {}): IncomeReceived => ({
  type: 'IncomeReceived',
  achievementId: 'a-1',
  receiptId: 'r-1',
  source: 'transfer',
  form: 'cash',
  amountFen: 30_000_000,
  receivedOn: '2026-06-01',
  payer: '某某新能源有限公司',
  invoiceNumber: 'INV-001',
  contractReference: 'c-1',
  evidence,
  recordedBy: 'zhao',
  recordedAt: NOW,
  ruleKeys: ['R8', 'R14'],
  ...overrides,
});

const cost = (overrides: Partial<Command<'RecordDeductibleCost'>> = {}): Command<'RecordDeductibleCost'> => ({
  type: 'RecordDeductibleCost',
  achievementId: 'a-1',
  costId: 'x-1',
  category: 'appraisal',
  amountFen: 2_000_000,
  incurredOn: '2026-03-15',
  description: '资产评估费',
  evidence,
  actor: finance,
  now: NOW,
  register,
  ...overrides,
});

const correct = (overrides: Partial<Command<'CorrectLedgerEntry'>> = {}): Command<'CorrectLedgerEntry'> => ({
  type: 'CorrectLedgerEntry',
  achievementId: 'a-1',
  correctionId: 'k-c1',
  entryId: 'r-1',
  amountFen: 29_000_000,
  on: '2026-06-01',
  reason: '银行回单金额录入错误',
  evidence,
  actor: finance,
  now: NOW,
  ...overrides,
});

describe('income ledger: recording a receipt', () => {
  it('records cash received under a transfer case on record', () => {
    spec.given([]).when(receive()).then([received()]);
  });

  it('refuses income for an achievement not in the register (R12)', () => {
    spec
      .given([])
      .when(receive({ register: initialAchievementState }))
      .thenFails('ACHIEVEMENT_NOT_REGISTERED', 404);
  });

  it('refuses transfer income under a case the register does not link to the achievement (R5)', () => {
    spec
      .given([])
      .when(receive({ contractReference: 'c-9' }))
      .thenFails('R5_TRANSFORMATION_NOT_ON_RECORD', 409, { source: 'transfer', contractReference: 'c-9' });
  });

  it("records the unit's share under an abandonment contract on record, and refuses one under another (R3)", () => {
    spec
      .given([])
      .when(receive({ source: 'abandonment_share', contractReference: 'k-1', invoiceNumber: null }))
      .then([received({ source: 'abandonment_share', contractReference: 'k-1', invoiceNumber: null, ruleKeys: ['R3', 'R8', 'R14'] })]);
    spec
      .given([])
      .when(receive({ source: 'abandonment_share', contractReference: 'c-1' }))
      .thenFails('R3_CONTRACT_NOT_ON_RECORD', 409);
  });

  it('records equity only for shares received on investment, and that investment only as equity (R5)', () => {
    spec
      .given([])
      .when(receive({ form: 'equity' }))
      .thenFails('R5_EQUITY_ONLY_FROM_INVESTMENT', 422);
    spec
      .given([])
      .when(receive({ source: 'equity_investment' }))
      .thenFails('R5_INVESTMENT_RECEIVED_AS_EQUITY', 422);
    spec
      .given([])
      .when(receive({ source: 'equity_investment', form: 'equity' }))
      .then([received({ source: 'equity_investment', form: 'equity' })]);
  });

  it('records equity income under an equity investment the register records, and refuses one it does not (R5)', () => {
    const invested: AchievementState = {
      ...register,
      status: 'invested',
      equityInvestments: [
        {
          investmentId: 'i-1',
          caseId: 'c-9',
          company: { name: '高原新材料', creditCode: '91540100MA6T1XYW3K' },
          valueFen: 1,
          registeredOn: null,
          holding: null,
        },
      ],
    };
    for (const source of ['equity_investment', 'equity_dividend', 'equity_sale'] as const) {
      const form = source === 'equity_investment' ? 'equity' : 'cash';
      spec
        .given([])
        .when(receive({ source, form, contractReference: 'i-1', invoiceNumber: null, register: invested }))
        .then([received({ source, form, contractReference: 'i-1', invoiceNumber: null })]);
      spec
        .given([])
        .when(receive({ source, form, contractReference: 'i-2', invoiceNumber: null, register: invested }))
        .thenFails('R5_TRANSFORMATION_NOT_ON_RECORD', 409);
    }
    // An investment is no transfer or licence case.
    spec
      .given([])
      .when(receive({ contractReference: 'i-1', register: invested }))
      .thenFails('R5_TRANSFORMATION_NOT_ON_RECORD', 409);
  });

  it('takes a technology contract by its own number (not a register case)', () => {
    spec
      .given([])
      .when(receive({ source: 'technology_contract', contractReference: '2026-4401-0012' }))
      .then([received({ source: 'technology_contract', contractReference: '2026-4401-0012' })]);
  });

  it.each([
    [{ amountFen: 0 }, 'INCOME_AMOUNT_INVALID'],
    [{ amountFen: -5 }, 'INCOME_AMOUNT_INVALID'],
    [{ amountFen: 10.5 }, 'INCOME_AMOUNT_INVALID'],
    [{ receivedOn: '2026-02-30' }, 'INCOME_DATE_INVALID'],
    [{ receivedOn: '2026-07-01' }, 'INCOME_DATE_IN_FUTURE'],
    [{ payer: '  ' }, 'INCOME_FIELD_REQUIRED'],
    [{ evidence: { summary: '', documentSha256: ['b'.repeat(64)] } }, 'INCOME_EVIDENCE_REQUIRED'],
    [{ evidence: { summary: '回单', documentSha256: [] } }, 'INCOME_EVIDENCE_REQUIRED'],
  ] as Array<[Partial<Command<'RecordIncome'>>, string]>)('refuses %j with %s', (overrides, code) => {
    spec.given([]).when(receive(overrides)).thenFails(code, 422);
  });

  it('takes the date in Asia/Shanghai: just after midnight there, today is already the next day', () => {
    spec
      .given([])
      .when(receive({ receivedOn: '2026-07-01', now: '2026-06-30T16:30:00.000Z' }))
      .then([received({ receivedOn: '2026-07-01', recordedAt: '2026-06-30T16:30:00.000Z' })]);
  });

  it('records an invoice once, and an entry id once', () => {
    spec
      .given([received()])
      .when(receive({ receiptId: 'r-2' }))
      .thenFails('INCOME_INVOICE_ALREADY_RECORDED', 409, { invoiceNumber: 'INV-001', receiptId: 'r-1' });
    spec
      .given([received()])
      .when(receive({ invoiceNumber: 'INV-002' }))
      .thenFails('INCOME_ENTRY_EXISTS', 409);
  });
});

describe('income ledger: costs and corrections', () => {
  it('records a deductible cost with its evidence', () => {
    spec
      .given([])
      .when(cost())
      .then([
        {
          type: 'DeductibleCostRecorded',
          achievementId: 'a-1',
          costId: 'x-1',
          category: 'appraisal',
          amountFen: 2_000_000,
          incurredOn: '2026-03-15',
          description: '资产评估费',
          evidence,
          recordedBy: 'zhao',
          recordedAt: NOW,
          ruleKeys: ['R8', 'R14'],
        },
      ]);
  });

  it('corrects a receipt by a new event that keeps the amount and date on record beside the corrected ones', () => {
    spec
      .given([received()])
      .when(correct())
      .then([
        {
          type: 'LedgerEntryCorrected',
          achievementId: 'a-1',
          correctionId: 'k-c1',
          entryId: 'r-1',
          entryKind: 'receipt',
          previous: { amountFen: 30_000_000, on: '2026-06-01' },
          corrected: { amountFen: 29_000_000, on: '2026-06-01' },
          reason: '银行回单金额录入错误',
          evidence,
          correctedBy: 'zhao',
          correctedAt: NOW,
          ruleKeys: ['R8', 'R14'],
        },
      ]);
  });

  it('refuses a correction of an unknown entry, one that changes nothing, and one without a reason', () => {
    spec.given([]).when(correct()).thenFails('INCOME_ENTRY_NOT_FOUND', 404);
    spec
      .given([received()])
      .when(correct({ amountFen: 30_000_000 }))
      .thenFails('INCOME_CORRECTION_CHANGES_NOTHING', 422);
    spec
      .given([received()])
      .when(correct({ reason: '' }))
      .thenFails('INCOME_FIELD_REQUIRED', 422);
  });
});

describe('income ledger: registering a technology contract (R8)', () => {
  const registration = (overrides: Partial<Command<'RecordTechnologyContractRegistration'>> = {}) =>
    ({
      type: 'RecordTechnologyContractRegistration',
      achievementId: 'a-1',
      contractReference: '2026-4401-0012',
      registrationNumber: '2026440100012345',
      registeredOn: '2026-05-20',
      evidence,
      actor: finance,
      now: NOW,
      register,
      ...overrides,
    }) as Command<'RecordTechnologyContractRegistration'>;

  it('records the registration once', () => {
    const recorded: IncomeEvent = {
      type: 'TechnologyContractRegistrationRecorded',
      achievementId: 'a-1',
      contractReference: '2026-4401-0012',
      registrationNumber: '2026440100012345',
      registeredOn: '2026-05-20',
      evidence,
      recordedBy: 'zhao',
      recordedAt: NOW,
      ruleKeys: ['R8'],
    };
    spec.given([]).when(registration()).then([recorded]);
    spec.given([recorded]).when(registration()).thenFails('R8_CONTRACT_ALREADY_REGISTERED', 409);
    expect(fold([recorded]).registrations).toEqual({
      '2026-4401-0012': { registrationNumber: '2026440100012345', registeredOn: '2026-05-20' },
    });
  });

  it('refuses a registration without its number, dated in the future, or without evidence', () => {
    spec
      .given([])
      .when(registration({ registrationNumber: ' ' }))
      .thenFails('INCOME_FIELD_REQUIRED', 422);
    spec
      .given([])
      .when(registration({ registeredOn: '2026-12-01' }))
      .thenFails('INCOME_DATE_IN_FUTURE', 422);
    spec
      .given([])
      .when(registration({ evidence: { summary: '', documentSha256: [] } }))
      .thenFails('INCOME_EVIDENCE_REQUIRED', 422);
  });
});

describe('income by year', () => {
  it('nets cash against costs per calendar year of the date, keeps equity apart, and follows corrections', () => {
    const state = fold([
      received(),
      received({ receiptId: 'r-2', invoiceNumber: 'INV-002', amountFen: 5_000_000, receivedOn: '2025-12-31' }),
      received({ receiptId: 'r-3', invoiceNumber: null, source: 'equity_investment', form: 'equity', amountFen: 80_000_000 }),
      {
        type: 'DeductibleCostRecorded',
        achievementId: 'a-1',
        costId: 'x-1',
        category: 'appraisal',
        amountFen: 2_000_000,
        incurredOn: '2026-03-15',
        description: '资产评估费',
        evidence,
        recordedBy: 'zhao',
        recordedAt: NOW,
        ruleKeys: ['R8', 'R14'],
      },
      {
        type: 'LedgerEntryCorrected',
        achievementId: 'a-1',
        correctionId: 'k-c1',
        entryId: 'r-2',
        entryKind: 'receipt',
        previous: { amountFen: 5_000_000, on: '2025-12-31' },
        corrected: { amountFen: 5_000_000, on: '2026-01-02' },
        reason: '到账日期以银行回单为准',
        evidence,
        correctedBy: 'zhao',
        correctedAt: NOW,
        ruleKeys: ['R8', 'R14'],
      },
    ]);
    expect(incomeByYear(state)).toEqual([
      {
        year: 2026,
        cashReceivedFen: 35_000_000,
        cashBySource: { transfer: 35_000_000 },
        equityReceivedFen: 80_000_000,
        deductibleCostsFen: 2_000_000,
        netIncomeFen: 33_000_000,
      },
    ]);
  });

  it('gives the same yearly totals whatever order the entries are recorded in (property)', () => {
    const entry = fc.record({
      cost: fc.boolean(),
      amountFen: fc.integer({ min: 1, max: 1_000_000_000 }),
      on: fc.date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2026-06-29T00:00:00Z'), noInvalidDate: true }),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 25 }), fc.infiniteStream(fc.nat()), (entries, seeds) => {
        const commands: IncomeCommand[] = entries.map((e, i) => {
          const on = e.on.toISOString().slice(0, 10);
          return e.cost
            ? cost({ costId: `x-${i}`, amountFen: e.amountFen, incurredOn: on })
            : receive({ receiptId: `r-${i}`, invoiceNumber: `INV-${i}`, amountFen: e.amountFen, receivedOn: on });
        });
        const record = (order: IncomeCommand[]): IncomeLedgerState =>
          order.reduce((state, command) => {
            const events = incomeLedgerDecider.decide(command, state);
            if (!Array.isArray(events)) throw new Error(`refused: ${events.code}`);
            return events.reduce(incomeLedgerDecider.evolve, state);
          }, incomeLedgerDecider.initialState);
        const shuffled = [...commands];
        const it = seeds[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = it.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(incomeByYear(record(shuffled))).toEqual(incomeByYear(record(commands)));
      }),
      { numRuns: 200 },
    );
  });
});
