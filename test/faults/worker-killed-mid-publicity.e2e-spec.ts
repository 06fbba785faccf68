import { CommandContext, handleCommand, newId, PostgresEventStore, runProcessCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import {
  publicityPeriodEnd,
  TRANSFER_CASE_SCHEMA_VERSIONS,
  transferCaseCommands,
  TransferCaseCommand,
  transferCaseDecider,
  transferCaseStreamId,
} from '@chengguo/transfer-publicity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { publicityStateQuery, publicityWorkflowId } from '../../workflows/transfer-publicity/publicity.contract';
import { achievementRegisteredInStore } from '../fixtures/http-flows';
import { createTestDatabase } from '../support/databases';
import { createTimeSkippingEnvironment } from '../support/time-skipping';
import { ChildApp, sleep, spawnTs, waitFor } from './support/fault-support';

const SECOND = 1_000;
const DAY = 24 * 60 * 60 * SECOND;
const tto = { userId: 'tto-wang', role: 'tto_officer' };

/**
 * Fault (1): the worker process is SIGKILLed in the middle of an R7 publicity period; the durable
 * timer still fires, on time, once a new worker process runs.
 *
 * Why the time-skipping server and not the dev server: an R7 period is at least 15 days and ends at
 * 24:00 Asia/Shanghai (ADR 6), and the case decider refuses to complete it one second earlier, so
 * on the dev server (wall clock) no real period can end within a test, and any shortcut (a
 * backdated notice, a shorter period) would test something other than production. On the
 * time-skipping server the timer is still the server's durable timer in the workflow's history;
 * only the server's clock is moved. What stays real: the worker is the production entry point
 * (apps/worker/src/main.ts: projector, dispatcher, Temporal worker with the real bundle and
 * activities) in its own OS process, killed with SIGKILL while it holds the workflow in its cache
 * and the timer is pending; the replacement is a fresh process that knows nothing of it.
 */
describe('fault: worker killed in the middle of a publicity period', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  let databaseUrl: string;
  let worker: ChildApp | undefined;
  const taskQueue = `fault-publicity-${newId()}`;

  async function startWorker(): Promise<ChildApp> {
    const child = spawnTs(
      'apps/worker/src/main.ts',
      {
        DATABASE_URL: databaseUrl,
        EVENT_STORE: 'postgres',
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        LOG_LEVEL: 'log',
        // The time-skipping server never moves a dead worker's sticky tasks to the shared queue
        // (the real server does after the sticky schedule-to-start timeout), so no sticky cache.
        TEMPORAL_MAX_CACHED_WORKFLOWS: '0',
      },
      'worker',
    );
    await child.waitForOutput(/Temporal worker polling/, 90_000);
    return child;
  }

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('faultpublicity');
    store = new PostgresEventStore({ connectionString: databaseUrl });
    await store.migrate();
    env = await createTimeSkippingEnvironment();
  }, 120_000);

  afterAll(async () => {
    await worker?.kill();
    await env?.teardown();
    await store?.close();
  });

  const nowIso = async (plusMs = 0) => new Date((await env.currentTimeMs()) + plusMs).toISOString();

  async function act(caseId: string, command: TransferCaseCommand): Promise<number> {
    const context: CommandContext = { commandId: newId(), actor: tto, correlationId: 'fault-test', occurredAt: command.now };
    const outcome = await handleCommand(
      store,
      transferCaseStreamId(caseId),
      transferCaseDecider,
      command,
      context,
      TRANSFER_CASE_SCHEMA_VERSIONS,
      transferCaseCommands.achievement,
    );
    if (isRuleViolation(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
    return outcome.revision;
  }

  const completionOf = async (caseId: string) =>
    (await store.readStream(transferCaseStreamId(caseId))).find((e) => e.type === 'PublicityPeriodCompleted');

  it('fires the R7 timer at the end of day 15 after the worker was SIGKILLed on day 7', async () => {
    worker = await startWorker();

    // The case names an achievement of the register, which decides ownership and classification (R3, R5).
    const achievementId = await achievementRegisteredInStore(store);
    const caseId = newId();
    const openedAt = await nowIso();
    const opened = await runProcessCommand(
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
      },
      { commandId: newId(), actor: tto, correlationId: 'fault-test', occurredAt: openedAt },
    );
    if (isRuleViolation(opened)) throw new Error(`${opened.code}: ${opened.detail}`);
    const publishedAt = await nowIso();
    const published = await act(caseId, {
      type: 'PublishPublicityNotice',
      caseId,
      days: 15,
      publishedBy: tto.userId,
      now: publishedAt,
    } as TransferCaseCommand);
    const periodEndsAt = publicityPeriodEnd(publishedAt, 15);

    // The worker's dispatcher starts the round's workflow from the event; its timer is now pending.
    const handle = env.client.workflow.getHandle(publicityWorkflowId(transferCaseStreamId(caseId), 1));
    await waitFor(
      async () => {
        const state = await handle.query(publicityStateQuery);
        return state.revision >= published ? state : undefined;
      },
      30_000,
      'workflow folded the notice',
    );

    await env.sleep(7 * DAY);
    expect((await handle.query(publicityStateQuery)).status).toBe('running');

    // Pull the plug: no shutdown hooks, the cached workflow and its pending timer die with the process.
    expect(await worker.kill()).toBe('SIGKILL');
    worker = undefined;

    // Time passes with no worker at all; nothing may be written meanwhile.
    await env.sleep(3 * DAY);
    expect(await completionOf(caseId)).toBeUndefined();

    worker = await startWorker();

    // Not early... (between skips the test server's clock runs in real time, so the check stops
    // 10 s short of the end to stay true on a loaded machine; completedAt pins the exact instant)
    const untilJustBefore = Date.parse(periodEndsAt) - 10 * SECOND - (await env.currentTimeMs());
    await env.sleep(untilJustBefore);
    await sleep(750);
    expect(await completionOf(caseId)).toBeUndefined();

    // ...and on time after the end of day 15.
    await env.sleep(11 * SECOND);
    const completed = await waitFor(() => completionOf(caseId), 30_000, 'PublicityPeriodCompleted appended');
    const lateBy = Date.parse((completed.data as { completedAt: string }).completedAt) - Date.parse(periodEndsAt);
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(SECOND);
    expect((await handle.result()).status).toBe('completed');
    const types = (await store.readStream(transferCaseStreamId(caseId))).map((e) => e.type);
    expect(types.filter((t) => t === 'PublicityPeriodCompleted')).toHaveLength(1);
  }, 180_000);
});
