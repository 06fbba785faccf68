import { disclosureCommands } from '@chengguo/disclosure';
import { LogNotifier } from '@chengguo/common';
import {
  CO_INVENTOR_CONFIRMATION,
  createDisclosureDeadlineActivities,
  DisclosureCommand,
  DisclosureContent,
  disclosureDecider,
  disclosurePolicyAt,
  DISCLOSURE_SCHEMA_VERSIONS,
  disclosureStreamId,
  signalDisclosureDeadlinesMet,
  startAcknowledgementDeadline,
  startEvaluationDeadline,
} from '@chengguo/disclosure';
import { commandEventId, handleCommand, newId, PostgresEventStore } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { createSignOffActivities, forwardSignOffEvents, handleSignOffCommand, loadSignOffs } from '@chengguo/sign-off';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { disclosureDeadlineQuery, disclosureDeadlineWorkflowId } from '../../workflows/disclosure/disclosure-deadline.contract';
import { startWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
type Actor = { userId: string; role: string };
const li: Actor = { userId: 'li', role: 'inventor' };
const han: Actor = { userId: 'han', role: 'inventor' };
const tto: Actor = { userId: 'wang', role: 'tto_officer' };
const agency: Actor = { userId: 'agency-1', role: 'evaluator' };

const content = (inventors: Array<[string, number]>): DisclosureContent => ({
  title: '一种低温固态电池电解质',
  abstract: '…',
  technicalField: 'materials',
  funding: { kind: 'self_funded' },
  conceptionDate: '2026-01-15',
  confidentiality: 'internal',
  involvesNationalSecurity: false,
  isKeyCoreTechnology: false,
  inventors: inventors.map(([userId, shareBasisPoints]) => ({ userId, name: userId, shareBasisPoints })),
  attachments: [],
});

/**
 * Disclosure deadlines on the time-skipping server, wired as in production: commands through the
 * decider, the real dispatcher and reactions, the sign-off and deadline workflows, the log notifier.
 */
describe('disclosure deadlines (time-skipping)', () => {
  let harness: WorkflowHarness;
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  const notifier = new LogNotifier();

  beforeAll(async () => {
    harness = await startWorkflowHarness('disclosurewf', {
      reactions: (taskQueue, s) => [
        forwardSignOffEvents(taskQueue),
        startAcknowledgementDeadline(taskQueue, s),
        startEvaluationDeadline(taskQueue),
        signalDisclosureDeadlinesMet,
      ],
      activities: (s) => ({ ...createSignOffActivities(s, notifier), ...createDisclosureDeadlineActivities(s, notifier) }),
    });
    ({ env, store } = harness);
  }, 120_000);

  afterAll(() => harness?.close());

  const nowIso = async () => new Date(await env.currentTimeMs()).toISOString();

  type Input = DisclosureCommand extends infer C ? (C extends DisclosureCommand ? Omit<C, 'now' | 'policy' | 'actor'> : never) : never;

  /** What the API's handler does: actor, time and policy in force, then load → decide → append. */
  async function run(disclosureId: string, actor: Actor, input: Input, commandId = newId()): Promise<string | number> {
    const now = await nowIso();
    const policy = await disclosurePolicyAt(store, now);
    const outcome = await handleCommand(
      store,
      disclosureStreamId(disclosureId),
      disclosureDecider,
      { ...input, actor, now, policy } as DisclosureCommand,
      { commandId, actor, correlationId: disclosureId },
      DISCLOSURE_SCHEMA_VERSIONS,
      disclosureCommands.achievement,
    );
    if (isRuleViolation(outcome)) return outcome.code;
    await settle(disclosureId);
    return outcome.revision;
  }

  async function confirm(disclosureId: string, actor: Actor): Promise<void> {
    const { state } = await loadSignOffs(store, disclosureStreamId(disclosureId));
    const round = state[CO_INVENTOR_CONFIRMATION];
    const outcome = await handleSignOffCommand(
      store,
      disclosureStreamId(disclosureId),
      { type: 'Sign', signOffId: CO_INVENTOR_CONFIRMATION, termsHash: round.termsHash, actor, now: await nowIso() },
      { commandId: newId(), actor, correlationId: disclosureId },
    );
    expect(isRuleViolation(outcome)).toBe(false);
    await settle(disclosureId);
  }

  /** Waits until the dispatcher has handed the stream's latest event to Temporal, before time moves on. */
  const settle = (disclosureId: string) => harness.settle(disclosureStreamId(disclosureId));

  async function types(disclosureId: string): Promise<string[]> {
    return (await store.readStream(disclosureStreamId(disclosureId))).map((e) => e.type);
  }

  async function eventually(probe: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met in time');
  }

  const sent = (disclosureId: string) => notifier.delivered.filter((n) => String(n.context.streamId) === disclosureStreamId(disclosureId));

  async function submitted(inventors: Array<[string, number]>): Promise<string> {
    const disclosureId = newId();
    await run(disclosureId, li, { type: 'DraftDisclosure', disclosureId, content: content(inventors) });
    expect(typeof (await run(disclosureId, li, { type: 'SubmitDisclosure' }))).toBe('number');
    return disclosureId;
  }

  it('confirmation: reminders before the 14-day deadline, expiry escalated to the TTO, amendment restarts it', async () => {
    const disclosureId = await submitted([
      ['li', 5000],
      ['han', 3000],
      ['mei', 2000],
    ]);
    await confirm(disclosureId, han);

    await env.sleep(11 * DAY + HOUR); // the 3-days-before reminder
    await eventually(async () => sent(disclosureId).length === 1);
    expect(sent(disclosureId)[0]).toMatchObject({ kind: 'sign-off-reminder', recipients: { userIds: ['mei'], roles: [] } });

    await env.sleep(3 * DAY); // the 1-day reminder, then the deadline
    await eventually(async () => (await types(disclosureId)).includes('SignOffRoundExpired'));
    expect(sent(disclosureId).map((n) => n.kind)).toEqual(['sign-off-reminder', 'sign-off-reminder', 'sign-off-expired']);
    expect(sent(disclosureId)[2].recipients.roles).toEqual(['tto_officer']);

    const close = await handleSignOffCommand(
      store,
      disclosureStreamId(disclosureId),
      { type: 'CloseAsExpired', signOffId: CO_INVENTOR_CONFIRMATION, actor: tto, now: await nowIso() },
      { commandId: newId(), actor: tto, correlationId: disclosureId },
    );
    expect(isRuleViolation(close)).toBe(false);
    await settle(disclosureId);
    expect(await run(disclosureId, tto, { type: 'AcknowledgeDisclosure' })).toBe('DISCLOSURE_WRONG_STATUS');

    // The submitter drops the unreachable co-inventor; confirmation restarts with a new round.
    await run(disclosureId, li, {
      type: 'AmendDisclosure',
      content: content([
        ['li', 6000],
        ['han', 4000],
      ]),
    });
    await confirm(disclosureId, han);
    await eventually(
      async () =>
        (await env.client.workflow
          .getHandle(disclosureDeadlineWorkflowId(disclosureId, 'acknowledgement'))
          .query(disclosureDeadlineQuery)
          .catch(() => null)) !== null,
    );
    expect(await run(disclosureId, tto, { type: 'AcknowledgeDisclosure' })).toEqual(expect.any(Number));
  });

  it('a dispute returns the disclosure for amendment, which restarts confirmation', async () => {
    const disclosureId = await submitted([
      ['li', 6000],
      ['han', 4000],
    ]);
    const { state } = await loadSignOffs(store, disclosureStreamId(disclosureId));
    await handleSignOffCommand(
      store,
      disclosureStreamId(disclosureId),
      { type: 'Reject', signOffId: CO_INVENTOR_CONFIRMATION, reason: '我的贡献是50%', actor: han, now: await nowIso() },
      { commandId: newId(), actor: han, correlationId: disclosureId },
    );
    await settle(disclosureId);
    expect(state[CO_INVENTOR_CONFIRMATION].round).toBe(1);
    await run(disclosureId, li, {
      type: 'AmendDisclosure',
      content: content([
        ['li', 5000],
        ['han', 5000],
      ]),
    });
    await confirm(disclosureId, han);
    expect(await run(disclosureId, tto, { type: 'AcknowledgeDisclosure' })).toEqual(expect.any(Number));
    const all = await types(disclosureId);
    expect(all.filter((t) => t === 'SignOffRoundOpened')).toHaveLength(2);
  });

  it('acknowledgement: 15 days after a sole inventor submits, the miss is escalated to the unit leader (R1)', async () => {
    const disclosureId = await submitted([['li', 10_000]]);
    const handle = env.client.workflow.getHandle(disclosureDeadlineWorkflowId(disclosureId, 'acknowledgement'));
    await eventually(async () => (await handle.query(disclosureDeadlineQuery).catch(() => null)) !== null);
    await env.sleep(15 * DAY - HOUR);
    expect(await types(disclosureId)).not.toContain('DisclosureDeadlineMissed');
    await env.sleep(2 * HOUR);
    await eventually(async () => (await types(disclosureId)).includes('DisclosureDeadlineMissed'));
    const [missed] = (await store.readStream(disclosureStreamId(disclosureId))).filter((e) => e.type === 'DisclosureDeadlineMissed');
    expect(missed.data).toMatchObject({ deadline: 'acknowledgement', escalatedToRole: 'unit_leader', policyVersion: 0, ruleKey: 'R1' });
    expect(sent(disclosureId)).toEqual([
      expect.objectContaining({ kind: 'disclosure-acknowledgement-overdue', recipients: { userIds: [], roles: ['unit_leader'] } }),
    ]);

    await run(disclosureId, tto, { type: 'AcknowledgeDisclosure' });
    await expect(handle.result()).resolves.toMatchObject({ met: true, missed: true });
  });

  it('evaluation: 30 days after assignment the miss is escalated (R2); the evaluation then completes it', async () => {
    const disclosureId = await submitted([['li', 10_000]]);
    await run(disclosureId, tto, { type: 'AcknowledgeDisclosure' });
    await run(disclosureId, tto, {
      type: 'AssignEvaluator',
      evaluator: { kind: 'external_agency', userId: 'agency-1', agencyName: '西部技术转移中心' },
    });
    const handle = env.client.workflow.getHandle(disclosureDeadlineWorkflowId(disclosureId, 'evaluation'));
    await eventually(async () => (await handle.query(disclosureDeadlineQuery).catch(() => null)) !== null);

    await env.sleep(30 * DAY + HOUR);
    await eventually(async () => (await types(disclosureId)).includes('DisclosureDeadlineMissed'));
    expect(sent(disclosureId).map((n) => n.kind)).toEqual(['disclosure-evaluation-overdue']);

    const commandId = newId();
    await run(
      disclosureId,
      agency,
      {
        type: 'RecordEvaluation',
        evaluationId: commandEventId(commandId, disclosureStreamId(disclosureId), 0),
        patentability: { novelty: 'yes', inventiveness: 'no', practicalApplicability: 'yes', notes: '' },
        technologyReadinessLevel: 3,
        marketAssessment: 'niche',
        recommendation: 'do_not_file',
      },
      commandId,
    );
    await expect(handle.result()).resolves.toMatchObject({ deadline: 'evaluation', met: true, missed: true });
  });

  it('an evaluation in time records no miss', async () => {
    const disclosureId = await submitted([['li', 10_000]]);
    await run(disclosureId, tto, { type: 'AcknowledgeDisclosure' });
    await run(disclosureId, tto, { type: 'AssignEvaluator', evaluator: { kind: 'tto_staff', userId: 'agency-1' } });
    await env.sleep(20 * DAY);
    const commandId = newId();
    await run(
      disclosureId,
      agency,
      {
        type: 'RecordEvaluation',
        evaluationId: commandEventId(commandId, disclosureStreamId(disclosureId), 0),
        patentability: { novelty: 'yes', inventiveness: 'yes', practicalApplicability: 'yes', notes: '' },
        technologyReadinessLevel: 6,
        marketAssessment: 'strong',
        recommendation: 'file',
      },
      commandId,
    );
    const handle = env.client.workflow.getHandle(disclosureDeadlineWorkflowId(disclosureId, 'evaluation'));
    await expect(handle.result()).resolves.toMatchObject({ met: true, missed: false });
    expect((await types(disclosureId)).filter((t) => t === 'DisclosureDeadlineMissed')).toHaveLength(0);
  });
});
