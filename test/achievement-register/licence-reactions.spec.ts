import { registerFactReactions } from '@chengguo/achievement-register';
import { achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import { loadStream, PostgresEventStore } from '@chengguo/eventstore';
import {
  LICENCE_SCHEMA_VERSIONS,
  LICENCE_TERMINATION_SIGN_OFF,
  LicenceEvent,
  LicenceTerms,
  licenceStreamId,
} from '@chengguo/licensing/domain';
import { ReactionHarness } from '../fixtures/reaction-harness';
import { createTestDatabase } from '../support/databases';

/**
 * The register's reaction to a licence's events, against a real PostgreSQL event store: the licence
 * enters the register when it takes effect, with its licensee and scope; its conversion to paid
 * (R15), an uncured default and the signed termination change its standing; a rejected termination
 * round changes nothing — and delivering every event a second time (a dispatcher restarted before its
 * checkpoint moved) appends nothing.
 */
describe('licence reactions on the register (R5, R12, R15)', () => {
  let store: PostgresEventStore;
  let harness: ReactionHarness;

  beforeAll(async () => {
    store = new PostgresEventStore({ connectionString: await createTestDatabase('licence_reactions') });
    await store.migrate();
    harness = new ReactionHarness(store, registerFactReactions(store), { occurredAt: T, actor });
  });

  afterAll(async () => {
    await store?.close();
  });

  const T = '2026-05-01T02:00:00.000Z';
  const actor = { userId: 'wang', role: 'tto_officer' };
  const evidence = { summary: '证明材料', documentSha256: ['c'.repeat(64)] };

  it('records the licence once when it takes effect, and its standing after each change', async () => {
    const licensee = { name: '星火储能科技有限公司', creditCode: '91110108MA01ABCD2X', class: 'sme' as const };
    const { achievementId, caseId } = await harness.transferCaseOnRegisteredAchievement({
      title: '一种低温固态电池电解质',
      applicationNumber: 'CN202610000002.1',
      mode: { kind: 'license', exclusivity: 'non_exclusive' },
      counterparty: { name: licensee.name, creditCode: licensee.creditCode },
      proposedPriceFen: 30_000_000,
    });

    const terms: LicenceTerms = {
      exclusivity: 'non_exclusive',
      territory: '中国大陆',
      fieldOfUse: '储能电池',
      term: { startsOn: '2026-05-01', endsOn: '2031-12-31' },
      sublicensing: false,
      licensee,
      consideration: {
        upfrontFeeFen: 0,
        milestones: [
          {
            milestoneId: 'm-1',
            description: '首批产品量产',
            amountFen: 30_000_000,
            due: { kind: 'event', trigger: '首批产品量产', paymentDays: 30 },
          },
        ],
        royalty: { rateBasisPoints: 300, minimumAnnualRoyaltyFen: 0, reportingPeriod: 'quarterly', reportDueDays: 30 },
        deferredPayments: [],
        guarantee: null,
      },
      useFirstPayLater: { paymentStart: { kind: 'first_sales' }, decisionDueOn: '2028-06-30', policyVersion: 1 },
    };
    const licenceId = caseId;
    const round = (n: number, outcome: 'signed' | 'rejected'): LicenceEvent[] => [
      {
        type: 'LicenceTerminationProposed',
        licenceId,
        ground: 'uncured_default',
        itemKeys: ['royalty:2027-Q1'],
        reasons: '逾期未付且纠正期届满',
        proposedBy: 'wang',
        proposedAt: T,
        signOffId: LICENCE_TERMINATION_SIGN_OFF,
        round: n,
        ruleKeys: ['R5', 'R15'],
      },
      {
        type: 'SignOffRoundOpened',
        signOffId: LICENCE_TERMINATION_SIGN_OFF,
        round: n,
        subject: '许可终止 / licence termination',
        termsHash: 'f'.repeat(64),
        mode: { kind: 'parallel' },
        parties: [
          { partyId: 'tto-head', role: 'tto_officer' },
          { partyId: 'legal', role: 'legal' },
          { partyId: 'unit-leader', role: 'unit_leader' },
        ],
        deadline: '2027-08-01T00:00:00.000Z',
        reminderOffsetsMs: [],
        escalationRole: 'unit_leader',
        openedAt: T,
        ruleKeys: ['R5', 'R15'],
        conflictedUserIds: ['wang', 'li.lei'],
        achievementId,
      },
      {
        type: 'SignOffRoundClosed',
        signOffId: LICENCE_TERMINATION_SIGN_OFF,
        round: n,
        outcome,
        closedAt: outcome === 'signed' ? '2027-07-20T02:00:00.000Z' : '2027-07-01T02:00:00.000Z',
        closedBy: null,
      },
    ];
    const events: LicenceEvent[] = [
      {
        type: 'LicenceRecorded',
        licenceId,
        caseId,
        achievementId,
        achievementTitle: '一种低温固态电池电解质',
        terms,
        fixedConsiderationFen: 30_000_000,
        pricedFen: 30_000_000,
        pricingMethod: 'agreement',
        termsHash: 'e'.repeat(64),
        recordedBy: 'wang',
        recordedAt: T,
        ruleKeys: ['R5', 'R6', 'R7', 'R15'],
      },
      {
        type: 'LicenceTookEffect',
        licenceId,
        caseId,
        effectiveOn: '2026-05-01',
        caseExecutedAt: T,
        ruleKeys: ['R5', 'R8'],
      },
      {
        type: 'LicenceConvertedToPaid',
        licenceId,
        consideration: { ...terms.consideration, upfrontFeeFen: 5_000_000 },
        reasons: '首批量产后转为付费许可',
        evidence,
        decidedBy: 'wang',
        decidedAt: '2027-01-15T02:00:00.000Z',
        ruleKeys: ['R15'],
      },
      {
        type: 'LicenceObligationOverdue',
        licenceId,
        itemKey: 'royalty:2027-Q1',
        label: '2027-Q1 royalty',
        dueOn: '2027-04-30',
        outstandingFen: 1_500_000,
        cureEndsOn: '2027-05-30',
        escalatedTo: 'tto_officer',
        escalatedAt: '2027-04-30T16:00:00.000Z',
        ruleKeys: ['R5'],
      },
      {
        type: 'LicenceDefaultUncured',
        licenceId,
        itemKey: 'royalty:2027-Q1',
        cureEndsOn: '2027-05-30',
        recordedAt: '2027-05-30T16:00:00.000Z',
        ruleKeys: ['R5'],
      },
      ...round(1, 'rejected'),
      ...round(2, 'signed'),
    ];
    await harness.append(licenceStreamId(licenceId), LICENCE_SCHEMA_VERSIONS, events);

    await harness.dispatch();
    const register = await loadStream(store, achievementStreamId(achievementId), achievementDecider);
    expect(register.state.irregularities).toEqual([]);
    expect(register.state.licences).toEqual([
      {
        licenceId,
        caseId,
        licensee: { name: licensee.name, class: 'sme' },
        exclusivity: 'non_exclusive',
        territory: '中国大陆',
        fieldOfUse: '储能电池',
        term: { startsOn: '2026-05-01', endsOn: '2031-12-31' },
        useFirstPayLater: true,
        effectiveOn: '2026-05-01',
        status: 'terminated',
        convertedToPaidOn: '2027-01-15',
        uncuredDefaults: [{ itemKey: 'royalty:2027-Q1', on: '2027-05-30' }],
        terminatedOn: '2027-07-20',
      },
    ]);
    const recorded = (await store.readStream(achievementStreamId(achievementId))).map((e) => e.type);
    expect(recorded.filter((t) => t.startsWith('Licence'))).toEqual([
      'LicenceRegistered',
      'LicenceStatusChanged',
      'LicenceStatusChanged',
      'LicenceStatusChanged',
    ]);

    await harness.dispatch();
    expect((await loadStream(store, achievementStreamId(achievementId), achievementDecider)).revision).toBe(register.revision);
  });
});
