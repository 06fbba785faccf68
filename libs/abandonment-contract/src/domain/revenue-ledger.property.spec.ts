import fc from 'fast-check';
import { isRuleViolation } from '@chengguo/kernel';
import { abandonmentContractDecider, ContractCommand, ContractState } from './abandonment-contract.decider';
import { AbandonmentContractEvent, ContractTerms, CostKind } from './abandonment-contract.events';
import { revenueSchedule } from './revenue-share';

/**
 * R3, fees count by the period they were paid in: whatever order the same fees and revenue reports
 * are recorded in, every report ends up owing what the payment dates say, and the ledger's entries
 * (reports plus corrections) add up to the same totals.
 */
const T0 = '2026-04-01T00:00:00.000Z';
const li = { userId: 'li', role: 'inventor' };
const terms: ContractTerms = {
  rightTransferred: 'patent_application_right',
  inventors: [{ userId: 'li', name: '李雷' }],
  unitName: '某某大学',
  feeBearer: 'inventors',
  unitShareBasisPoints: 3_333,
  deductibleCostKinds: ['application', 'examination', 'annual_maintenance'],
  termYears: 20,
  ruleKeys: ['R3', 'R4'],
};
const executed: AbandonmentContractEvent[] = [
  {
    type: 'AbandonmentContractOpened',
    contractId: 'd-1',
    disclosureId: 'd-1',
    title: '一种催化剂',
    decisionEventId: 'decision-1',
    evaluationEventId: 'evaluation-1',
    decidedBy: 'sun',
    terms,
    openedAt: T0,
    policyVersion: 1,
  },
  { type: 'SignOffRoundClosed', signOffId: 'contract-signature', round: 1, outcome: 'signed', closedAt: T0, closedBy: null },
];

/** Month m (0 = January 2027) as a report period. */
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const day = (offset: number) => isoDate(Date.UTC(2027, 0, 1 + offset));
const month = (m: number) => ({ periodStart: isoDate(Date.UTC(2027, m, 1)), periodEnd: isoDate(Date.UTC(2027, m + 1, 0)) });

const feeArb = fc.record({
  offset: fc.integer({ min: 0, max: 760 }),
  amountFen: fc.integer({ min: 1, max: 3_000_000 }),
  kind: fc.constantFrom<CostKind>('application', 'annual_maintenance', 'agency'),
});
const reportArb = fc.record({ month: fc.integer({ min: 0, max: 23 }), revenueFen: fc.integer({ min: 0, max: 20_000_000 }) });

const commandsArb = fc
  .record({
    fees: fc.array(feeArb, { maxLength: 6 }),
    reports: fc.uniqueArray(reportArb, { maxLength: 6, selector: (r) => r.month }),
  })
  .map(({ fees, reports }) => [
    ...fees.map((f): ContractCommand => ({
      type: 'RecordFeePaid',
      kind: f.kind,
      amountFen: f.amountFen,
      paidOn: day(f.offset),
      evidenceSha256: 'e'.repeat(64),
      actor: li,
      now: T0,
    })),
    ...reports.map((r): ContractCommand => ({ type: 'ReportRevenue', ...month(r.month), revenueFen: r.revenueFen, actor: li, now: T0 })),
  ]);

/** Two recording orders of the same commands. */
const ordersArb = commandsArb.chain((commands) =>
  fc.tuple(
    fc.shuffledSubarray(commands, { minLength: commands.length, maxLength: commands.length }),
    fc.shuffledSubarray(commands, { minLength: commands.length, maxLength: commands.length }),
  ),
);

function record(commands: ContractCommand[]): { state: ContractState; ledger: AbandonmentContractEvent[] } {
  let state = executed.reduce(abandonmentContractDecider.evolve, abandonmentContractDecider.initialState);
  const ledger: AbandonmentContractEvent[] = [];
  for (const command of commands) {
    const events = abandonmentContractDecider.decide(command, state);
    if (isRuleViolation(events)) throw new Error(`${command.type} refused: ${events.code}`);
    ledger.push(...events);
    state = events.reduce(abandonmentContractDecider.evolve, state);
  }
  return { state, ledger };
}

const totals = (state: ContractState) => ({
  revenueFen: state.revenueFen,
  deductibleCostsFen: state.deductibleCostsFen,
  deductedFen: state.deductedFen,
  unitShareFen: state.unitShareFen,
});

describe('revenue ledger: fees count by the period they were paid in (R3)', () => {
  it('any recording order of the same fees and reports owes the same, per report and in total', () =>
    fc.assert(
      fc.property(ordersArb, ([first, second]) => {
        const a = record(first);
        const b = record(second);
        // What the payment dates say each report owes, independent of any recording order.
        const expected = revenueSchedule(
          first.flatMap((c) =>
            c.type === 'RecordFeePaid'
              ? [{ paidOn: c.paidOn, amountFen: c.amountFen, deductible: terms.deductibleCostKinds.includes(c.kind) }]
              : [],
          ),
          first.flatMap((c) =>
            c.type === 'ReportRevenue'
              ? [
                  {
                    periodStart: c.periodStart,
                    periodEnd: c.periodEnd,
                    revenueFen: c.revenueFen,
                    shareBasisPoints: terms.unitShareBasisPoints,
                  },
                ]
              : [],
          ),
        );
        expect(a.state.reports).toEqual(expected);
        expect(b.state.reports).toEqual(expected);
        expect(totals(a.state)).toEqual(totals(b.state));
        expect(a.state.unitShareFen).toBe(expected.reduce((sum, r) => sum + r.unitShareFen, 0));
        // The ledger's own entries add up to the total owed: a report adds its share, a correction its change.
        for (const { state, ledger } of [a, b]) {
          const fromEntries = ledger.reduce(
            (sum, e) =>
              sum + (e.type === 'RevenueReported' ? e.unitShareFen : e.type === 'RevenueShareCorrected' ? e.unitShareChangeFen : 0),
            0,
          );
          expect(fromEntries).toBe(state.unitShareFen);
        }
      }),
      { numRuns: 300 },
    ));
});
