import { initialAchievementState } from '@chengguo/achievement-register/domain';
import { handleCommand, newId, PostgresEventStore } from '@chengguo/eventstore';
import { IncomeEvent, incomeLedgerDecider } from '@chengguo/income-ledger/domain';
import { isRuleViolation, shanghaiDate } from '@chengguo/kernel';
import {
  createRewardAnnouncementActivities,
  distributionIdOf,
  leaderRosterDecider,
  REWARD_APPROVAL,
  REWARD_DISTRIBUTION_SCHEMA_VERSIONS,
  RewardDistributionCommand,
  rewardDistributionAchievement,
  rewardDistributionDecider,
  rewardSchemeDecider,
  rewardStreamId,
  startRewardAnnouncement,
} from '@chengguo/rewards';
import { handleSignOffCommand, loadSignOffs } from '@chengguo/sign-off';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { rewardAnnouncementQuery, rewardAnnouncementWorkflowId } from '../../workflows/rewards/reward-announcement.contract';
import { startWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

const DAY = 24 * 60 * 60 * 1000;
type Actor = { userId: string; role: string };
const tto: Actor = { userId: 'wang.tto', role: 'tto_officer' };
const approvers: Actor[] = [
  { userId: 'zhou.tto', role: 'tto_officer' },
  { userId: 'wu.finance', role: 'finance' },
  { userId: 'sun.leader', role: 'unit_leader' },
];

/**
 * A reward distribution's announcement (R9) on the time-skipping server, wired as in production:
 * commands through the decider, the real dispatcher and reaction, the workflow's durable timer and
 * its activity. The announcement ends after its days, not before, and only then may finance pay.
 */
describe('reward announcement (time-skipping)', () => {
  let harness: WorkflowHarness;
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;

  beforeAll(async () => {
    harness = await startWorkflowHarness('rewardwf', {
      reactions: (taskQueue) => [startRewardAnnouncement(taskQueue)],
      activities: (s) => createRewardAnnouncementActivities(s),
    });
    ({ env, store } = harness);
  }, 120_000);

  afterAll(() => harness?.close());

  const nowIso = async () => new Date(await env.currentTimeMs()).toISOString();

  async function run(streamId: string, actor: Actor, command: RewardDistributionCommand): Promise<string | number> {
    const outcome = await handleCommand(
      store,
      streamId,
      rewardDistributionDecider,
      command,
      { commandId: newId(), actor, correlationId: streamId },
      REWARD_DISTRIBUTION_SCHEMA_VERSIONS,
      rewardDistributionAchievement,
    );
    if (isRuleViolation(outcome)) return outcome.code;
    await harness.settle(streamId);
    return outcome.revision;
  }

  /** An approved distribution whose only contributor is a principal leader: announced for 7 days (R9). */
  async function approvedDistribution(): Promise<string> {
    const now = await nowIso();
    const year = Number(shanghaiDate(now).slice(0, 4)) - 1;
    const achievementId = newId();
    const distributionId = distributionIdOf(achievementId, year);
    const streamId = rewardStreamId(distributionId);
    const receipt: IncomeEvent = {
      type: 'IncomeReceived',
      achievementId,
      receiptId: 'r-1',
      source: 'transfer',
      form: 'cash',
      amountFen: 10_000_000,
      receivedOn: `${year}-06-01`,
      payer: '某某公司',
      invoiceNumber: null,
      contractReference: 'c-1',
      evidence: { summary: '回单', documentSha256: ['b'.repeat(64)] },
      recordedBy: 'wu.finance',
      recordedAt: now,
      ruleKeys: ['R8', 'R14'],
    };
    const roster = leaderRosterDecider.evolve(leaderRosterDecider.initialState, {
      type: 'PrincipalLeaderTenureBegan',
      userId: 'li',
      name: '李雷',
      post: '院长',
      from: '2020-01-01',
      recordedBy: 'ops',
      recordedAt: now,
      ruleKeys: ['R9'],
    });
    const computed = await run(streamId, tto, {
      type: 'ComputeRewardDistribution',
      distributionId,
      achievementId,
      year,
      waiveLeaderEquity: [],
      facts: {
        income: incomeLedgerDecider.evolve(incomeLedgerDecider.initialState, receipt),
        register: {
          ...initialAchievementState,
          status: 'transferred',
          achievementId,
          inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
          links: { disclosureId: null, contractIds: [], caseIds: ['c-1'] },
        },
        scheme: rewardSchemeDecider.initialState,
        roster,
        caseRegistrations: { 'c-1': { registrationNumber: '2025540001000777', registeredOn: `${year}-05-01` } },
      },
      actor: tto,
      now,
    });
    expect(computed).toBe(0);
    expect(typeof (await run(streamId, tto, { type: 'OpenRewardApproval', actor: tto, now: await nowIso() }))).toBe('number');
    for (const actor of approvers) {
      const { state } = await loadSignOffs(store, streamId);
      const outcome = await handleSignOffCommand(
        store,
        streamId,
        { type: 'Sign', signOffId: REWARD_APPROVAL, termsHash: state[REWARD_APPROVAL].termsHash, actor, now: await nowIso() },
        { commandId: newId(), actor, correlationId: streamId },
      );
      expect(isRuleViolation(outcome)).toBe(false);
    }
    return streamId;
  }

  async function types(streamId: string): Promise<string[]> {
    return (await store.readStream(streamId)).map((e) => e.type);
  }

  async function eventually(probe: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met in time');
  }

  it('ends the announcement after its 7 days, not before; only then is the reward payable', async () => {
    const streamId = await approvedDistribution();
    expect(await run(streamId, tto, { type: 'AnnounceRewardDistribution', actor: tto, now: await nowIso() })).toBeGreaterThan(0);
    const pay = async () =>
      run(
        streamId,
        { userId: 'wu.finance', role: 'finance' },
        {
          type: 'RecordRewardPayment',
          userId: 'li',
          paidOn: shanghaiDate(await nowIso()),
          paymentReference: 'PAY-1',
          actor: { userId: 'wu.finance', role: 'finance' },
          now: await nowIso(),
        },
      );

    await env.sleep(6 * DAY);
    expect(await types(streamId)).not.toContain('RewardAnnouncementCompleted');
    expect(await pay()).toBe('R9_ANNOUNCEMENT_NOT_OVER');
    const handle = env.client.workflow.getHandle(rewardAnnouncementWorkflowId(streamId));
    expect(await handle.query(rewardAnnouncementQuery)).toMatchObject({ streamId, outcome: null });

    await env.sleep(2 * DAY);
    await eventually(async () => (await types(streamId)).includes('RewardAnnouncementCompleted'));
    expect(await handle.result()).toMatchObject({ outcome: 'completed' });
    expect(typeof (await pay())).toBe('number');
    expect((await types(streamId)).slice(-2)).toEqual(['RewardPaid', 'RewardDistributionSettled']);
  });
});
