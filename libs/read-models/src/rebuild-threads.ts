import { GlobalPosition } from '@chengguo/eventstore';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Projection } from './projection';
import { RebuildTimings } from './rebuild-fill';

/**
 * Where a rebuild's second thread finds the very projections this process was given (a thread
 * cannot be handed objects, only told what to load): a module, by the absolute path `require`
 * resolves in this process (`.js` when built, `.ts` under a loader), and the names of its exports.
 */
export interface ProjectionSource {
  module: string;
  /** The export holding the projections (`readonly Projection[]`). */
  projections: string;
  /** The export holding the read models' entities and migrations (`ReadModelModule[]`). */
  readModels: string;
}

/** A rebuild into fresh tables folding half of its projections in a thread of their own (ADR 27). */
export interface RebuildThreadOptions {
  source: ProjectionSource;
  /** The PostgreSQL event store the thread reads, on a pool of its own. */
  eventStoreUrl: string;
  /**
   * Fewer events than this (estimated) in the thread's group, and one thread folds them all: a
   * thread first spends ≈ 1.7 s of CPU loading every process's modules (default 150,000 events,
   * ≈ 4 s of folding).
   */
  minEvents?: number;
  /** Node options of the thread instead of the process's, which it inherits otherwise (a spec's TypeScript loader). */
  execArgv?: string[];
}

/** What the thread is started with. */
export interface RebuildThreadInit {
  source: ProjectionSource;
  names: string[];
  eventStoreUrl: string;
  readModelUrl: string;
}

/** One pass of the thread's projections from `from` (null: the start) into the fresh tables named. */
export interface ReplayRequest {
  kind: 'replay';
  id: number;
  from: GlobalPosition | null;
  /** Live table → its fresh copy, as SQL names them. */
  redirects: Array<[string, string]>;
}

export type ThreadRequest = ReplayRequest | { kind: 'close'; id: number };

export type ThreadReply =
  | { id: number; position: GlobalPosition | null; timings: RebuildTimings; applied: number[] }
  | { id: number; error: { message: string; stack?: string; code?: string; notLoaded: boolean } };

/** The thread could not load its projections (e.g. TypeScript sources without a loader): it did nothing. */
export class RebuildThreadNotLoaded extends Error {}

/** The thread's result of a pass: where it stands, and its cumulative timings and counts. */
export interface ThreadPass {
  position: GlobalPosition | null;
  timings: RebuildTimings;
  applied: number[];
}

/**
 * Two groups of projections whose event types overlap as little as possible, of about equal work:
 * each projection (heaviest first) joins the group it leaves the lighter, counting each type's
 * `weight` (its events in the store) once for reading and decoding it, and once more per
 * projection folding it. The second group may be empty (nothing to split).
 */
export function splitInTwo<P extends Pick<Projection, 'eventTypes'>>(
  projections: readonly P[],
  weight: (type: string) => number,
): [P[], P[]] {
  const groups: Array<{ members: Set<P>; types: Set<string>; work: number }> = [
    { members: new Set(), types: new Set(), work: 0 },
    { members: new Set(), types: new Set(), work: 0 },
  ];
  const folds = (p: P): number => p.eventTypes.reduce((sum, t) => sum + weight(t), 0);
  const reads = (p: P, types: Set<string>): number => p.eventTypes.reduce((sum, t) => sum + (types.has(t) ? 0 : weight(t)), 0);
  const order = [...projections].sort((a, b) => folds(b) - folds(a));
  for (const projection of order) {
    const joined = groups.map((g) => g.work + reads(projection, g.types) + folds(projection));
    // The heavier of the two once it has joined, as light as it can be; ties: the lighter group now.
    const heavier = (i: number): number => Math.max(joined[i], groups[1 - i].work);
    const chosen = heavier(0) < heavier(1) || (heavier(0) === heavier(1) && groups[0].work <= groups[1].work) ? 0 : 1;
    const group = groups[chosen];
    group.work = joined[chosen];
    group.members.add(projection);
    for (const type of projection.eventTypes) group.types.add(type);
  }
  // Each group's projections in the order given.
  return groups.map((g) => projections.filter((p) => g.members.has(p))) as [P[], P[]];
}

/**
 * The main thread's handle on a rebuild thread: passes asked one at a time, a failure of the
 * thread (an error it reports, an uncaught one, its exit) rejects the pass waiting for it.
 */
export class RebuildThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (reply: ThreadReply) => void; reject: (error: unknown) => void }>();
  private nextId = 1;
  private ended: Error | null = null;
  private loaded = false;

  constructor(options: RebuildThreadOptions, init: RebuildThreadInit) {
    // Beside this module: rebuild-thread.js when built, .ts under a TypeScript loader.
    const entry = join(__dirname, `rebuild-thread${extname(__filename)}`);
    // Without execArgv the thread inherits the process's (a loader's --require too); V8's flags
    // (--max-semi-space-size) are the process's anyway, and refused in a thread's own list.
    this.worker = new Worker(entry, { workerData: init, ...(options.execArgv ? { execArgv: options.execArgv } : {}) });
    this.worker.on('message', (reply: ThreadReply | { loaded: true }) => {
      if ('loaded' in reply) {
        this.loaded = true;
        return;
      }
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      waiting?.resolve(reply);
    });
    // Before it has loaded (its entry or its projections failing to load) it has done nothing.
    const failed = (error: Error): Error =>
      this.loaded ? error : Object.assign(new RebuildThreadNotLoaded(error.message), { cause: error });
    this.worker.on('error', (error) => this.end(failed(error)));
    this.worker.on('exit', (code) => this.end(failed(new Error(`rebuild thread exited (code ${code})`))));
  }

  async replay(from: GlobalPosition | null, redirects: Array<[string, string]>): Promise<ThreadPass> {
    const reply = await this.ask((id) => ({ kind: 'replay', id, from, redirects }));
    if ('error' in reply)
      throw Object.assign(
        reply.error.notLoaded ? new RebuildThreadNotLoaded(reply.error.message) : new Error(reply.error.message),
        reply.error,
      );
    return reply;
  }

  /** Lets the thread finish its last write and close its connections, then ends it. */
  async close(): Promise<void> {
    if (this.ended) return;
    const reply = await this.ask((id) => ({ kind: 'close', id })).catch(() => null);
    await this.terminate();
    if (reply && 'error' in reply) throw Object.assign(new Error(reply.error.message), reply.error);
  }

  /** Ends the thread now (its connections close with it; PostgreSQL rolls back what they had open). */
  async terminate(): Promise<void> {
    this.end(new Error('rebuild thread terminated'));
    await this.worker.terminate();
  }

  private ask(request: (id: number) => ThreadRequest): Promise<ThreadReply> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise<ThreadReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage(request(id));
    });
  }

  private end(error: Error): void {
    this.ended ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
