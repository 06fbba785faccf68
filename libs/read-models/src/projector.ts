import { EventStore, GlobalPosition, hasTypeFilteredRead, RecordedEvent, START_OF_ALL } from '@chengguo/eventstore';
import { DataSource, QueryRunner } from 'typeorm';
import { isAfter, lockCheckpoints, resetCheckpoint } from './checkpoints';
import { FreshTables } from './fresh-tables';
import { LivePages } from './live-pages';
import { applyPage, execute, PageUnitOfWork, RebuildTarget, Statement } from './page-unit-of-work';
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
   * Rebuilds one read model (or all) from $all, all together in one pass (ADR 27): each page of
   * $all is read once — only the event types they read, when the store can filter — and applied to
   * every projection. Resolves once the pass has reached the head; the projections then go on live
   * from their checkpoints.
   *
   * When every projection named declares its `tables`, they are filled as fresh copies while the
   * live tables go on being served and projected, and swapped in at the end in one transaction
   * (see `rebuildIntoFreshTables`). Otherwise they are emptied and refilled in place.
   */
  async rebuild(name?: string): Promise<void> {
    const runners = this.runners.filter((r) => name === undefined || r.projection.name === name);
    if (runners.length === 0) return;
    if (runners.every((r) => (r.projection.tables?.length ?? 0) > 0)) return this.rebuildIntoFreshTables(runners);
    await this.rebuildInPlace(runners);
  }

  /** How the last rebuild went (milliseconds per phase and per projection), for the benchmark and logs. */
  lastRebuild: RebuildTimings | null = null;

  /**
   * Fills fresh copies of the projections' tables (unlogged, without their GIN and query-only indexes) from $all
   * in one pass while the live projections go on; makes the copies logged and builds their other
   * indexes; stops the live projections, applies what was appended meanwhile, and swaps the copies
   * in with the checkpoints in one transaction. A crash before that commit leaves the live tables
   * and checkpoints as they were; after it, the complete new ones. Reads see the live tables
   * throughout, and wait only for the swap's instant.
   */
  private async rebuildIntoFreshTables(runners: ProjectionRunner[]): Promise<void> {
    const timings = newTimings(runners, 'fresh tables');
    const started = performance.now();
    const fresh = await FreshTables.create(
      this.dataSource,
      runners.flatMap((r) => r.projection.tables ?? []),
      new Set(runners.flatMap((r) => r.projection.queryIndexes ?? [])),
    );
    let swapped = false;
    const fill = new FillPass(this.dataSource, fresh.target, runners, timings);
    try {
      let position = await this.replayTogether(runners, START_OF_ALL, (page) => fill.apply(page), timings);
      await fill.drain();
      timings.fillMs = performance.now() - started;
      let phase = performance.now();
      await fresh.finish(this.dataSource);
      timings.finishMs = performance.now() - phase;
      phase = performance.now();
      const live = runners.filter((r) => r.running);
      await Promise.all(live.map((r) => r.stop()));
      try {
        // What was appended meanwhile: most of it now, the rest under the swap's checkpoint locks.
        const catchUp = async (): Promise<GlobalPosition | null> => {
          position = (await this.replayTogether(runners, position ?? START_OF_ALL, (page) => fill.apply(page), timings)) ?? position;
          await fill.drain();
          return position;
        };
        await catchUp();
        await fresh.swap(
          this.dataSource,
          runners.map((r) => r.subscriber),
          catchUp,
        );
        swapped = true;
      } finally {
        timings.swapMs = performance.now() - phase;
        // Only those that were running: a rebuild run on its own (`rebuild-read-models`) projects nothing live.
        await Promise.all(live.map((r) => r.start()));
      }
    } finally {
      await fill.drain().catch(() => undefined); // a failed page's write, already reported
      await fresh.release(this.dataSource, !swapped);
      timings.totalMs = performance.now() - started;
      this.lastRebuild = timings;
    }
  }

  /**
   * Empties the read models and replays $all into them: each page in one transaction that also
   * moves every checkpoint, so a crash mid-rebuild resumes from the last page like any catch-up.
   */
  private async rebuildInPlace(runners: ProjectionRunner[]): Promise<void> {
    const timings = newTimings(runners);
    const started = performance.now();
    const live = runners.filter((r) => r.running);
    await Promise.all(live.map((r) => r.stop()));
    try {
      await this.dataSource.transaction(async (manager) => {
        for (const runner of runners) {
          await runner.projection.reset(manager);
          await resetCheckpoint(manager, runner.subscriber);
        }
      });
      await this.replayTogether(runners, START_OF_ALL, (page) => this.applyTogether(runners, page, timings), timings);
    } finally {
      await Promise.all(live.map((r) => r.start()));
      timings.fillMs = timings.totalMs = performance.now() - started;
      this.lastRebuild = timings;
    }
  }

  /** Events applied since start, for health and tests. */
  get appliedCount(): number {
    return this.runners.reduce((sum, r) => sum + r.applied, 0);
  }

  /**
   * Reads $all once after `from`, page by page (the next page read while this one is applied),
   * until a short page; returns the last event's position (null: none).
   */
  private async replayTogether(
    runners: ProjectionRunner[],
    from: GlobalPosition,
    apply: (page: RecordedEvent[]) => Promise<void>,
    timings: RebuildTimings,
  ): Promise<GlobalPosition | null> {
    const types = [...new Set(runners.flatMap((r) => r.projection.eventTypes))];
    const store = this.store;
    const read = (after: GlobalPosition): Promise<RecordedEvent[]> => {
      const page = hasTypeFilteredRead(store)
        ? store.readAllOfTypes(types, { after, maxCount: REBUILD_PAGE })
        : store.readAll({ after, maxCount: REBUILD_PAGE });
      page.catch(() => undefined); // awaited below; a read-ahead abandoned by a failed page must not go unhandled
      return page;
    };
    let pending: Promise<RecordedEvent[]> | null = read(from);
    let last: GlobalPosition | null = null;
    try {
      while (pending) {
        const waited = performance.now();
        const page: RecordedEvent[] = await pending;
        timings.readWaitMs += performance.now() - waited;
        pending = page.length === REBUILD_PAGE ? read(page[page.length - 1].position) : null;
        if (page.length === 0) continue;
        await apply(page);
        timings.pages += 1;
        timings.events += page.length;
        last = page[page.length - 1].position;
      }
    } finally {
      await pending?.catch(() => undefined);
    }
    return last;
  }

  /**
   * One page, every projection, one transaction: each projection's events after its checkpoint
   * (a redelivered page after a crash is skipped per projection), then every checkpoint moved to
   * the page's end — events a projection ignores are behind it too, so none is read again.
   */
  private async applyTogether(runners: ProjectionRunner[], page: RecordedEvent[], timings: RebuildTimings): Promise<void> {
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
        const began = performance.now();
        await applyPage(runner.projection, fresh, manager);
        timings.applyMs[runner.projection.name] += performance.now() - began;
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

/** Milliseconds per phase of a rebuild, and applying per projection (prefetch, fold and write). */
export interface RebuildTimings {
  mode: 'fresh tables' | 'in place';
  pages: number;
  events: number;
  /** Waiting for a page read (the read otherwise overlaps the previous page's apply). */
  readWaitMs: number;
  /** Fresh tables: waiting for the previous page's write (it otherwise overlaps this page's fold). */
  writeWaitMs: number;
  /** Each projection's prefetch, fold and statements, without the event loop's turns in between. */
  applyMs: Record<string, number>;
  /**
   * Fresh tables: the event loop's turns the fold yields (decoding the page read ahead, parsing
   * replies, sending the previous page's writes); once counted in the projection that yielded.
   */
  turnsMs: number;
  /** Filling until the first pass reached the head (all of it, in place). */
  fillMs: number;
  /** Making the copies logged and building their deferred indexes. */
  finishMs: number;
  /** From stopping the live projections to the swap's commit (the tail appended meanwhile included). */
  swapMs: number;
  totalMs: number;
}

function newTimings(runners: ProjectionRunner[], mode: RebuildTimings['mode'] = 'in place'): RebuildTimings {
  const applyMs = Object.fromEntries(runners.map((r) => [r.projection.name, 0]));
  return { mode, pages: 0, events: 0, readWaitMs: 0, writeWaitMs: 0, applyMs, turnsMs: 0, fillMs: 0, finishMs: 0, swapMs: 0, totalMs: 0 };
}

/**
 * A rebuild's pages into fresh tables. Each page is folded in memory (rows the previous page left
 * are taken from it, keys never written are known to have no row, so most pages read nothing), its
 * statements built, and sent on a connection of its own while the next page is folded — one page
 * in flight at a time. No transactions and asynchronous commit: nothing live depends on the copies
 * until the swap, a failure abandons them and a crash discards them. No checkpoint moves either:
 * the copies' only checkpoint is set by the swap.
 */
class FillPass {
  private writer: QueryRunner | null = null;
  /** Event type → indexes of the runners that read it. */
  private readonly readers = new Map<string, number[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly target: RebuildTarget,
    private readonly runners: ProjectionRunner[],
    private readonly timings: RebuildTimings,
  ) {}

  async apply(page: RecordedEvent[]): Promise<void> {
    const statements: Statement[] = [];
    const shares = this.shares(page);
    for (let r = 0; r < this.runners.length; r++) {
      const runner = this.runners[r];
      const events = shares[r];
      if (events.length === 0) continue;
      const began = performance.now();
      let yielded = 0;
      const unit = new PageUnitOfWork(this.dataSource.manager, this.target);
      await runner.projection.prefetch?.(events, unit);
      for (let i = 0; i < events.length; i++) {
        await runner.projection.apply(events[i], unit);
        // A fold awaits only settled promises: let the writer send its next statement now and then.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) yielded += await this.turn();
      }
      statements.push(...unit.prepare());
      this.timings.applyMs[runner.projection.name] += performance.now() - began - yielded;
      runner.applied += events.length;
      await this.turn();
    }
    const waited = performance.now();
    await this.target.writes(); // the previous page: one in flight
    this.timings.writeWaitMs += performance.now() - waited;
    if (statements.length === 0) return;
    const writer = await this.connection();
    this.target.write(() => execute(writer.manager, statements));
  }

  /**
   * Each runner's events of the page, in order: one pass over the page, each event's type looked up
   * once (a dozen filters of the whole page, one per projection, cost more than some folds).
   */
  private shares(page: RecordedEvent[]): RecordedEvent[][] {
    const shares = this.runners.map((): RecordedEvent[] => []);
    for (const event of page) {
      let readers = this.readers.get(event.type);
      if (readers === undefined) {
        readers = this.runners.flatMap((runner, r) => (runner.reads(event.type) ? [r] : []));
        this.readers.set(event.type, readers);
      }
      for (const r of readers) shares[r].push(event);
    }
    return shares;
  }

  /**
   * One turn of the event loop, timed apart from the fold: what runs in it (decoding the page read
   * ahead, sending the previous page's statements) is not the projection's cost.
   */
  private async turn(): Promise<number> {
    const began = performance.now();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const ms = performance.now() - began;
    this.timings.turnsMs += ms;
    return ms;
  }

  /** Waits for the last page's write and lets its connection go. */
  async drain(): Promise<void> {
    try {
      await this.target.writes();
    } finally {
      const writer = this.writer;
      this.writer = null;
      if (writer) {
        await writer.query('RESET synchronous_commit').catch(() => undefined);
        await writer.release();
      }
    }
  }

  private async connection(): Promise<QueryRunner> {
    if (!this.writer) {
      const writer = this.dataSource.createQueryRunner();
      await writer.connect();
      await writer.query('SET synchronous_commit = off');
      this.writer = writer;
    }
    return this.writer;
  }
}

/** Events folded between two turns of the event loop in a rebuild (so its writes overlap the fold). */
const YIELD_EVERY = 200;

/** Events per page of a rebuild: larger than a live page, so the per-page statements weigh less. */
const REBUILD_PAGE = 2_000;

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

  get running(): boolean {
    return this.subscription.isRunning;
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
