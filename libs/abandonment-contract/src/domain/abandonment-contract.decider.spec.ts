import { deciderSpec } from '../../../../test/support/decider-spec';
import { termsHash } from '@chengguo/kernel';
import { decideSignOff } from '@chengguo/sign-off/domain';
import { ContractCommand, abandonmentContractDecider } from './abandonment-contract.decider';
import { AbandonmentContractEvent, ContractTerms } from './abandonment-contract.events';

const spec = deciderSpec(abandonmentContractDecider);
const DAY = 24 * 60 * 60 * 1000;
const T0 = '2026-04-01T00:00:00.000Z';
const li = { userId: 'li', role: 'inventor' };
const tto = { userId: 'wang', role: 'tto_officer' };

const terms: ContractTerms = {
  rightTransferred: 'patent_application_right',
  inventors: [
    { userId: 'li', name: '李雷' },
    { userId: 'han', name: '韩梅梅' },
  ],
  unitName: '某某大学',
  feeBearer: 'inventors',
  unitShareBasisPoints: 3_000,
  deductibleCostKinds: ['application', 'examination', 'annual_maintenance'],
  termYears: 20,
  ruleKeys: ['R3', 'R4'],
};

const open: ContractCommand = {
  type: 'OpenAbandonmentContract',
  disclosureId: 'd-1',
  title: '一种催化剂',
  decisionEventId: 'decision-1',
  evaluationEventId: 'evaluation-1',
  decidedBy: 'sun',
  inventors: terms.inventors,
  unitName: '某某大学',
  policy: { version: 2, abandonmentUnitShareBasisPoints: 3_000, contractSigningDays: 30 },
  now: T0,
};

const opened: AbandonmentContractEvent = {
  type: 'AbandonmentContractOpened',
  contractId: 'd-1',
  disclosureId: 'd-1',
  title: '一种催化剂',
  decisionEventId: 'decision-1',
  evaluationEventId: 'evaluation-1',
  decidedBy: 'sun',
  terms,
  openedAt: T0,
  policyVersion: 2,
};

const round = (n: number, t = terms, at = T0): AbandonmentContractEvent => ({
  type: 'SignOffRoundOpened',
  signOffId: 'contract-signature',
  round: n,
  subject: '专利申请权转让合同 / Patent abandonment contract: 一种催化剂',
  termsHash: termsHash({ contractId: 'd-1', terms: t }),
  mode: { kind: 'parallel' },
  parties: [
    { partyId: 'inventor:li', role: 'inventor', userId: 'li' },
    { partyId: 'inventor:han', role: 'inventor', userId: 'han' },
    { partyId: 'tto', role: 'tto_officer' },
    { partyId: 'legal', role: 'legal' },
    { partyId: 'unit-leader', role: 'unit_leader' },
  ],
  deadline: new Date(Date.parse(at) + 30 * DAY).toISOString(),
  reminderOffsetsMs: [7 * DAY, DAY],
  escalationRole: 'unit_leader',
  openedAt: at,
  ruleKeys: ['R3'],
  conflictedUserIds: ['han', 'li'],
  achievementId: 'd-1',
});
const executed: AbandonmentContractEvent[] = [
  opened,
  round(1),
  { type: 'SignOffRoundClosed', signOffId: 'contract-signature', round: 1, outcome: 'signed', closedAt: T0, closedBy: null },
];
const filed: AbandonmentContractEvent = {
  type: 'PatentApplicationFiled',
  contractId: 'd-1',
  applicationNumber: 'CN202610000001.X',
  filedOn: '2026-05-01',
  recordedBy: 'li',
};
const fee = (amountFen: number, kind: 'application' | 'agency' = 'application'): AbandonmentContractEvent => ({
  type: 'PatentFeePaid',
  contractId: 'd-1',
  kind,
  amountFen,
  paidOn: '2026-05-01',
  evidenceSha256: 'e'.repeat(64),
  deductible: kind !== 'agency',
  recordedBy: 'li',
});
const report = (periodStart: string, periodEnd: string, revenueFen: number): ContractCommand => ({
  type: 'ReportRevenue',
  periodStart,
  periodEnd,
  revenueFen,
  actor: li,
  now: T0,
});

describe('abandonment contract decider (R3, R4)', () => {
  describe('opening from the "do not file" decision', () => {
    it('opens with the policy share, citing decision and evaluation, and asks every party to sign', () =>
      spec
        .given([])
        .when(open)
        .then([opened, round(1)]));
    it('opens nothing for a replayed decision', () =>
      spec
        .given([opened, round(1)])
        .when(open)
        .then([]));
    it('names the inventors conflicted in the signature round (R4, R13), the register’s as well as the terms’', () => {
      const register = {
        inventors: [
          ...terms.inventors.map((i) => ({ ...i, shareBasisPoints: 3_000 })),
          { userId: 'zhang', name: '张', shareBasisPoints: 4_000 },
        ],
      };
      const events = abandonmentContractDecider.decide({ ...open, register } as ContractCommand, abandonmentContractDecider.initialState);
      expect(events).toEqual([opened, { ...round(1), conflictedUserIds: ['han', 'li', 'zhang'] }]);
    });
    it('so an inventor who leads the unit signs as inventor, but not for the unit (R4, R13)', () => {
      const state = [opened, round(1)].reduce(abandonmentContractDecider.evolve, abandonmentContractDecider.initialState);
      const sign = (actor: { userId: string; role: string }, partyId: string) =>
        decideSignOff(
          { type: 'Sign', signOffId: 'contract-signature', termsHash: termsHash({ contractId: 'd-1', terms }), partyId, actor, now: T0 },
          state.signOffs,
        );
      expect(sign({ userId: 'li', role: 'unit_leader' }, 'unit-leader')).toMatchObject({
        code: 'R4_CONFLICT_OF_INTEREST',
        extensions: { conflictedUserId: 'li', partyId: 'unit-leader' },
      });
      expect(sign({ userId: 'li', role: 'inventor' }, 'inventor:li')).toEqual([
        expect.objectContaining({ type: 'SignOffSigned', userId: 'li' }),
      ]);
      expect(sign({ userId: 'sun', role: 'unit_leader' }, 'unit-leader')).toEqual([
        expect.objectContaining({ type: 'SignOffSigned', userId: 'sun' }),
      ]);
    });
    it('refuses a second decision for the same disclosure', () =>
      spec
        .given([opened])
        .when({ ...open, decisionEventId: 'decision-2' } as ContractCommand)
        .thenFails('CONTRACT_ALREADY_OPEN', 409));
  });

  describe('negotiating the terms', () => {
    const amend = (changes: Record<string, unknown>): ContractCommand =>
      ({ type: 'AmendContractTerms', changes, signingDays: 30, actor: tto, now: T0 }) as ContractCommand;
    it('amending voids earlier signatures and starts a new round over the new terms', () =>
      spec
        .given([opened, round(1)])
        .when(amend({ unitShareBasisPoints: 2_000 }))
        .then([
          {
            type: 'ContractTermsAmended',
            contractId: 'd-1',
            terms: { ...terms, unitShareBasisPoints: 2_000 },
            amendedBy: 'wang',
            amendedAt: T0,
          },
          { type: 'SignOffRoundClosed', signOffId: 'contract-signature', round: 1, outcome: 'voided', closedAt: T0, closedBy: 'wang' },
          round(2, { ...terms, unitShareBasisPoints: 2_000 }),
        ]));
    it('keeps the inventors as fee bearers whatever is asked (R3)', () =>
      spec
        .given([opened, round(1)])
        .when(amend({ feeBearer: 'unit', termYears: 10 }))
        .then([
          { type: 'ContractTermsAmended', contractId: 'd-1', terms: { ...terms, termYears: 10 }, amendedBy: 'wang', amendedAt: T0 },
          { type: 'SignOffRoundClosed', signOffId: 'contract-signature', round: 1, outcome: 'voided', closedAt: T0, closedBy: 'wang' },
          round(2, { ...terms, termYears: 10 }),
        ]));
    it('refuses a share outside 0–100%, a silly term, another role, and changes after execution', () => {
      spec
        .given([opened, round(1)])
        .when(amend({ unitShareBasisPoints: 10_001 }))
        .thenFails('R3_UNIT_SHARE_OUT_OF_RANGE', 422);
      spec
        .given([opened, round(1)])
        .when(amend({ termYears: 0 }))
        .thenFails('R3_TERM_OUT_OF_RANGE', 422);
      spec
        .given([opened, round(1)])
        .when({ ...amend({}), actor: li } as ContractCommand)
        .thenFails('ROLE_NOT_ALLOWED', 403);
      spec
        .given(executed)
        .when(amend({ unitShareBasisPoints: 1 }))
        .thenFails('CONTRACT_ALREADY_EXECUTED', 409);
    });
  });

  describe('after execution', () => {
    it('records filing, grant and fees; nothing before execution', () => {
      const file: ContractCommand = {
        type: 'RecordPatentApplication',
        applicationNumber: 'CN202610000001.X',
        filedOn: '2026-05-01',
        actor: li,
      };
      spec
        .given([opened, round(1)])
        .when(file)
        .thenFails('R3_CONTRACT_NOT_EXECUTED', 409);
      spec.given(executed).when(file).then([filed]);
      spec
        .given([...executed, filed])
        .when(file)
        .thenFails('CONTRACT_APPLICATION_ALREADY_FILED', 409);
      spec
        .given([...executed, filed])
        .when({ type: 'RecordPatentGrant', patentNumber: 'ZL202610000001.X', grantedOn: '2027-05-01', actor: li })
        .then([{ type: 'PatentGranted', contractId: 'd-1', patentNumber: 'ZL202610000001.X', grantedOn: '2027-05-01', recordedBy: 'li' }]);
      spec
        .given(executed)
        .when({ type: 'RecordPatentGrant', patentNumber: 'x', grantedOn: '2027-05-01', actor: li })
        .thenFails('CONTRACT_APPLICATION_NOT_FILED');
    });

    it('takes records only from the contract’s inventors', () =>
      spec
        .given(executed)
        .when({
          type: 'RecordPatentApplication',
          applicationNumber: 'x',
          filedOn: '2026-05-01',
          actor: { userId: 'zhao', role: 'inventor' },
        })
        .thenFails('R3_NOT_A_CONTRACT_INVENTOR', 403));

    it('marks fees deductible by the contract’s cost kinds and refuses non-whole amounts', () => {
      spec
        .given(executed)
        .when({
          type: 'RecordFeePaid',
          kind: 'agency',
          amountFen: 5_000,
          paidOn: '2026-05-01',
          evidenceSha256: 'e'.repeat(64),
          actor: li,
          now: T0,
        })
        .then([fee(5_000, 'agency')]);
      spec
        .given(executed)
        .when({
          type: 'RecordFeePaid',
          kind: 'application',
          amountFen: 10.5,
          paidOn: '2026-05-01',
          evidenceSha256: 'e'.repeat(64),
          actor: li,
          now: T0,
        })
        .thenFails('MONEY_NOT_WHOLE_FEN', 422);
    });

    it('computes the unit share net of deductible costs, carrying unused costs forward', () => {
      // 950 yuan application fee (deductible) and an agency fee (not deductible under these terms).
      const given = [...executed, fee(95_000), fee(50_000, 'agency')];
      spec
        .given(given)
        .when(report('2027-01-01', '2027-03-31', 60_000))
        .then([
          {
            type: 'RevenueReported',
            contractId: 'd-1',
            periodStart: '2027-01-01',
            periodEnd: '2027-03-31',
            revenueFen: 60_000,
            deductedFen: 60_000,
            netRevenueFen: 0,
            shareBasisPoints: 3_000,
            unitShareFen: 0,
            costsCarriedForwardFen: 35_000,
            reportedBy: 'li',
            reportedAt: T0,
            ruleKey: 'R3',
          },
        ]);
      const first: AbandonmentContractEvent = {
        type: 'RevenueReported',
        contractId: 'd-1',
        periodStart: '2027-01-01',
        periodEnd: '2027-03-31',
        revenueFen: 60_000,
        deductedFen: 60_000,
        netRevenueFen: 0,
        shareBasisPoints: 3_000,
        unitShareFen: 0,
        costsCarriedForwardFen: 35_000,
        reportedBy: 'li',
        reportedAt: T0,
        ruleKey: 'R3',
      };
      spec
        .given([...given, first])
        .when(report('2027-04-01', '2027-06-30', 100_001))
        .then([
          {
            type: 'RevenueReported',
            contractId: 'd-1',
            periodStart: '2027-04-01',
            periodEnd: '2027-06-30',
            revenueFen: 100_001,
            deductedFen: 35_000,
            netRevenueFen: 65_001,
            shareBasisPoints: 3_000,
            unitShareFen: 19_500,
            costsCarriedForwardFen: 0,
            reportedBy: 'li',
            reportedAt: T0,
            ruleKey: 'R3',
          },
        ]);
    });

    it('refuses overlapping periods and periods ending before they start', () => {
      const first: AbandonmentContractEvent = {
        type: 'RevenueReported',
        contractId: 'd-1',
        periodStart: '2027-01-01',
        periodEnd: '2027-03-31',
        revenueFen: 0,
        deductedFen: 0,
        netRevenueFen: 0,
        shareBasisPoints: 3_000,
        unitShareFen: 0,
        costsCarriedForwardFen: 0,
        reportedBy: 'li',
        reportedAt: T0,
        ruleKey: 'R3',
      };
      spec
        .given([...executed, first])
        .when(report('2027-03-31', '2027-06-30', 1))
        .thenFails('R3_REVENUE_PERIOD_OVERLAPS', 409);
      spec
        .given(executed)
        .when(report('2027-06-30', '2027-01-01', 1))
        .thenFails('R3_REVENUE_PERIOD_INVALID', 422);
    });
  });

  describe('ending the obligations: evidence and the TTO’s confirmation (R3)', () => {
    const NOW = '2027-03-01T00:00:00.000Z';
    const evidence = { summary: '国家知识产权局驳回决定书', documentSha256: ['d'.repeat(64)] };
    const request = (changes: Record<string, unknown> = {}): ContractCommand =>
      ({
        type: 'RequestObligationsEnd',
        cause: 'application_rejected',
        endsOn: '2027-01-10',
        evidence,
        actor: li,
        now: NOW,
        ...changes,
      }) as ContractCommand;
    const requested: AbandonmentContractEvent = {
      type: 'ObligationsEndRequested',
      contractId: 'd-1',
      cause: 'application_rejected',
      endsOn: '2027-01-10',
      evidence,
      requestedBy: 'li',
      requestedAt: NOW,
      ruleKey: 'R3',
    };
    const confirmation = (n: number, endsOn = '2027-01-10'): AbandonmentContractEvent => ({
      type: 'SignOffRoundOpened',
      signOffId: 'obligations-end-confirmation',
      round: n,
      subject: "合同义务终止确认 / Confirm the end of the contract's obligations: 一种催化剂",
      termsHash: termsHash({ contractId: 'd-1', cause: 'application_rejected', endsOn, evidence }),
      mode: { kind: 'parallel' },
      parties: [{ partyId: 'tto', role: 'tto_officer' }],
      deadline: new Date(Date.parse(NOW) + 30 * DAY).toISOString(),
      reminderOffsetsMs: [7 * DAY, DAY],
      escalationRole: 'unit_leader',
      openedAt: NOW,
      ruleKeys: ['R3'],
      conflictedUserIds: ['han', 'li'],
      achievementId: 'd-1',
    });
    const closed = (outcome: 'signed' | 'rejected' | 'voided', n = 1, closedBy: string | null = null): AbandonmentContractEvent => ({
      type: 'SignOffRoundClosed',
      signOffId: 'obligations-end-confirmation',
      round: n,
      outcome,
      closedAt: NOW,
      closedBy,
    });
    const revenue = (periodStart: string, periodEnd: string): AbandonmentContractEvent => ({
      type: 'RevenueReported',
      contractId: 'd-1',
      periodStart,
      periodEnd,
      revenueFen: 1_000,
      deductedFen: 0,
      netRevenueFen: 1_000,
      shareBasisPoints: 3_000,
      unitShareFen: 300,
      costsCarriedForwardFen: 0,
      reportedBy: 'li',
      reportedAt: T0,
      ruleKey: 'R3',
    });
    const pending = [...executed, filed, requested, confirmation(1)];
    const ended = [...pending, closed('signed')];

    it('an inventor’s request with evidence opens the TTO’s confirmation round; nothing ends yet', () => {
      spec
        .given([...executed, filed])
        .when(request())
        .then([requested, confirmation(1)]);
      spec
        .given(pending)
        .when(report('2027-02-01', '2027-02-28', 1_000))
        .then([revenue('2027-02-01', '2027-02-28')]);
    });

    it('once the TTO signs, the obligations end; revenue and fees up to the end date are still owed', () => {
      spec
        .given(ended)
        .when(report('2027-01-01', '2027-01-10', 1_000))
        .then([revenue('2027-01-01', '2027-01-10')]);
      spec
        .given(ended)
        .when(report('2027-01-01', '2027-01-11', 1_000))
        .thenFails('R3_OBLIGATIONS_ENDED', 409, { endedOn: '2027-01-10' });
      spec
        .given(ended)
        .when({
          type: 'RecordFeePaid',
          kind: 'application',
          amountFen: 1,
          paidOn: '2027-02-01',
          evidenceSha256: 'e'.repeat(64),
          actor: li,
          now: NOW,
        })
        .thenFails('R3_OBLIGATIONS_ENDED', 409);
      spec.given(ended).when(request()).thenFails('R3_OBLIGATIONS_ENDED', 409);
    });

    it('a rejected confirmation lets the request lapse; a new one opens the next round', () =>
      spec
        .given([...pending, closed('rejected', 1, 'wang')])
        .when(request())
        .then([requested, confirmation(2)]));

    it('a changed request replaces the pending one; the same request again changes nothing', () => {
      spec
        .given(pending)
        .when(request({ endsOn: '2027-01-12' }))
        .then([
          closed('voided', 1, 'li'),
          { ...requested, endsOn: '2027-01-12' } as AbandonmentContractEvent,
          confirmation(2, '2027-01-12'),
        ]);
      spec.given(pending).when(request()).then([]);
    });

    it('refuses a request without evidence, with an impossible end date, from someone else, or for a right not held', () => {
      const given = [...executed, filed];
      spec
        .given(given)
        .when(request({ evidence: { summary: '驳回', documentSha256: [] } }))
        .thenFails('R3_END_OF_OBLIGATIONS_EVIDENCE_REQUIRED', 422);
      spec
        .given(given)
        .when(request({ evidence: { summary: ' ', documentSha256: ['d'.repeat(64)] } }))
        .thenFails('R3_END_OF_OBLIGATIONS_EVIDENCE_REQUIRED', 422);
      spec
        .given(given)
        .when(request({ endsOn: '2027-03-02' }))
        .thenFails('R3_END_OF_OBLIGATIONS_DATE_INVALID', 422);
      spec
        .given(given)
        .when(request({ endsOn: '2026-04-30' }))
        .thenFails('R3_END_OF_OBLIGATIONS_DATE_INVALID', 422);
      spec
        .given(given)
        .when(request({ actor: { userId: 'zhao', role: 'inventor' } }))
        .thenFails('R3_NOT_A_CONTRACT_INVENTOR', 403);
      spec
        .given(given)
        .when(request({ cause: 'patent_lapsed' }))
        .thenFails('CONTRACT_NOT_GRANTED', 409);
    });

    it('an end recorded before confirmation was required still ends the obligations as of its date', () => {
      const legacy: AbandonmentContractEvent = {
        type: 'PatentObligationsEnded',
        contractId: 'd-1',
        cause: 'application_rejected',
        on: '2027-01-10',
        reason: 'lacks inventiveness',
        recordedBy: 'li',
      };
      spec
        .given([...executed, filed, legacy])
        .when(report('2027-01-01', '2027-01-10', 1_000))
        .then([revenue('2027-01-01', '2027-01-10')]);
      spec
        .given([...executed, filed, legacy])
        .when(report('2027-01-11', '2027-03-31', 1))
        .thenFails('R3_OBLIGATIONS_ENDED', 409, { endedOn: '2027-01-10' });
    });
  });

  describe('fees count by the period they were paid in (R3)', () => {
    const paid = (amountFen: number, paidOn: string, kind: 'application' | 'agency' = 'application'): AbandonmentContractEvent => ({
      ...(fee(amountFen, kind) as Extract<AbandonmentContractEvent, { type: 'PatentFeePaid' }>),
      paidOn,
    });
    const recordFee = (amountFen: number, paidOn: string, kind: 'application' | 'agency' = 'application'): ContractCommand => ({
      type: 'RecordFeePaid',
      kind,
      amountFen,
      paidOn,
      evidenceSha256: 'e'.repeat(64),
      actor: li,
      now: T0,
    });
    const figures = (deductedFen: number, netRevenueFen: number, unitShareFen: number, costsCarriedForwardFen: number) => ({
      deductedFen,
      netRevenueFen,
      unitShareFen,
      costsCarriedForwardFen,
    });
    const reported = (
      periodStart: string,
      periodEnd: string,
      revenueFen: number,
      f: ReturnType<typeof figures>,
    ): AbandonmentContractEvent => ({
      type: 'RevenueReported',
      contractId: 'd-1',
      periodStart,
      periodEnd,
      revenueFen,
      ...f,
      shareBasisPoints: 3_000,
      reportedBy: 'li',
      reportedAt: T0,
      ruleKey: 'R3',
    });
    const q1 = reported('2027-01-01', '2027-03-31', 100_000, figures(0, 100_000, 30_000, 0));

    it('a fee paid inside a reported period, recorded after the report, appends a correction of that report', () =>
      spec
        .given([...executed, q1])
        .when(recordFee(20_000, '2027-02-01'))
        .then([
          paid(20_000, '2027-02-01'),
          {
            type: 'RevenueShareCorrected',
            contractId: 'd-1',
            periodStart: '2027-01-01',
            periodEnd: '2027-03-31',
            previous: figures(0, 100_000, 30_000, 0),
            corrected: figures(20_000, 80_000, 24_000, 0),
            unitShareChangeFen: -6_000,
            cause: { kind: 'fee_recorded', costKind: 'application', paidOn: '2027-02-01', amountFen: 20_000 },
            correctedBy: 'li',
            correctedAt: T0,
            ruleKey: 'R3',
          },
        ]));

    it('the same fee recorded before the report gives the report the corrected figures directly', () =>
      spec
        .given([...executed, paid(20_000, '2027-02-01')])
        .when(report('2027-01-01', '2027-03-31', 100_000))
        .then([reported('2027-01-01', '2027-03-31', 100_000, figures(20_000, 80_000, 24_000, 0))]));

    it('a fee paid after a period ends does not reduce that period; it waits for the next one', () => {
      spec
        .given([...executed, q1])
        .when(recordFee(20_000, '2027-04-15'))
        .then([paid(20_000, '2027-04-15')]);
      spec
        .given([...executed, paid(20_000, '2027-04-15')])
        .when(report('2027-01-01', '2027-03-31', 100_000))
        .then([q1]);
      spec
        .given([...executed, paid(20_000, '2027-04-15'), q1])
        .when(report('2027-04-01', '2027-06-30', 50_000))
        .then([reported('2027-04-01', '2027-06-30', 50_000, figures(20_000, 30_000, 9_000, 0))]);
    });

    it('a fee the terms do not deduct corrects nothing', () =>
      spec
        .given([...executed, q1])
        .when(recordFee(20_000, '2027-02-01', 'agency'))
        .then([paid(20_000, '2027-02-01', 'agency')]));

    it('a report for an earlier period takes the fee it paid for and corrects the later report', () =>
      spec
        .given([...executed, paid(50_000, '2027-01-15'), reported('2027-04-01', '2027-06-30', 100_000, figures(50_000, 50_000, 15_000, 0))])
        .when(report('2027-01-01', '2027-03-31', 30_000))
        .then([
          reported('2027-01-01', '2027-03-31', 30_000, figures(30_000, 0, 0, 20_000)),
          {
            type: 'RevenueShareCorrected',
            contractId: 'd-1',
            periodStart: '2027-04-01',
            periodEnd: '2027-06-30',
            previous: figures(50_000, 50_000, 15_000, 0),
            corrected: figures(20_000, 80_000, 24_000, 0),
            unitShareChangeFen: 9_000,
            cause: { kind: 'earlier_period_reported', periodStart: '2027-01-01', periodEnd: '2027-03-31' },
            correctedBy: 'li',
            correctedAt: T0,
            ruleKey: 'R3',
          },
        ]));

    it('refuses a period overlapping any reported one, naming it', () =>
      spec
        .given([...executed, q1, reported('2027-07-01', '2027-09-30', 0, figures(0, 0, 0, 0))])
        .when(report('2027-06-01', '2027-07-01', 1))
        .thenFails('R3_REVENUE_PERIOD_OVERLAPS', 409, { reportedPeriod: { periodStart: '2027-07-01', periodEnd: '2027-09-30' } }));
  });
});
