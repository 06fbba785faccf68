import {
  comparePositions,
  EventStore,
  GlobalPosition,
  hasEventTypeCounts,
  hasHeadOfAll,
  hasTypeFilteredRead,
  RecordedEvent,
  START_OF_ALL,
} from '@chengguo/eventstore';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { isAfter, lockCheckpoints, resetCheckpoint } from './checkpoints';
import { FreshTables } from './fresh-tables';
import { LivePages } from './live-pages';
import { applyPage } from './page-unit-of-work';
import { Projection } from './projection';
import { PROGRESS_CHANNEL } from './projection-progress';
import { addTimings, FillPass, newTimings, RebuildTimings, replayPages } from './rebuild-fill';
import { RebuildThread, RebuildThreadNotLoaded, RebuildThreadOptions, splitInTwo, ThreadPass } from './rebuild-threads';
import { ResumableSubscription } from './resumable-subscription';

export type { RebuildTimings } from './rebuild-fill';
export type { ProjectionSource, RebuildThreadOptions } from './rebuild-threads';

export interface ProjectorOptions {
  /**
   * A rebuild into fresh tables folds about half of its projections in a thread of its own (ADR 27),
   * when the store can read by type and tell its head, and the thread can load the same projections.
   */
  rebuildThread?: RebuildThreadOptions;
}

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
  /** Rebuild threads running (ended by `stop`, which fails their rebuild). */
  private readonly threads = new Set<RebuildThread>();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    projections: readonly Projection[],
    private readonly options: ProjectorOptions = {},
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
    await Promise.all([...this.threads].map((t) => t.terminate()));
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
   *
   * With a thread's options (and a store that reads by type and tells its head), the projections
   * are split in two groups and one is folded in a worker thread, with its own reads, fold and
   * writer (Node's CPU was the bound: one core). Each group reads up to its own position; a pass
   * first asks the head, which each group has then seen all of its types up to, so the checkpoints
   * move at least there. A failure of either group ends the other and fails the rebuild.
   */
  private async rebuildIntoFreshTables(runners: ProjectionRunner[]): Promise<void> {
    const timings = newTimings(
      runners.map((r) => r.projection),
      'fresh tables',
    );
    const started = performance.now();
    const [local, threaded] = await this.splitForThread(runners);
    // Started first: it loads its modules while the copies are made.
    const thread = threaded.length > 0 ? this.startThread(threaded) : null;
    timings.threaded = threaded.map((r) => r.projection.name);
    let swapped = false;
    let fresh: FreshTables | null = null;
    let fill: FillPass | null = null;
    // The thread's group folded here instead, when the thread could not load it.
    let fallback: FillPass | null = null;
    let threadPass: ThreadPass | null = null;
    try {
      fresh = await FreshTables.create(
        this.dataSource,
        runners.flatMap((r) => r.projection.tables ?? []),
        new Set(runners.flatMap((r) => r.projection.queryIndexes ?? [])),
      );
      const copies = fresh;
      const pass = (fill = new FillPass(
        this.dataSource,
        copies.target,
        local.map((r) => r.projection),
        timings,
      ));
      const localTypes = [...new Set(local.flatMap((r) => r.projection.eventTypes))];
      const threadTypes = [...new Set(threaded.flatMap((r) => r.projection.eventTypes))];
      // Each group reads on its own, so each has its own position (the thread's: none without a thread).
      const replay = async (from: Positions): Promise<Positions> => {
        // Two groups: each has seen every event of its types up to the head asked for before it read.
        const head = thread && hasHeadOfAll(this.store) ? await this.store.headOfAll() : null;
        let failure: { error: unknown } | null = null;
        const fail = (error: unknown): void => {
          failure ??= { error };
        };
        // One group's pass here: its types from its position, stopping at the next page once either group failed.
        const folded = async (group: FillPass, types: string[], after: GlobalPosition | null): Promise<GlobalPosition | null> => {
          const position = await replayPages(
            this.store,
            types,
            after ?? START_OF_ALL,
            (page) => (failure ? Promise.reject(failure.error) : group.apply(page)),
            timings,
          );
          await group.drain();
          return position;
        };
        const mine = folded(pass, localTypes, from[0]).catch(async (error: unknown) => {
          fail(error);
          await thread?.terminate(); // its pass fails at once, not at the end of $all
          throw error;
        });
        const theirs: Promise<GlobalPosition | null> = !thread
          ? Promise.resolve(null)
          : fallback
            ? mine.then(() => folded(fallback!, threadTypes, from[1]))
            : thread.replay(from[1], copies.redirects).then(
                (done) => ((threadPass = done), done.position),
                async (error: unknown) => {
                  if (!(error instanceof RebuildThreadNotLoaded)) throw error;
                  // It read and wrote nothing: its group is folded here, after this one's pass.
                  timings.threadError = error.message;
                  timings.threaded = [];
                  fallback = new FillPass(
                    this.dataSource,
                    copies.target,
                    threaded.map((r) => r.projection),
                    timings,
                  );
                  await mine;
                  return folded(fallback, threadTypes, from[1]);
                },
              );
        const failed = theirs.catch((error: unknown) => {
          fail(error);
          throw error;
        });
        const [a, b] = await Promise.allSettled([mine, failed]);
        if (failure) throw (failure as { error: unknown }).error;
        if (a.status === 'rejected' || b.status === 'rejected') throw new Error('unreachable: a failed pass sets the failure');
        return [latest(from[0], a.value, head), thread ? latest(from[1], b.value, head) : null];
      };
      let positions = await replay([null, null]);
      timings.fillMs = performance.now() - started;
      let phase = performance.now();
      await copies.finish(this.dataSource);
      timings.finishMs = performance.now() - phase;
      phase = performance.now();
      const live = runners.filter((r) => r.running);
      await Promise.all(live.map((r) => r.stop()));
      try {
        // What was appended meanwhile: most of it now, the rest under the swap's checkpoint locks.
        const catchUp = async (): Promise<Positions> => (positions = await replay(positions));
        await catchUp();
        await copies.swap(this.dataSource, [local.map((r) => r.subscriber), threaded.map((r) => r.subscriber)], catchUp);
        swapped = true;
      } finally {
        timings.swapMs = performance.now() - phase;
        // Only those that were running: a rebuild run on its own (`rebuild-read-models`) projects nothing live.
        await Promise.all(live.map((r) => r.start()));
      }
    } finally {
      if (thread) {
        await (swapped ? thread.close() : thread.terminate()).catch(() => undefined);
        this.threads.delete(thread);
      }
      // A failed page's write, already reported; both passes' before their copies are released.
      const fellBack = fallback as FillPass | null;
      await Promise.all([fill, fellBack].map((pass) => pass?.drain().catch(() => undefined)));
      await fresh?.release(this.dataSource, !swapped);
      if (fill) local.forEach((r, i) => (r.applied += fill!.applied[i]));
      if (fellBack) threaded.forEach((r, i) => (r.applied += fellBack.applied[i]));
      const done = threadPass as ThreadPass | null;
      if (done) {
        addTimings(timings, done.timings);
        threaded.forEach((r, i) => (r.applied += done.applied[i] ?? 0));
      }
      timings.totalMs = performance.now() - started;
      this.lastRebuild = timings;
    }
  }

  /**
   * The projections folded here and those a thread folds: two groups sharing as few event types as
   * they can, weighed by the store's events per type (`splitInTwo`), when the projector was given a thread's options, the store can read by
   * type and tell its head, and the module named exports these very projections. Else all here.
   */
  private async splitForThread(runners: ProjectionRunner[]): Promise<[ProjectionRunner[], ProjectionRunner[]]> {
    const options = this.options.rebuildThread;
    const url = (this.dataSource.options as PostgresConnectionOptions).url;
    const store = this.store;
    if (!options || !url || !hasTypeFilteredRead(store) || !hasHeadOfAll(store) || !hasEventTypeCounts(store)) return [runners, []];
    const counts = await store.eventTypeCounts();
    const [local, threaded] = splitInTwo(
      runners.map((r) => r.projection),
      (type) => counts.get(type) ?? 0,
    );
    if (local.length === 0 || threaded.length === 0) return [runners, []];
    // Too few events for the thread to win back what starting it costs.
    const threadEvents = [...new Set(threaded.flatMap((p) => p.eventTypes))].reduce((sum, t) => sum + (counts.get(t) ?? 0), 0);
    if (threadEvents < (options.minEvents ?? THREAD_MIN_EVENTS)) return [runners, []];
    const source = (await import(options.source.module)) as Record<string, unknown>;
    const same = source[options.source.projections] as readonly Projection[] | undefined;
    // An ad-hoc projection (or a copy of one) would not be the one the thread loads.
    if (!threaded.every((p) => same?.includes(p))) return [runners, []];
    return [runners.filter((r) => local.includes(r.projection)), runners.filter((r) => threaded.includes(r.projection))];
  }

  private startThread(runners: ProjectionRunner[]): RebuildThread {
    const options = this.options.rebuildThread!;
    const thread = new RebuildThread(options, {
      source: options.source,
      names: runners.map((r) => r.projection.name),
      eventStoreUrl: options.eventStoreUrl,
      readModelUrl: (this.dataSource.options as PostgresConnectionOptions).url!,
    });
    this.threads.add(thread);
    return thread;
  }

  /**
   * Empties the read models and replays $all into them: each page in one transaction that also
   * moves every checkpoint, so a crash mid-rebuild resumes from the last page like any catch-up.
   */
  private async rebuildInPlace(runners: ProjectionRunner[]): Promise<void> {
    const timings = newTimings(runners.map((r) => r.projection));
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
      await replayPages(
        this.store,
        [...new Set(runners.flatMap((r) => r.projection.eventTypes))],
        START_OF_ALL,
        (page) => this.applyTogether(runners, page, timings),
        timings,
      );
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

/** Events a rebuild thread's group must have (estimated) for it to start (`RebuildThreadOptions.minEvents`). */
const THREAD_MIN_EVENTS = 150_000;

/** Where a rebuild's groups stand: the projections folded here, those a thread folds (ADR 27). */
type Positions = [GlobalPosition | null, GlobalPosition | null];

/** The furthest of some positions (null: none of them). */
function latest(...positions: Array<GlobalPosition | null>): GlobalPosition | null {
  return positions.reduce<GlobalPosition | null>((a, b) => (a === null ? b : b === null || comparePositions(a, b) >= 0 ? a : b), null);
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
