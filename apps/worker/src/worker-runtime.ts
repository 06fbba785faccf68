import { CheckpointRecorder } from '@chengguo/audit';
import { EnvironmentVariables, NOTIFIER, Notifier } from '@chengguo/common';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import type { ActivityFunctions } from '@chengguo/manifest';
import { PROCESSES } from '@chengguo/processes';
import { Projector } from '@chengguo/read-models';
import { loadWorkflowBundle, TEMPORAL_CLIENT, WorkflowDispatcher } from '@chengguo/temporal';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, WorkflowBundleOption } from '@temporalio/worker';
import { DataSource } from 'typeorm';

/**
 * Everything that reacts to events or time: the projector (read models), the dispatcher (events →
 * Temporal) and the Temporal worker (workflows + activities). Each recovers on its own when
 * PostgreSQL or Temporal comes back.
 */
@Injectable()
export class WorkerRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerRuntime.name);
  readonly projector: Projector;
  readonly dispatcher: WorkflowDispatcher;
  readonly checkpoints: CheckpointRecorder;
  private worker: Worker | null = null;
  private connection: NativeConnection | null = null;
  private running = false;
  private workerLoop: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    @Inject(NOTIFIER) private readonly notifier: Notifier,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {
    const taskQueue = config.get('TEMPORAL_TASK_QUEUE', { infer: true });
    this.checkpoints = new CheckpointRecorder(store, {
      everyEvents: config.get('AUDIT_CHECKPOINT_EVERY_EVENTS', { infer: true }),
      intervalMs: config.get('AUDIT_CHECKPOINT_INTERVAL_SECONDS', { infer: true }) * 1000,
      tsaUrl: config.get('AUDIT_TSA_URL', { infer: true }) || undefined,
      tsaTimeoutMs: config.get('AUDIT_TSA_TIMEOUT_SECONDS', { infer: true }) * 1000,
    });
    this.projector = new Projector(
      store,
      dataSource,
      PROCESSES.flatMap((process) => process.projections ?? []),
    );
    this.dispatcher = new WorkflowDispatcher(
      store,
      dataSource,
      temporal,
      PROCESSES.flatMap((process) => process.reactions?.({ taskQueue, store }) ?? []),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    installQuietRuntime();
    await this.projector.start();
    await this.dispatcher.start();
    await this.checkpoints.start();
    const bundle = await loadWorkflowBundle(quietBundlerLogger);
    this.workerLoop = this.runWorker(bundle);
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.checkpoints.stop();
    await this.dispatcher.stop();
    await this.projector.stop();
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.workerLoop;
  }

  /** Every process's activities, by name; two processes may not register the same name. */
  private activities(): ActivityFunctions {
    const context = {
      store: this.store,
      notifier: this.notifier,
      unitName: this.config.get('UNIT_NAME', { infer: true }),
      annuityReminderLeadDays: this.config.get('ANNUITY_REMINDER_LEAD_DAYS', { infer: true }).split(',').map(Number),
    };
    const all: ActivityFunctions = {};
    for (const process of PROCESSES) {
      for (const [name, activity] of Object.entries(process.activities?.(context) ?? {})) {
        if (name in all) throw new Error(`Activity ${name} of ${process.name} is already registered by another process`);
        all[name] = activity;
      }
    }
    return all;
  }

  /** Runs the Temporal worker; if Temporal is unreachable or the worker dies, tries again. */
  private async runWorker(workflowBundle: WorkflowBundleOption): Promise<void> {
    const address = this.config.get('TEMPORAL_ADDRESS', { infer: true });
    const maxCachedWorkflows = this.config.get('TEMPORAL_MAX_CACHED_WORKFLOWS', { infer: true });
    while (this.running) {
      try {
        this.connection = await NativeConnection.connect({ address });
        this.worker = await Worker.create({
          connection: this.connection,
          namespace: this.config.get('TEMPORAL_NAMESPACE', { infer: true }),
          taskQueue: this.config.get('TEMPORAL_TASK_QUEUE', { infer: true }),
          workflowBundle,
          ...(maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows }),
          activities: this.activities(),
        });
        if (!this.running) break;
        this.logger.log(`Temporal worker polling ${address}`);
        await this.worker.run();
      } catch (error) {
        if (this.running) this.logger.warn(`Temporal worker stopped (${String(error)}); retrying in 2s`);
      } finally {
        await this.connection?.close().catch(() => undefined);
        this.connection = null;
      }
      if (this.running) await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => new Logger('WorkflowBundler').warn(message),
  error: (message: string) => new Logger('WorkflowBundler').error(message),
};

/** The SDK's own logger prints every state change at INFO; keep warnings and errors. */
function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process (tests start several workers): keep the first.
  }
}
