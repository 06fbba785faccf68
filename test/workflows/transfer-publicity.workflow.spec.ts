import { LogNotifier } from '@chengguo/common';
import type { AchievementClassification } from '@chengguo/achievement-register/domain';
import { CommandContext, newId, PostgresEventStore, runProcessCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { createSignOffActivities, forwardSignOffEvents } from '@chengguo/sign-off';
import {
  APPROVAL_SIGN_OFF_ID,
  createPublicityActivities,
  forwardPublicityEvents,
  publicityPeriodEnd,
  transferCaseCommands,
  TransferCaseCommandInput,
  transferCaseStreamId,
} from '@chengguo/transfer-publicity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { signOffStateQuery, signOffWorkflowId } from '../../workflows/sign-off/sign-off.contract';
import { publicityStateQuery, publicityWorkflowId } from '../../workflows/transfer-publicity/publicity.contract';
import { achievementRegisteredInStore } from '../fixtures/http-flows';
import { startWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

const SECOND = 1_000;
const HOUR = 60 * 60 * SECOND;
const DAY = 24 * HOUR;
/** A case command without its instant (distributive over the union); `act` stamps the server's time. */
type OpenCaseInput = Extract<TransferCaseCommandInput, { type: 'OpenTransferCase' }>;
type CaseCommand = TransferCaseCommandInput extends infer C ? (C extends { type: string } ? C & { now?: string } : never) : never;

const tto = { userId: 'tto-wang', role: 'tto_officer' };
const member = { userId: 'zhao', role: 'inventor' };

/**
 * The publicity workflow on the time-skipping server, driven the production way: commands append
 * through the case decider, the real dispatcher forwards the events, the workflow keeps the R7
 * period with a durable timer and completes it through its activity.
 */
describe('transfer publicity workflow (time-skipping, R7)', () => {
  let harness: WorkflowHarness;
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  const startWorker = () => harness.startWorker();
  const stopWorker = () => harness.stopWorker();

  beforeAll(async () => {
    harness = await startWorkflowHarness('transferwf', {
      reactions: (taskQueue) => [forwardPublicityEvents(taskQueue), forwardSignOffEvents(taskQueue)],
      activities: (s) => ({ ...createPublicityActivities(s), ...createSignOffActivities(s, new LogNotifier()) }),
    });
    ({ env, store } = harness);
  }, 120_000);

  afterAll(() => harness?.close());

  const nowIso = async (plusMs = 0) => new Date((await env.currentTimeMs()) + plusMs).toISOString();
  const context = (actor: { userId: string; role: string }, occurredAt: string): CommandContext => ({
    commandId: newId(),
    actor,
    correlationId: 'test',
    occurredAt,
  });

  /** Runs a case command the way the API does (the one command path), at the server's current time; returns the revision or the refusal code. */
  async function act(caseId: string, actor: { userId: string; role: string }, command: CaseCommand): Promise<number | string> {
    const { now = await nowIso(), ...input } = command;
    const outcome = await runProcessCommand(store, transferCaseCommands, caseId, input, context(actor, now));
    return isRuleViolation(outcome) ? outcome.code : outcome.revision;
  }

  /** Opens a case on an achievement registered first (its classification is the register's), through the one command path. */
  async function openCase(
    overrides: Partial<Pick<OpenCaseInput, 'pricingMethod' | 'counterparty' | 'mode'>> = {},
    classification: Partial<AchievementClassification> = {},
  ): Promise<string> {
    const achievementId = await achievementRegisteredInStore(store, { classification });
    const caseId = newId();
    const now = await nowIso();
    const outcome = await runProcessCommand(
      store,
      transferCaseCommands,
      caseId,
      {
        type: 'OpenTransferCase',
        caseId,
        achievementId,
        mode: { kind: 'license', exclusivity: 'non_exclusive' },
        pricingMethod: 'agreement',
        counterparty: { name: '拉萨光伏运维有限公司' },
        proposedPriceFen: 50_000_000,
        openedBy: tto.userId,
        ...overrides,
      },
      context(tto, now),
    );
    expect(isRuleViolation(outcome) ? outcome.code : outcome.revision).toBe(0);
    return caseId;
  }

  /** Publishes and waits until the round's workflow has folded the notice; returns the period end. */
  async function publish(caseId: string, round = 1, days = 15): Promise<{ publishedAt: string; periodEndsAt: string }> {
    const publishedAt = await nowIso();
    const revision = await act(caseId, tto, { type: 'PublishPublicityNotice', caseId, days, publishedBy: tto.userId, now: publishedAt });
    expect(typeof revision).toBe('number');
    await folded(caseId, round, revision as number);
    return { publishedAt, periodEndsAt: publicityPeriodEnd(publishedAt, days) };
  }

  async function folded(caseId: string, round: number, revision: number) {
    const handle = env.client.workflow.getHandle(publicityWorkflowId(transferCaseStreamId(caseId), round));
    return eventually(
      () => handle.query(publicityStateQuery).catch(() => null),
      (state) => state !== null && state.revision >= revision,
    );
  }

  async function eventsOf(caseId: string) {
    return (await store.readStream(transferCaseStreamId(caseId))).map((e) => ({
      type: e.type,
      data: e.data as Record<string, unknown>,
      occurredAt: e.metadata.occurredAt,
    }));
  }

  const completionOf = async (caseId: string) => (await eventsOf(caseId)).find((e) => e.type === 'PublicityPeriodCompleted');

  /** Advances the server's clock to `instant` (plus `plusMs`). */
  async function sleepUntil(instant: string, plusMs = 0): Promise<void> {
    const wait = Date.parse(instant) + plusMs - (await env.currentTimeMs());
    if (wait > 0) await env.sleep(wait);
  }

  it('completes at exactly the end of day 15 (Asia/Shanghai), not one second earlier, and opens the approval', async () => {
    const caseId = await openCase();
    const { periodEndsAt } = await publish(caseId);

    // Between skips the test server's clock runs in real time, so a loaded machine could carry a
    // check at end − 1 s past the end; stop 10 s short here. The second-exact edge is pinned
    // below (completedAt ≥ end, < end + 1 s) and by the decider refusing completion at end − 1 s.
    await sleepUntil(periodEndsAt, -10 * SECOND);
    await settle();
    expect(await completionOf(caseId)).toBeUndefined();
    const handle = env.client.workflow.getHandle(publicityWorkflowId(transferCaseStreamId(caseId), 1));
    expect(await handle.query(publicityStateQuery)).toMatchObject({ status: 'running', lastOutcome: null });

    await env.sleep(11 * SECOND);
    const completed = await eventually(() => completionOf(caseId));
    expect(completed.data).toMatchObject({ round: 1, periodEndsAt, objectionsDismissed: 0, ruleKey: 'R7' });
    const lateBy = Date.parse(completed.data.completedAt as string) - Date.parse(periodEndsAt);
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(SECOND);
    expect(completed.occurredAt).toBe(completed.data.completedAt);
    expect((await handle.result()).status).toBe('completed');

    const events = await eventsOf(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'TransferCaseOpened',
      'PublicityNoticePublished',
      'PublicityPeriodCompleted',
      'SignOffRoundOpened',
    ]);
    // The activity completes through the command declaration, which reads the register: the round
    // names the case's opener and the registered inventor (R4, R13).
    expect(events[3].data).toMatchObject({ conflictedUserIds: ['li.lei', tto.userId] });
    // The approval round is timed by the existing sign-off workflow, started from the same stream.
    // Once it has taken in the round: a workflow just started answers its query with no round yet.
    const approval = await eventually(
      () =>
        env.client.workflow
          .getHandle(signOffWorkflowId(transferCaseStreamId(caseId), APPROVAL_SIGN_OFF_ID))
          .query(signOffStateQuery)
          .catch(() => null),
      (state) => !!state?.round,
    );
    expect(approval!.round).toMatchObject({
      status: 'open',
      parties: expect.arrayContaining([expect.objectContaining({ party: { partyId: 'finance', role: 'finance' } })]),
    });
  });

  it('an open objection extends the period: it completes at the later of the end and the resolution', async () => {
    const caseId = await openCase();
    const { periodEndsAt } = await publish(caseId);
    await env.sleep(3 * DAY);
    const objectionId = newId();
    const raised = await act(caseId, member, {
      type: 'RaiseObjection',
      caseId,
      objectionId,
      reason: '拟定价格偏低 / proposed price too low',
      evidenceHashes: ['a'.repeat(64)],
      raisedBy: member.userId,
      raisedByRole: member.role,
    });
    const state = await folded(caseId, 1, raised as number);
    expect(state!.openObjectionIds).toEqual([objectionId]);

    await sleepUntil(periodEndsAt, 2 * DAY);
    await settle();
    expect(await completionOf(caseId)).toBeUndefined();
    expect(
      await act(caseId, member, {
        type: 'RaiseObjection',
        caseId,
        objectionId: newId(),
        reason: 'late',
        evidenceHashes: [],
        raisedBy: 'li',
        raisedByRole: 'inventor',
      }),
    ).toBe('R7_OBJECTION_OUTSIDE_PERIOD');

    const resolvedAt = await nowIso();
    await act(caseId, tto, {
      type: 'ResolveObjection',
      caseId,
      objectionId,
      resolution: 'dismiss',
      reasons: '第三方评估支持该价格 / independent valuation supports the price',
      resolvedBy: tto.userId,
      now: resolvedAt,
    });
    const completed = await eventually(() => completionOf(caseId));
    const after = Date.parse(completed.data.completedAt as string) - Date.parse(resolvedAt);
    expect(after).toBeGreaterThanOrEqual(0);
    expect(after).toBeLessThan(60 * SECOND);
    expect(completed.data).toMatchObject({ periodEndsAt, objectionsDismissed: 1 });
  });

  it('an upheld objection fails the round; a new price gets a new full period', async () => {
    const caseId = await openCase();
    const first = await publish(caseId);
    await env.sleep(5 * DAY);
    const objectionId = newId();
    await act(caseId, member, {
      type: 'RaiseObjection',
      caseId,
      objectionId,
      reason: '价格偏低',
      evidenceHashes: [],
      raisedBy: member.userId,
      raisedByRole: member.role,
    });
    await act(caseId, tto, {
      type: 'ResolveObjection',
      caseId,
      objectionId,
      resolution: 'uphold',
      reasons: '重新评估后价格偏低',
      resolvedBy: tto.userId,
    });
    const handle = env.client.workflow.getHandle(publicityWorkflowId(transferCaseStreamId(caseId), 1));
    expect((await handle.result()).status).toBe('failed');
    await sleepUntil(first.periodEndsAt, DAY);
    await settle();
    expect(await completionOf(caseId)).toBeUndefined();
    expect((await eventsOf(caseId)).map((e) => e.type)).toContain('PublicityFailed');

    expect(await act(caseId, tto, { type: 'ReviseProposedPrice', caseId, proposedPriceFen: 65_000_000, revisedBy: tto.userId })).toBe(5);
    const second = await publish(caseId, 2);
    expect(Date.parse(second.periodEndsAt) - Date.parse(second.publishedAt)).toBeGreaterThan(15 * DAY);
    await sleepUntil(second.periodEndsAt, -10 * SECOND); // see the first test on why 10 s
    await settle();
    expect(await completionOf(caseId)).toBeUndefined();
    await env.sleep(11 * SECOND);
    const completed = await eventually(() => completionOf(caseId));
    expect(completed.data).toMatchObject({ round: 2, periodEndsAt: second.periodEndsAt });
  });

  it('a worker restarted in the middle of the period does not lose the timer', async () => {
    const caseId = await openCase();
    const { periodEndsAt } = await publish(caseId);
    await env.sleep(7 * DAY);
    await stopWorker();
    await startWorker();
    await sleepUntil(periodEndsAt, -10 * SECOND); // see the first test on why 10 s
    await settle();
    expect(await completionOf(caseId)).toBeUndefined();
    await env.sleep(11 * SECOND);
    const completed = await eventually(() => completionOf(caseId));
    const lateBy = Date.parse(completed.data.completedAt as string) - Date.parse(periodEndsAt);
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(SECOND);
  });

  it('listing and auction skip publicity: the market result opens the approval directly (R6)', async () => {
    for (const method of ['listing', 'auction'] as const) {
      const caseId = await openCase({ pricingMethod: method, counterparty: null, mode: { kind: 'transfer' } });
      expect(await act(caseId, tto, { type: 'PublishPublicityNotice', caseId, days: 15, publishedBy: tto.userId })).toBe(
        'R6_PUBLICITY_ONLY_FOR_AGREEMENT_PRICING',
      );
      const revision = await act(caseId, tto, {
        type: 'RecordMarketResult',
        caseId,
        method,
        exchange: '西藏技术产权交易所',
        listingNumber: `XZ-${method}-001`,
        result: 'deal',
        finalPriceFen: 72_000_000,
        counterparty: { name: '雪域科技有限公司' },
        concludedOn: '2026-04-10',
        recordedBy: tto.userId,
      });
      expect(revision).toBe(2);
      expect((await eventsOf(caseId)).map((e) => e.type)).toEqual(['TransferCaseOpened', 'MarketResultRecorded', 'SignOffRoundOpened']);
      // The dispatcher has handled the opened round (its workflow runs), and started no publicity workflow.
      await eventually(() =>
        env.client.workflow
          .getHandle(signOffWorkflowId(transferCaseStreamId(caseId), APPROVAL_SIGN_OFF_ID))
          .query(signOffStateQuery)
          .catch(() => null),
      );
      await expect(env.client.workflow.getHandle(publicityWorkflowId(transferCaseStreamId(caseId), 1)).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
    }
  });

  it('R5: a key-core-technology item is blocked until the supervisory filing is recorded', async () => {
    const caseId = await openCase({}, { keyCoreTechnology: true });
    expect(await act(caseId, tto, { type: 'PublishPublicityNotice', caseId, days: 15, publishedBy: tto.userId })).toBe(
      'R5_SUPERVISORY_FILING_REQUIRED',
    );
    await env.sleep(DAY);
    expect(await act(caseId, tto, { type: 'PublishPublicityNotice', caseId, days: 15, publishedBy: tto.userId })).toBe(
      'R5_SUPERVISORY_FILING_REQUIRED',
    );
    await expect(env.client.workflow.getHandle(publicityWorkflowId(transferCaseStreamId(caseId), 1)).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    expect(
      await act(caseId, tto, {
        type: 'RecordSupervisoryFiling',
        caseId,
        department: '自治区科学技术厅',
        filingNumber: '藏科备〔2026〕7号',
        filedOn: '2026-03-05',
        recordedBy: tto.userId,
      }),
    ).toBe(1);
    const { periodEndsAt } = await publish(caseId);
    await sleepUntil(periodEndsAt, SECOND);
    const completed = await eventually(() => completionOf(caseId));
    expect(completed.data).toMatchObject({ periodEndsAt });
  });

  /** Gives the dispatcher and the worker a moment of real time to act on whatever is due. */
  async function settle(): Promise<void> {
    await new Promise((r) => setTimeout(r, 750));
  }

  /** Polls until accepted; bounded by wall time, not by tries (a loaded CI machine answers slower). */
  async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean = (v) => !!v): Promise<NonNullable<T>> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const value = await probe();
      if (accept(value)) return value as NonNullable<T>;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met within 30 s');
  }
});
