import { EventStore, RecordedEvent } from '@chengguo/eventstore';
import { DataSource } from 'typeorm';
import { isAfter, lockCheckpoint, resetCheckpoint } from './checkpoints';
import { applyPage } from './page-unit-of-work';
import { Projection } from './projection';
import { ProgressRecorder, storeAndAnnounceCheckpoint } from './projection-progress';
import { ResumableSubscription } from './resumable-subscription';

export const projectorSubscriber = (projection: Projection): string => `projector:${projection.name}`;

/**
 * Applies events to the read models, one checkpointed subscription per projection: a new or
 * renamed projection catches up from the start on its own, and one can be rebuilt without touching
 * the others. A page of events (as the subscription reads them) is folded in a page-scoped unit
 * of work (rows read once per key, written back in bulk) and flushed in the same transaction as the
 * checkpoint move, so a crash at any instant neither skips an event nor applies one twice. On an
 * error a projection stops, waits, and resumes from its durable checkpoint.
 */
export class Projector {
  private readonly runners: ProjectionRunner[];

  constructor(store: EventStore, dataSource: DataSource, projections: Projection[]) {
    // One recorder for all: the checkpoint moves past pages a projection does not read are written
    // together, in one statement, rather than one write per projection per page.
    const progress = new ProgressRecorder(dataSource);
    this.runners = projections.map((p) => new ProjectionRunner(store, dataSource, p, progress));
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
    private readonly progress: ProgressRecorder,
  ) {
    this.types = new Set(projection.eventTypes);
    this.subscription = new ResumableSubscription(
      store,
      dataSource,
      projectorSubscriber(projection),
      (event) => this.apply([event]),
      Projector.name,
      (page) => this.apply(page),
    );
  }

  start(): Promise<void> {
    return this.subscription.start();
  }

  async stop(): Promise<void> {
    await this.subscription.stop();
    // A move noted before the stop must not land after a reset (rebuild) and skip events.
    await this.progress.forget(this.subscription.subscriber);
  }

  async rebuild(): Promise<void> {
    await this.stop();
    await this.dataSource.transaction(async (manager) => {
      await this.projection.reset(manager);
      await resetCheckpoint(manager, this.subscription.subscriber);
    });
    await this.start();
  }

  /**
   * Applies a page of events (or one) in one transaction: the rows, then one checkpoint move to the
   * page's last event, announced (pg_notify, delivered on commit) to reads waiting for their writes
   * (ADR 26). A page the projection reads nothing of costs no transaction of its own: its checkpoint
   * move is handed to the recorder, which writes those of all projections together.
   */
  private async apply(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    const relevant = events.filter((e) => this.types.has(e.type));
    if (relevant.length === 0) {
      this.progress.note(this.subscription.subscriber, last);
      return;
    }
    let applied = 0;
    await this.dataSource.transaction(async (manager) => {
      const checkpoint = await lockCheckpoint(manager, this.subscription.subscriber);
      // Events at or before the checkpoint were redelivered after a crash: already applied.
      const fresh = relevant.filter((event) => isAfter(event.position, checkpoint));
      await applyPage(this.projection, fresh, manager);
      applied = fresh.length;
      if (isAfter(last, checkpoint)) await storeAndAnnounceCheckpoint(manager, this.subscription.subscriber, last);
    });
    this.applied += applied;
  }
}
