import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process (the API or the worker), with the process's default metrics
 * (CPU, memory, event loop lag, GC) under `chengguo_`. Metrics are created once per registry, so
 * several apps in one test process keep separate counts.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly commands: Counter<'process' | 'outcome'>;
  readonly commandDuration: Histogram<'process' | 'outcome'>;
  readonly workflowStarts: Counter<'workflow_type' | 'outcome'>;

  constructor(readonly app: 'api' | 'worker') {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry, prefix: 'chengguo_' });
    this.httpRequests = new Counter({
      name: 'chengguo_http_requests_total',
      help: 'HTTP requests answered, by method, declared route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'chengguo_http_request_duration_seconds',
      help: 'Time from the request arriving to its answer being written',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.commands = new Counter({
      name: 'chengguo_commands_total',
      help: 'Commands run through the command path, by process and outcome (accepted, refused by a rule, failed)',
      labelNames: ['process', 'outcome'],
      registers: [this.registry],
    });
    this.commandDuration = new Histogram({
      name: 'chengguo_command_duration_seconds',
      help: 'Time of one command through the command path (prepare, load, decide, append)',
      labelNames: ['process', 'outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.workflowStarts = new Counter({
      name: 'chengguo_workflow_starts_total',
      help: 'Workflow starts asked of Temporal (start and signal-with-start), by type and outcome',
      labelNames: ['workflow_type', 'outcome'],
      registers: [this.registry],
    });
  }

  /** A gauge whose value is computed when Prometheus scrapes (e.g. lag read from checkpoints). */
  scrapedGauge<L extends string>(name: string, help: string, labelNames: L[], collect: (gauge: Gauge<L>) => Promise<void>): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }
}

export const APP_METRICS = Symbol('APP_METRICS');
