import { EventStore, GlobalPosition, hasTypeFilteredRead, RecordedEvent } from '@chengguo/eventstore';
import { DataSource, QueryRunner } from 'typeorm';
import { execute, PageUnitOfWork, RebuildTarget, Statement } from './page-unit-of-work';
import { Projection } from './projection';

/** Milliseconds per phase of a rebuild, and applying per projection (prefetch, fold and write). */
export interface RebuildTimings {
  mode: 'fresh tables' | 'in place';
  pages: number;
  events: number;
  /** Projections folded in a second thread beside this one (fresh tables; ADR 27); none: one thread. */
  threaded: string[];
  /** Why the thread could not load its projections (they were folded on the main thread instead). */
  threadError?: string;
  /** Waiting for a page read (the read otherwise overlaps the previous page's apply); both threads' summed. */
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

export function newTimings(projections: readonly Projection[], mode: RebuildTimings['mode'] = 'in place'): RebuildTimings {
  const applyMs = Object.fromEntries(projections.map((p) => [p.name, 0]));
  return {
    mode,
    pages: 0,
    events: 0,
    threaded: [],
    readWaitMs: 0,
    writeWaitMs: 0,
    applyMs,
    turnsMs: 0,
    fillMs: 0,
    finishMs: 0,
    swapMs: 0,
    totalMs: 0,
  };
}

/** Adds what a thread measured to the rebuild's timings (its phases are the caller's). */
export function addTimings(into: RebuildTimings, from: RebuildTimings): void {
  into.pages += from.pages;
  into.events += from.events;
  into.readWaitMs += from.readWaitMs;
  into.writeWaitMs += from.writeWaitMs;
  into.turnsMs += from.turnsMs;
  for (const [name, ms] of Object.entries(from.applyMs)) into.applyMs[name] = (into.applyMs[name] ?? 0) + ms;
}

/** Events per page of a rebuild: larger than a live page, so the per-page statements weigh less. */
export const REBUILD_PAGE = 2_000;

/** Events folded between two turns of the event loop in a rebuild (so its writes overlap the fold). */
const YIELD_EVERY = 200;

/**
 * Reads $all once after `from`, only `types` when the store can filter, page by page (the next
 * page read while this one is applied), until a short page; returns the last event's position
 * (null: none).
 */
export async function replayPages(
  store: EventStore,
  types: readonly string[],
  from: GlobalPosition,
  apply: (page: RecordedEvent[]) => Promise<void>,
  timings: RebuildTimings,
): Promise<GlobalPosition | null> {
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
 * A rebuild's pages into fresh tables. Each page is folded in memory (rows the previous page left
 * are taken from it, keys never written are known to have no row, so most pages read nothing), its
 * statements built, and sent on a connection of its own while the next page is folded — one page
 * in flight at a time. No transactions and asynchronous commit: nothing live depends on the copies
 * until the swap, a failure abandons them and a crash discards them. No checkpoint moves either:
 * the copies' only checkpoint is set by the swap.
 */
export class FillPass {
  private writer: QueryRunner | null = null;
  /** Event type → indexes of the projections that read it. */
  private readonly readers = new Map<string, number[]>();
  private readonly types: ReadonlySet<string>[];
  /** Events applied, per projection (in the order given). */
  readonly applied: number[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly target: RebuildTarget,
    private readonly projections: readonly Projection[],
    private readonly timings: RebuildTimings,
  ) {
    this.types = projections.map((p) => new Set(p.eventTypes));
    this.applied = projections.map(() => 0);
  }

  async apply(page: RecordedEvent[]): Promise<void> {
    const statements: Statement[] = [];
    const shares = this.shares(page);
    for (let r = 0; r < this.projections.length; r++) {
      const projection = this.projections[r];
      const events = shares[r];
      if (events.length === 0) continue;
      const began = performance.now();
      let yielded = 0;
      const unit = new PageUnitOfWork(this.dataSource.manager, this.target);
      await projection.prefetch?.(events, unit);
      for (let i = 0; i < events.length; i++) {
        await projection.apply(events[i], unit);
        // A fold awaits only settled promises: let the writer send its next statement now and then.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) yielded += await this.turn();
      }
      statements.push(...unit.prepare());
      this.timings.applyMs[projection.name] += performance.now() - began - yielded;
      this.applied[r] += events.length;
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
   * Each projection's events of the page, in order: one pass over the page, each event's type looked
   * up once (a dozen filters of the whole page, one per projection, cost more than some folds).
   */
  private shares(page: RecordedEvent[]): RecordedEvent[][] {
    const shares = this.projections.map((): RecordedEvent[] => []);
    for (const event of page) {
      let readers = this.readers.get(event.type);
      if (readers === undefined) {
        readers = this.types.flatMap((types, r) => (types.has(event.type) ? [r] : []));
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
