import { CheckpointRecorder } from '@chengguo/audit';
import { EnvironmentVariables, NOTIFIER, Notifier } from '@chengguo/common';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import type { ActivityFunctions } from '@chengguo/manifest';
import {
  APP_METRICS,
  AppMetrics,
  ensureIdempotencyRetentionSchedule,
  idempotencyRetentionActivities,
  registerSubscriptionLag,
} from '@chengguo/operations';
import { PROCESS_PROJECTIONS, PROCESSES, STREAMS_NAMED_BY_ACHIEVEMENT } from '@chengguo/processes';
import { Projector } from '@chengguo/read-models';
import {
  DISPATCHER_SUBSCRIBER,
  loadWorkflowBundle,
  TEMPORAL_CLIENT,
  temporalEnvironment,
  temporalSettingsFrom,
  WorkflowDispatcher,
} from '@chengguo/temporal';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_METRICS) metrics: AppMetrics,
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
    this.projector = new Projector(store, dataSource, PROCESS_PROJECTIONS);
    this.dispatcher = new WorkflowDispatcher(
      store,
      dataSource,
      temporal,
      PROCESSES.flatMap((process) => process.reactions?.({ taskQueue, store }) ?? []),
      DISPATCHER_SUBSCRIBER,
      undefined,
      STREAMS_NAMED_BY_ACHIEVEMENT,
    );
    registerSubscriptionLag(metrics, store, dataSource);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    installQuietRuntime();
    await this.projector.start();
    await this.dispatcher.start();
    await this.checkpoints.start();
    const bundle = await loadWorkflowBundle(quietBundlerLogger);
    this.workerLoop = this.runWorker(bundle);
    void this.ensureSchedules();
  }

  /**
   * The retention schedule of kept idempotent answers, created or updated once Temporal answers
   * (retried while it does not, without holding up the rest of the worker).
   */
  private async ensureSchedules(): Promise<void> {
    const taskQueue = this.config.get('TEMPORAL_TASK_QUEUE', { infer: true });
    for (let delay = 1_000; this.running; delay = Math.min(delay * 2, 30_000)) {
      try {
        await ensureIdempotencyRetentionSchedule(this.temporal, taskQueue);
        return;
      } catch (error) {
        if (this.running) this.logger.warn(`retention schedule not set up yet (${String(error)}); retrying in ${delay}ms`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
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
    const all: ActivityFunctions = {
      ...idempotencyRetentionActivities(this.dataSource, this.config.get('IDEMPOTENCY_RETENTION_HOURS', { infer: true })),
    };
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
    const settings = temporalSettingsFrom(temporalEnvironment(this.config));
    const address = settings.address;
    const maxCachedWorkflows = this.config.get('TEMPORAL_MAX_CACHED_WORKFLOWS', { infer: true });
    while (this.running) {
      try {
        this.connection = await NativeConnection.connect({
          address,
          ...(settings.tls ? { tls: settings.tls } : {}),
          ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
        });
        this.worker = await Worker.create({
          connection: this.connection,
          namespace: settings.namespace,
          taskQueue: this.config.get('TEMPORAL_TASK_QUEUE', { infer: true }),
          workflowBundle,
          ...(maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows }),
          activities: this.activities(),
        });
        const run = this.worker.run(); // RUNNING from here on (the SDK sets it before its first await)
        // Shut down while the worker was being created: a worker that never runs never releases its
        // workflow threads, which would keep the process alive; run it and drain it at once instead.
        if (!this.running) this.worker.shutdown();
        else this.logger.log(`Temporal worker polling ${address}`);
        await run;
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
