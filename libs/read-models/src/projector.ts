import { EventStore, RecordedEvent } from '@chengguo/eventstore';
import { DataSource } from 'typeorm';
import { advanceCheckpoint, resetCheckpoint } from './checkpoints';
import { Projection } from './projection';
import { ResumableSubscription } from './resumable-subscription';

export const projectorSubscriber = (projection: Projection): string => `projector:${projection.name}`;

/**
 * Applies events to the read models, one checkpointed subscription per projection: a new or
 * renamed projection catches up from the start on its own, and one can be rebuilt without touching
 * the others. Each event's rows and the checkpoint move in one transaction, so a crash at any
 * instant neither skips an event nor applies one twice. On an error a projection stops, waits,
 * and resumes from its durable checkpoint.
 */
export class Projector {
  private readonly runners: ProjectionRunner[];

  constructor(store: EventStore, dataSource: DataSource, projections: Projection[]) {
    this.runners = projections.map((p) => new ProjectionRunner(store, dataSource, p));
  }

  async start(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /** Empties one read model (or all) and replays $all into it from the start. */
  async rebuild(name?: string): Promise<void> {
    for (const runner of this.runners.filter((r) => name === undefined || r.projection.name === name)) await runner.rebuild();
  }

  /** Events applied since start, for health and tests. */
  get appliedCount(): number {
    return this.runners.reduce((sum, r) => sum + r.applied, 0);
  }
}

class ProjectionRunner {
  private readonly types: Set<string>;
  private readonly subscription: ResumableSubscription;
  applied = 0;

  constructor(
    store: EventStore,
    private readonly dataSource: DataSource,
    readonly projection: Projection,
  ) {
    this.types = new Set(projection.eventTypes);
    this.subscription = new ResumableSubscription(store, dataSource, projectorSubscriber(projection), (event) => this.apply(event), Projector.name);
  }

  start(): Promise<void> {
    return this.subscription.start();
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }

  async rebuild(): Promise<void> {
    await this.stop();
    await this.dataSource.transaction(async (manager) => {
      await this.projection.reset(manager);
      await resetCheckpoint(manager, this.subscription.subscriber);
    });
    await this.start();
  }

  private async apply(event: RecordedEvent): Promise<void> {
    // Events the projection does not read are skipped without a write: after a restart they are
    // read again and skipped again, which costs a little reading and nothing else.
    if (!this.types.has(event.type)) return;
    await this.dataSource.transaction(async (manager) => {
      if (!(await advanceCheckpoint(manager, this.subscription.subscriber, event.position))) return;
      await this.projection.apply(event, manager);
    });
    this.applied++;
  }
}
