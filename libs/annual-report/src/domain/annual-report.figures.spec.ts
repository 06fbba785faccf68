import { canonicalJson } from '@chengguo/kernel';
import { annualReportFigures, ReportedEvent } from './annual-report.figures';

/** Shanghai wall-clock time of the seeded year, as an instant. */
const at = (date: string, time = '10:00:00') => new Date(`${date}T${time}+08:00`).toISOString();
const ev = (streamId: string, type: string, recordedAt: string, data: Record<string, unknown> = {}): ReportedEvent => ({
  streamId,
  type,
  data,
  recordedAt,
});

const caseOpened = (caseId: string, mode: Record<string, unknown>, pricingMethod: string, proposedPriceFen: number, when: string) =>
  ev(`transfer-case-${caseId}`, 'TransferCaseOpened', when, {
    caseId,
    achievement: { kind: 'registered', id: `a-${caseId}`, name: '成果' },
    achievementId: `a-${caseId}`,
    mode,
    pricingMethod,
    counterparty: { name: '某公司' },
    proposedPriceFen,
    classification: { stateSecret: false, nationalSecurity: false, keyCoreTechnology: false },
    classificationSource: 'register',
    openedBy: 'wang',
    openedAt: when,
  });

/** A seeded year (2025) with events on both sides of its edges; every expected figure is counted by hand below. */
const history: ReportedEvent[] = [
  // 2024: outside, but case c-0 opened then is executed in 2025 and counts then.
  ev('disclosure-d0', 'DisclosureSubmitted', at('2024-12-31', '23:59:59')),
  caseOpened('c0', { kind: 'transfer' }, 'auction', 9_000_000, at('2024-11-01')),
  // 2025 (Shanghai): the first second of the year counts.
  ev('disclosure-d1', 'DisclosureSubmitted', at('2025-01-01', '00:00:00')),
  ev('disclosure-d2', 'DisclosureSubmitted', at('2025-02-01')),
  ev('disclosure-d3', 'DisclosureSubmitted', at('2025-03-01')),
  ev('disclosure-d1', 'EvaluationRecorded', at('2025-02-10')),
  ev('disclosure-d2', 'EvaluationRecorded', at('2025-03-10')),
  ev('disclosure-d1', 'DisclosureDecided', at('2025-02-20'), { decision: 'file' }),
  ev('disclosure-d2', 'DisclosureDecided', at('2025-03-20'), { decision: 'do_not_file' }),
  ev('abandonment-contract-d2', 'AbandonmentContractOpened', at('2025-03-20')),
  ev('abandonment-contract-d2', 'SignOffRoundClosed', at('2025-04-20'), { signOffId: 'contract-signature', round: 1, outcome: 'signed' }),
  ev('abandonment-contract-d2', 'SignOffRoundClosed', at('2025-05-20'), { signOffId: 'obligations-end', round: 1, outcome: 'signed' }),
  ev('transfer-case-c0', 'TransferExecuted', at('2025-01-15'), { caseId: 'c0' }),
  caseOpened('c1', { kind: 'license', exclusivity: 'exclusive' }, 'agreement', 5_000_000, at('2025-04-01')),
  ev('transfer-case-c1', 'TransferPriceRevised', at('2025-04-02'), {
    previousPriceFen: 5_000_000,
    proposedPriceFen: 6_000_000,
    reason: 'x',
  }),
  ev('transfer-case-c1', 'TechnologyContractRegistered', at('2025-06-01'), { registrationNumber: 'R1', registeredOn: '2025-06-01' }),
  ev('transfer-case-c1', 'TransferExecuted', at('2025-06-02'), { caseId: 'c1' }),
  caseOpened('c2', { kind: 'transfer' }, 'auction', 1_000_000, at('2025-07-01')),
  ev('transfer-case-c2', 'TransferExecuted', at('2025-07-02'), { caseId: 'c2' }),
  ev('income-a1', 'IncomeReceived', at('2025-06-05'), { form: 'cash', amountFen: 3_000_000 }),
  ev('income-a1', 'IncomeReceived', at('2025-07-05'), { form: 'equity', amountFen: 8_000_000 }),
  ev('income-a1', 'DeductibleCostRecorded', at('2025-07-06'), { amountFen: 200_000 }),
  ev('income-a1', 'LedgerEntryCorrected', at('2025-07-07'), { previous: { amountFen: 3_000_000 }, corrected: { amountFen: 2_900_000 } }),
  ev('income-a1', 'TechnologyContractRegistrationRecorded', at('2025-07-08'), { contractReference: 'T-1' }),
  ev('reward-distribution-a1-2024', 'RewardPaid', at('2025-08-01'), {
    userId: 'li',
    cashFen: 600_000,
    equityFen: 0,
    principalLeader: true,
  }),
  ev('reward-distribution-a1-2024', 'RewardPaid', at('2025-08-01'), {
    userId: 'han',
    cashFen: 400_000,
    equityFen: 100_000,
    principalLeader: false,
  }),
  ev('reward-distribution-a2-2024', 'RewardPaid', at('2025-09-01'), { userId: 'li', cashFen: 50_000, equityFen: 0, principalLeader: true }),
  ev('exemption-claim-e1', 'ExemptionClaimFiled', at('2025-09-10')),
  ev('exemption-claim-e2', 'ExemptionClaimFiled', at('2025-09-11')),
  ev('exemption-claim-e1', 'ExemptionGranted', at('2025-10-10')),
  ev('exemption-claim-e2', 'ExemptionDenied', at('2025-10-11')),
  ev('achievement-d1', 'PatentApplicationRecorded', at('2025-03-01')),
  ev('achievement-d9', 'PatentGrantRecorded', at('2025-12-31', '23:59:59')),
  // 2026: outside, and recorded later than the report could be computed.
  ev('disclosure-d4', 'DisclosureSubmitted', at('2026-01-01', '00:00:00')),
  ev('transfer-case-c1', 'TechnologyContractRegistered', at('2026-01-02')),
];

describe('annual report figures (R14)', () => {
  it('counts what was recorded in the year (Asia/Shanghai), each figure as counted by hand', () => {
    expect(annualReportFigures(2025, history)).toEqual({
      year: 2025,
      period: { from: '2024-12-31T16:00:00.000Z', until: '2025-12-31T16:00:00.000Z' },
      disclosures: { submitted: 3, evaluated: 2, decisions: { file: 1, do_not_file: 1, trade_secret: 0 } },
      abandonmentContracts: { opened: 1, executed: 1 },
      transformations: {
        byRouteAndPricing: [
          { route: 'license', pricingMethod: 'agreement', count: 1, amountFen: 6_000_000 },
          { route: 'transfer', pricingMethod: 'auction', count: 2, amountFen: 10_000_000 },
        ],
        total: { count: 3, amountFen: 16_000_000 },
      },
      registeredContracts: { transferCases: 1, technologyContracts: 1 },
      income: {
        receipts: 2,
        cashReceivedFen: 3_000_000,
        equityReceivedFen: 8_000_000,
        deductibleCostsFen: 200_000,
        correctionsDeltaFen: -100_000,
        // Never co-owned: all of it is the unit's own.
        unitOwn: { cashReceivedFen: 3_000_000, equityReceivedFen: 8_000_000, correctionsDeltaFen: -100_000 },
      },
      rewards: {
        paymentsRecorded: 3,
        cashPaidFen: 1_050_000,
        equityPaidFen: 100_000,
        people: 2,
        toPrincipalLeaders: { people: 1, cashPaidFen: 650_000 },
      },
      exemptionClaims: { filed: 2, granted: 1, denied: 1 },
      patents: { applicationsRecorded: 1, grantsRecorded: 1 },
    });
  });

  it('R11 (ADR 24): of a co-owned achievement’s income, counts the unit’s own part by the agreement’s split', () => {
    const coOwned = (achievementId: string, revenueSplit: unknown) =>
      ev(`achievement-${achievementId}`, 'AchievementOwnershipGranted', at('2024-06-01'), {
        achievementId,
        agreementId: `ownership-agreement-${achievementId}`,
        grant: { kind: 'co_owned', unitShareBasisPoints: 3_000, coOwners: [{ userId: 'li', shareBasisPoints: 7_000 }], revenueSplit },
      });
    const income = (achievementId: string, form: string, amountFen: number) =>
      ev(`income-${achievementId}`, 'IncomeReceived', at('2025-06-05'), { achievementId, form, amountFen });
    const figures = annualReportFigures(2025, [
      coOwned('a2', { unitShareBasisPoints: 4_000, coOwners: [{ userId: 'li', shareBasisPoints: 6_000 }] }),
      coOwned('a3', null),
      income('a1', 'cash', 1_000_000),
      income('a2', 'cash', 1_000_000),
      income('a2', 'equity', 500_000),
      income('a3', 'cash', 1_000_000),
      ev('income-a2', 'LedgerEntryCorrected', at('2025-07-07'), {
        achievementId: 'a2',
        entryKind: 'receipt',
        previous: { amountFen: 1_000_000 },
        corrected: { amountFen: 900_000 },
      }),
    ]);
    expect(figures.income).toEqual({
      receipts: 4,
      cashReceivedFen: 3_000_000,
      equityReceivedFen: 500_000,
      deductibleCostsFen: 0,
      correctionsDeltaFen: -100_000,
      // a1 all, a2 its signed 40 %, a3 (no signed number) its 30 % share of the right.
      unitOwn: { cashReceivedFen: 1_000_000 + 400_000 + 300_000, equityReceivedFen: 200_000, correctionsDeltaFen: -40_000 },
    });
  });

  it('is the same, byte for byte, whatever is recorded after the year', () => {
    const later = [
      ...history,
      ev('disclosure-d5', 'DisclosureSubmitted', at('2027-05-01')),
      ev('transfer-case-c2', 'TechnologyContractRegistered', at('2027-05-02')),
    ];
    expect(canonicalJson(annualReportFigures(2025, later))).toBe(canonicalJson(annualReportFigures(2025, history)));
  });
});
