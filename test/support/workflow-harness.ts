import { comparePositions, PostgresEventStore } from '@chengguo/eventstore';
import { createReadModelDataSource, loadCheckpoint, migrateReadModels } from '@chengguo/read-models';
import { DISPATCHER_SUBSCRIBER, Reaction, WorkflowDispatcher } from '@chengguo/temporal';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createTestDatabase } from './databases';
import { createTimeSkippingEnvironment } from './time-skipping';
import { workflowBundle } from './workflow-bundle-cache';
import { WorkflowHistoryRecorder } from './workflow-histories';

export interface WorkflowHarness {
  env: TestWorkflowEnvironment;
  store: PostgresEventStore;
  dataSource: DataSource;
  taskQueue: string;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /** Waits until the dispatcher has handed the stream's latest event to Temporal. */
  settle(streamId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Workflows on the time-skipping server, wired as in production: a fresh database, the real
 * dispatcher with the given reactions, and a worker running the workflow bundle with the given
 * activities. With RECORD_WORKFLOW_HISTORIES=1, the histories of the workflows that completed are
 * written to test/workflows/histories/ when the harness closes.
 */
export async function startWorkflowHarness(
  name: string,
  wiring: { reactions: (taskQueue: string, store: PostgresEventStore) => Reaction[]; activities: (store: PostgresEventStore) => object },
): Promise<WorkflowHarness> {
  const url = await createTestDatabase(name);
  const store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 20 });
  await store.migrate();
  const dataSource = createReadModelDataSource(url, []);
  await dataSource.initialize();
  await migrateReadModels(dataSource);
  const env = await createTimeSkippingEnvironment();
  const taskQueue = `${name}-${Date.now()}`;
  // The reactions' client notes the workflows they start, so their histories can be recorded at the end.
  const recorder = new WorkflowHistoryRecorder();
  const reactionsClient = new Client({
    connection: env.connection,
    namespace: env.namespace,
    interceptors: { workflow: [recorder.interceptor] },
  });
  const dispatcher = new WorkflowDispatcher(store, dataSource, reactionsClient, wiring.reactions(taskQueue, store));
  await dispatcher.start();

  let worker: Worker | null = null;
  let running: Promise<void> = Promise.resolve();
  const harness: WorkflowHarness = {
    env,
    store,
    dataSource,
    taskQueue,
    async startWorker() {
      worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities: wiring.activities(store),
        // No sticky cache: on the test server a workflow's next task otherwise stays on a stopped
        // worker's sticky queue and a restarted worker never receives it.
        maxCachedWorkflows: 0,
      });
      running = worker.run();
    },
    async stopWorker() {
      worker?.shutdown();
      await running;
      worker = null;
    },
    async settle(streamId) {
      const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      for (let i = 0; i < 200; i++) {
        const checkpoint = await loadCheckpoint(dataSource.manager, DISPATCHER_SUBSCRIBER);
        if (checkpoint && comparePositions(checkpoint, last.position) >= 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('dispatcher did not catch up');
    },
    async close() {
      await dispatcher.stop();
      await recorder.save(env.client);
      await harness.stopWorker();
      await env.teardown();
      await dataSource.destroy();
      await store.close();
    },
  };
  await harness.startWorker();
  return harness;
}
