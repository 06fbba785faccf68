import { EventStore, GlobalPosition, hasTypeFilteredRead, RecordedEvent, START_OF_ALL } from '@chengguo/eventstore';
import { DataSource, EntityManager } from 'typeorm';
import { isAfter, resetCheckpoint } from './checkpoints';
import { LivePages } from './live-pages';
import { applyPage } from './page-unit-of-work';
import { Projection } from './projection';
import { PROGRESS_CHANNEL } from './projection-progress';
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

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    projections: Projection[],
  ) {
    // Live pages of all projections are committed together: one transaction per page of $all,
    // not one per projection (ADR 26).
    const pages = new LivePages(dataSource);
    this.runners = projections.map((p) => new ProjectionRunner(store, dataSource, p, pages));
  }

  async start(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /**
   * Empties one read model (or all) and replays $all into them from the start, all together in one
   * pass (ADR 27): each page of $all is read once — only the event types they read, when the store
   * can filter — and applied to every projection in one transaction that also moves each one's
   * checkpoint, so a crash mid-rebuild resumes from the last page like any catch-up. Resolves once
   * the pass has reached the head; the projections then go on live from their checkpoints.
   */
  async rebuild(name?: string): Promise<void> {
    const runners = this.runners.filter((r) => name === undefined || r.projection.name === name);
    if (runners.length === 0) return;
    await Promise.all(runners.map((r) => r.stop()));
    try {
      await this.dataSource.transaction(async (manager) => {
        for (const runner of runners) {
          await runner.projection.reset(manager);
          await resetCheckpoint(manager, runner.subscriber);
        }
      });
      await this.replayTogether(runners);
    } finally {
      await Promise.all(runners.map((r) => r.start()));
    }
  }

  /** Events applied since start, for health and tests. */
  get appliedCount(): number {
    return this.runners.reduce((sum, r) => sum + r.applied, 0);
  }

  /** Reads $all once, page by page (the next page read while this one is applied), until a short page. */
  private async replayTogether(runners: ProjectionRunner[]): Promise<void> {
    const types = [...new Set(runners.flatMap((r) => r.projection.eventTypes))];
    const store = this.store;
    const read = (after: GlobalPosition): Promise<RecordedEvent[]> => {
      const page = hasTypeFilteredRead(store)
        ? store.readAllOfTypes(types, { after, maxCount: REBUILD_PAGE })
        : store.readAll({ after, maxCount: REBUILD_PAGE });
      page.catch(() => undefined); // awaited below; a read-ahead abandoned by a failed page must not go unhandled
      return page;
    };
    let pending: Promise<RecordedEvent[]> | null = read(START_OF_ALL);
    try {
      while (pending) {
        const page: RecordedEvent[] = await pending;
        pending = page.length === REBUILD_PAGE ? read(page[page.length - 1].position) : null;
        if (page.length > 0) await this.applyTogether(runners, page);
      }
    } finally {
      await pending?.catch(() => undefined);
    }
  }

  /**
   * One page, every projection, one transaction: each projection's events after its checkpoint
   * (a redelivered page after a crash is skipped per projection), then every checkpoint moved to
   * the page's end — events a projection ignores are behind it too, so none is read again.
   */
  private async applyTogether(runners: ProjectionRunner[], page: RecordedEvent[]): Promise<void> {
    const last = page[page.length - 1].position;
    const applied = new Map<ProjectionRunner, number>();
    await this.dataSource.transaction(async (manager) => {
      // Rows and checkpoints commit together, so an asynchronous commit lost in a crash loses both:
      // the rebuild resumes from an earlier page, never from a checkpoint ahead of its rows.
      await manager.query('SET LOCAL synchronous_commit = off');
      const checkpoints = await lockCheckpoints(
        manager,
        runners.map((r) => r.subscriber),
      );
      for (const runner of runners) {
        const checkpoint = checkpoints.get(runner.subscriber)!;
        const fresh = page.filter((e) => runner.reads(e.type) && isAfter(e.position, checkpoint));
        await applyPage(runner.projection, fresh, manager);
        applied.set(runner, fresh.length);
      }
      // Announced like a live move (ADR 26): a read waiting for its write answers during a rebuild too.
      await manager.query(
        `WITH moved AS (
           UPDATE read_models.subscription_checkpoints SET commit_position = $2, prepare_position = $3, updated_at = now()
            WHERE subscriber = ANY($1) AND (commit_position, prepare_position) < ($2::bigint, $3::bigint) RETURNING subscriber)
         SELECT pg_notify($4, subscriber || ' ' || $2 || ' ' || $3) FROM moved`,
        [runners.map((r) => r.subscriber), last.commit.toString(), last.prepare.toString(), PROGRESS_CHANNEL],
      );
    });
    for (const [runner, count] of applied) runner.applied += count;
  }
}

/** Events per page of a rebuild: larger than a live page, so the per-page statements weigh less. */
const REBUILD_PAGE = 2_000;

/** Locks (creating them) several subscribers' checkpoints in two statements. */
async function lockCheckpoints(manager: EntityManager, subscribers: string[]): Promise<Map<string, GlobalPosition>> {
  await manager.query(
    `INSERT INTO read_models.subscription_checkpoints (subscriber, commit_position, prepare_position)
     SELECT s, -1, -1 FROM unnest($1::text[]) AS s ON CONFLICT (subscriber) DO NOTHING`,
    [subscribers],
  );
  const rows: Array<{ subscriber: string; commit_position: string; prepare_position: string }> = await manager.query(
    `SELECT subscriber, commit_position, prepare_position FROM read_models.subscription_checkpoints
      WHERE subscriber = ANY($1) ORDER BY subscriber FOR UPDATE`,
    [subscribers],
  );
  return new Map(rows.map((r) => [r.subscriber, { commit: BigInt(r.commit_position), prepare: BigInt(r.prepare_position) }]));
}

class ProjectionRunner {
  private readonly types: Set<string>;
  private readonly subscription: ResumableSubscription;
  applied = 0;

  constructor(
    store: EventStore,
    dataSource: DataSource,
    readonly projection: Projection,
    private readonly pages: LivePages,
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

  /** Resolves once no page of this projection is being committed (its handler awaits the commit). */
  stop(): Promise<void> {
    return this.subscription.stop();
  }

  get subscriber(): string {
    return this.subscription.subscriber;
  }

  reads(type: string): boolean {
    return this.types.has(type);
  }

  /**
   * Applies a page of events (or one): the rows, then the checkpoint moved to the page's last event,
   * announced (pg_notify, delivered on commit) to reads waiting for their writes (ADR 26) — even
   * when the page holds nothing this projection reads, so "checkpoint ≥ position" holds for every
   * projection once it has read a write. Committed together with the other projections' shares of
   * the same page.
   */
  private async apply(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    const relevant = events.filter((e) => this.types.has(e.type));
    this.applied += await this.pages.commit(this.subscription.subscriber, this.projection, relevant, last);
  }
}
