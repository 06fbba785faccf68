import { bundleWorkflows } from '@chengguo/temporal';
import {
  ACHIEVEMENT_SCHEMA_VERSIONS,
  ACHIEVEMENT_STREAM_PREFIX,
  achievementDecider,
  achievementStreamId,
} from '@chengguo/achievement-register/domain';
import { achievementIdAfterPrefix, handleCommand, loadStream, newId, PostgresEventStore, runProcessCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import {
  createPublicityActivities,
  TRANSFER_CASE_SCHEMA_VERSIONS,
  transferCaseCommands,
  TransferCaseCommand,
  transferCaseDecider,
  transferCaseStreamId,
} from '@chengguo/transfer-publicity';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PUBLICITY_WORKFLOW_TYPE,
  publicityWorkflowId,
  PublicityWorkflowInput,
  TransferPublicityWorkflow,
} from '../../workflows/transfer-publicity/publicity.contract';
import { startTemporalDevServer, stopProcess, tool } from './infra';
import { log, now, pool, Row, row, seconds } from './report';

const tto = { userId: 'tto-wang', role: 'tto_officer' };
const START_CONCURRENCY = 16;
const WORKFLOW_DEADLINE_MS = 180_000;

/** Opens a transfer case and publishes its notice at `at`; returns the publicity workflow's input. */
async function publishedCase(store: PostgresEventStore, at: string): Promise<PublicityWorkflowInput> {
  const caseId = newId();
  const streamId = transferCaseStreamId(caseId);
  const act = async (command: TransferCaseCommand) => {
    const outcome = await handleCommand(
      store,
      streamId,
      transferCaseDecider,
      command,
      { commandId: newId(), actor: tto, correlationId: 'bench', occurredAt: at },
      TRANSFER_CASE_SCHEMA_VERSIONS,
      transferCaseCommands.achievement,
    );
    if (isRuleViolation(outcome)) throw new Error(`refused: ${outcome.code} ${outcome.detail}`);
  };
  // A case names an achievement of the register (R3, R5): one the TTO registered, granted and owned by the unit.
  const achievementId = newId();
  const registered = await handleCommand(
    store,
    achievementStreamId(achievementId),
    achievementDecider,
    {
      type: 'RegisterExistingAchievement',
      achievementId,
      kind: 'invention_patent',
      title: '一种高原光伏组件清洁装置',
      inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
      classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
      rights: {
        applicationNumber: `CN${caseId.slice(0, 8)}`,
        filingDate: '2025-03-01',
        grantDate: '2026-01-20',
        patentNumber: `ZL${caseId.slice(0, 8)}`,
      },
      evidence: { summary: 'bench', documentSha256: ['0'.repeat(64)] },
      actor: tto,
      now: at,
    },
    { commandId: newId(), actor: tto, correlationId: 'bench', occurredAt: at },
    ACHIEVEMENT_SCHEMA_VERSIONS,
    achievementIdAfterPrefix(ACHIEVEMENT_STREAM_PREFIX),
  );
  if (isRuleViolation(registered)) throw new Error(`refused: ${registered.code} ${registered.detail}`);
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
    { commandId: newId(), actor: tto, correlationId: 'bench', occurredAt: at },
  );
  if (isRuleViolation(opened)) throw new Error(`refused: ${opened.code} ${opened.detail}`);
  await act({ type: 'PublishPublicityNotice', caseId, days: 15, publishedBy: tto.userId, now: at });
  const { state } = await loadStream(store, streamId, transferCaseDecider);
  const publicity = (state as { publicity: { round: number; periodEndsAt: string } }).publicity;
  return { streamId, caseId, round: publicity.round, periodEndsAt: publicity.periodEndsAt };
}

async function startAll(client: Client, taskQueue: string, inputs: PublicityWorkflowInput[]): Promise<number> {
  const start = now();
  await pool(inputs, START_CONCURRENCY, async (input) => {
    await client.workflow.start<TransferPublicityWorkflow>(PUBLICITY_WORKFLOW_TYPE, {
      workflowId: publicityWorkflowId(input.streamId, input.round),
      taskQueue,
      args: [input],
    });
  });
  return inputs.length / seconds(start);
}

/**
 * Item 8: N publicity workflows on the time-skipping server, started and run to completion (the
 * 15-day R7 timer skipped, the completion activity appending through the decider); then the same
 * starts against the dev server (SQLite in memory and in a file), where the timer cannot be skipped,
 * so only the start rate is comparable.
 */
export async function temporalBench(url: string, workflows: number): Promise<Row[]> {
  Runtime.install({
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    } as never,
  });
  const store = new PostgresEventStore({ connectionString: url, poolSize: 20 });
  await store.migrate();
  log('temporal: bundling the workflow code');
  const bundle = await bundleWorkflows();
  const activities = createPublicityActivities(store);
  const rows: Row[] = [];

  // Time-skipping server.
  const path = process.env.TEMPORAL_TEST_SERVER_PATH || tool('temporal-test-server.sh');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  let tsStartRate = 0;
  try {
    const taskQueue = `bench-${newId()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities });
    const running = worker.run();
    const at = new Date(await env.currentTimeMs()).toISOString();
    const inputs: PublicityWorkflowInput[] = [];
    await pool(Array.from({ length: workflows }), 8, async () => void inputs.push(await publishedCase(store, at)));
    log(`temporal: time-skipping server, starting ${workflows} publicity workflows`);
    const start = now();
    tsStartRate = await startAll(env.client, taskQueue, inputs);
    // Results awaited one after another: while one is awaited the server skips time whenever no task is outstanding.
    // A deadline keeps an overloaded server from hanging the run; unfinished workflows are reported as such.
    const deadline = Date.now() + WORKFLOW_DEADLINE_MS;
    let completed = 0;
    for (const i of inputs) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const result = await Promise.race([
        env.client.workflow.getHandle(publicityWorkflowId(i.streamId, i.round)).result(),
        new Promise<null>((r) => setTimeout(() => r(null), remaining).unref()),
      ]);
      if (result?.status === 'completed') completed++;
    }
    const total = seconds(start);
    worker.shutdown();
    await running;
    rows.push(
      row({
        item: 8,
        name: `publicity workflows to completion (time-skipping), ${workflows}`,
        ours: completed / total,
        unit: 'workflows/s',
        baselineName: `start rate ${tsStartRate.toFixed(1)}/s`,
        baseline: null,
        ratio: null,
        goal: null,
        status: completed === workflows ? 'info' : 'missed',
        note: `${completed}/${workflows} completed${completed < workflows ? ` within ${WORKFLOW_DEADLINE_MS / 1000} s` : ''} (15-day R7 timer skipped, completion appended through the decider), c=${START_CONCURRENCY} starts`,
      }),
    );
  } finally {
    await env.teardown();
  }

  // Dev server: the same starts; the 15-day timers stay pending (no time skipping), so starts are compared.
  for (const kind of ['memory', 'file'] as const) {
    const dbFile = kind === 'file' ? join(mkdtempSync(join(tmpdir(), 'chengguo-bench-sqlite-')), 'temporal.db') : undefined;
    const server = await startTemporalDevServer(dbFile);
    try {
      const connection = await NativeConnection.connect({ address: server.address });
      const client = new Client({ connection: await (await import('@temporalio/client')).Connection.connect({ address: server.address }) });
      const taskQueue = `bench-${newId()}`;
      const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities });
      const running = worker.run();
      const at = new Date().toISOString();
      const inputs: PublicityWorkflowInput[] = [];
      await pool(Array.from({ length: workflows }), 8, async () => void inputs.push(await publishedCase(store, at)));
      log(`temporal: dev server (SQLite ${kind}), starting ${workflows} publicity workflows`);
      const rate = await startAll(client, taskQueue, inputs);
      worker.shutdown();
      await running;
      await connection.close();
      rows.push(
        row({
          item: 8,
          name: `publicity workflow starts, dev server (SQLite ${kind})`,
          ours: rate,
          unit: 'starts/s',
          baselineName: 'time-skipping server start rate',
          baseline: tsStartRate,
          goal: null,
          note: `${workflows} starts at c=${START_CONCURRENCY} with a worker running their first tasks; timers (15 days) left pending`,
        }),
      );
    } finally {
      await stopProcess(server.process);
    }
  }
  await store.close();
  return rows;
}
