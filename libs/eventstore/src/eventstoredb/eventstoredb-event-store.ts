import {
  ANY,
  AllStreamSubscription,
  AppendExpectedRevision,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventData,
  EventStoreDBClient,
  FORWARDS,
  JSONType,
  NO_STREAM,
  NotLeaderError,
  Position,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  convertToCommandError,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import {
  AppendOptions,
  AppendResult,
  EventIdConflictError,
  EventMetadata,
  EventStore,
  EventStoreUnavailableError,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
  validateConditions,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { ChainLink, GENESIS_HASH, HashChainReader, ReadChainOptions, StreamHead, computeEventHash } from '../hash-chain';
import { canonicalJson } from '@chengguo/kernel';
import { upcastEvent } from '../upcasters';

export interface EventStoreDbEventStoreOptions {
  /** esdb:// or esdb+discover:// (kurrentdb:// and kurrentdb+discover:// are accepted as aliases). */
  connectionString: string;
  /**
   * When event ids are compared with the stream (see `append`).
   * - 'before-append' (default): read the stream first, then append. Two round trips, but the same
   *   semantics as the PostgreSQL adapter.
   * - 'on-conflict': append first, read only when the server refuses. One round trip on the happy
   *   path, but a retry whose expected revision equals the current one writes duplicates, and a
   *   retry the server absorbs natively reports written: true.
   */
  eventIdCheck?: 'before-append' | 'on-conflict';
}

/** The fields of an EventStoreDB recorded event this adapter uses (JSON and binary alike). */
interface StoredEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

const DEFAULT_READ_ALL_MAX_COUNT = 1000;
/** Servers before 22.6 send no position with stream reads. */
const UNKNOWN_POSITION: GlobalPosition = Object.freeze({ commit: -1n, prepare: -1n });

/**
 * EventStoreDB adapter of the event-store port (production). Semantics follow the PostgreSQL
 * adapter; the differences EventStoreDB forces are noted where they arise.
 */
export class EventStoreDbEventStore implements EventStore, HashChainReader {
  private readonly client: EventStoreDBClient;
  private readonly checkBeforeAppend: boolean;

  constructor(options: EventStoreDbEventStoreOptions) {
    // The configuration accepts KurrentDB schemes; this client version only parses esdb ones.
    const connectionString = options.connectionString.replace(/^kurrentdb(\+discover)?:\/\//i, 'esdb$1://');
    this.client = EventStoreDBClient.connectionString(connectionString);
    this.checkBeforeAppend = (options.eventIdCheck ?? 'before-append') === 'before-append';
  }

  /**
   * EventStoreDB keeps no unique index of event ids: it only recognises a retry when the expected
   * revision is older than the stream (or, for `any`, while the ids are still in its cache), it
   * writes duplicates when the expected revision is current, and a retry it absorbs answers like a
   * fresh write. So ids are compared with the stream here, not left to the server.
   */
  async append(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    return this.guard(async () => {
      const ids = events.map((e) => e.eventId.toLowerCase());
      if (new Set(ids).size !== ids.length) {
        // PostgreSQL refuses these through its unique index.
        throw new EventIdConflictError(
          streamId,
          events.map((e) => e.eventId),
        );
      }
      const conditions = options.alsoExpect ?? [];
      if (conditions.length > 0) {
        validateConditions(streamId, conditions);
        // EventStoreDB appends to one stream at a time and has no condition on another: each
        // condition stream's head is read (from the leader) just before the append. This is a check,
        // not an atomic guarantee — a write to a condition stream landing between this read and the
        // append goes unnoticed (the PostgreSQL adapter locks the rows and has no such window).
        for (const condition of conditions) {
          const { revision } = await this.head(condition.streamId);
          if (revision === condition.revision) continue;
          // An identical retry whose events are already stored is answered as such, as without conditions.
          const stored = await this.storedEventIds(streamId);
          if (events.length > 0 && ids.every((id) => stored.eventIds.has(id)))
            return { written: false, nextExpectedRevision: stored.revision };
          throw new WrongExpectedRevisionError(condition.streamId, condition.revision === -1 ? 'no_stream' : condition.revision, revision);
        }
      }
      const expected = toEsdbExpectedRevision(expectedRevision);
      if (expected === null) return this.settle(streamId, events, expectedRevision, true);
      // The hash chain needs the stream's head, so the append always names the exact revision it
      // chained onto; a caller that said any/stream_exists is retried when another writer got in.
      for (let attempt = 0; ; attempt++) {
        const head = this.checkBeforeAppend || events.length === 0 ? await this.storedEventIds(streamId) : await this.head(streamId);
        if (this.checkBeforeAppend || events.length === 0) {
          const settled = this.settleWith(head, streamId, events, expectedRevision, false);
          if (settled) return settled;
        } else if (!satisfies(expectedRevision, head.revision)) {
          return this.settle(streamId, events, expectedRevision, true);
        }
        let prevHash = head.lastHash ?? GENESIS_HASH;
        const data = events.map((event, index) => {
          const hash = computeEventHash({
            prevHash,
            streamId,
            revision: head.revision + 1 + index,
            eventId: event.eventId,
            type: event.type,
            schemaVersion: event.schemaVersion,
            dataText: canonicalJson(event.data),
            metadataText: canonicalJson(event.metadata),
            recordedAtText: '',
          });
          const eventData = toEventData(event, prevHash, hash);
          prevHash = hash;
          return eventData;
        });
        try {
          const result = await this.client.appendToStream(streamId, data, {
            expectedRevision: head.revision === -1 ? NO_STREAM : BigInt(head.revision),
          });
          // success is false instead of a throw when the connection string sets throwOnAppendFailure=false
          if (result.success) return { written: true, nextExpectedRevision: Number(result.nextExpectedRevision) };
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
        }
        const retriable = (expectedRevision === 'any' || expectedRevision === 'stream_exists') && attempt < 10;
        if (!retriable) return this.settle(streamId, events, expectedRevision, true);
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    let fromRevision = options.fromRevision;
    if (fromRevision !== undefined && fromRevision < 0) {
      if (backwards) return [];
      fromRevision = undefined;
    }
    return this.guard(async () => {
      const events: RecordedEvent[] = [];
      try {
        const read = this.client.readStream(streamId, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision: fromRevision === undefined ? (backwards ? END : START) : BigInt(fromRevision),
          ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        });
        read.on('error', ignore); // errors reach the iterator; this only stops late ones crashing the process
        for await (const resolved of read) {
          if (resolved.event) events.push(toRecordedEvent(resolved.event));
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
      return events;
    });
  }

  /**
   * $all holds system events (stats, projection links) that the port does not expose, and this
   * client cannot filter reads server-side: pages are read and filtered here until maxCount user
   * events are found or $all ends, so a short result still means "nothing more yet".
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_MAX_COUNT;
    if (maxCount <= 0) return [];
    const pageSize = Math.max(maxCount + 1, 512);
    return this.guard(async () => {
      const events: RecordedEvent[] = [];
      // Reads from a position include the event at it; the port's `after` is exclusive.
      let from: GlobalPosition | undefined = options.after;
      for (;;) {
        let seen = 0;
        let last: GlobalPosition | undefined;
        const read = this.client.readAll({
          direction: FORWARDS,
          fromPosition: from ? { commit: from.commit, prepare: from.prepare } : START,
          maxCount: pageSize,
        });
        read.on('error', ignore);
        for await (const resolved of read) {
          seen += 1;
          const event = resolved.event;
          if (!event) continue;
          last = event.position;
          if (from && samePosition(event.position, from)) continue;
          if (isSystemEvent(event)) continue;
          events.push(toRecordedEvent(event));
        }
        if (events.length >= maxCount) return events.slice(0, maxCount);
        if (seen < pageSize || !last) return events;
        from = last;
      }
    });
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    return new EventStoreDbSubscription(this.client, options);
  }

  async ping(): Promise<void> {
    await this.guard(async () => {
      const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
      read.on('error', ignore);
      for await (const _ of read) {
        // draining the single event is the round trip
      }
    });
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * Decides an append from what the stream holds, in the PostgreSQL adapter's order: every id
   * stored → idempotent retry; some → conflict; then the expected revision (always a failure once
   * the server has `refused`). Returns null when the append should go ahead.
   */
  private settle(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision, refused: true): Promise<AppendResult>;
  private settle(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
    refused: boolean,
  ): Promise<AppendResult | null>;
  private async settle(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
    refused: boolean,
  ): Promise<AppendResult | null> {
    return this.settleWith(await this.storedEventIds(streamId), streamId, events, expectedRevision, refused);
  }

  private settleWith(
    stored: { revision: number; eventIds: Set<string> },
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
    refused: boolean,
  ): AppendResult | null {
    const { revision, eventIds } = stored;
    const present = events.filter((e) => eventIds.has(e.eventId.toLowerCase())).length;
    if (events.length > 0 && present === events.length) return { written: false, nextExpectedRevision: revision };
    if (present > 0) {
      throw new EventIdConflictError(
        streamId,
        events.map((e) => e.eventId),
      );
    }
    if (refused || !satisfies(expectedRevision, revision)) {
      throw new WrongExpectedRevisionError(streamId, expectedRevision, revision);
    }
    return events.length === 0 ? { written: false, nextExpectedRevision: revision } : null;
  }

  /** Ids (lower-cased), last revision (-1 when the stream does not exist) and last hash of a stream. */
  private async storedEventIds(streamId: string): Promise<{ revision: number; eventIds: Set<string>; lastHash: string | null }> {
    const eventIds = new Set<string>();
    let revision = -1;
    let lastHash: string | null = null;
    try {
      // From the leader: a follower could lag behind the write this check guards.
      const read = this.client.readStream(streamId, { direction: FORWARDS, fromRevision: START, requiresLeader: true });
      read.on('error', ignore);
      for await (const resolved of read) {
        if (!resolved.event) continue;
        eventIds.add(resolved.event.id.toLowerCase());
        revision = Number(resolved.event.revision);
        lastHash = storedHashes(resolved.event.metadata).hash;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return { revision, eventIds, lastHash };
  }

  /** Last revision and hash only (the 'on-conflict' mode's one cheap read). */
  private async head(streamId: string): Promise<{ revision: number; eventIds: Set<string>; lastHash: string | null }> {
    try {
      const read = this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1, requiresLeader: true });
      read.on('error', ignore);
      for await (const resolved of read) {
        if (resolved.event) {
          return { revision: Number(resolved.event.revision), eventIds: new Set(), lastHash: storedHashes(resolved.event.metadata).hash };
        }
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return { revision: -1, eventIds: new Set(), lastHash: null };
  }

  private headsCache: { at: number; heads: StreamHead[] } | null = null;

  /** Streams of user events, from a scan of $all (EventStoreDB keeps no catalogue the client can list). */
  async streamHeads(streamId?: string): Promise<StreamHead[]> {
    if (streamId !== undefined) {
      const head = await this.guard(() => this.head(streamId));
      return head.revision === -1 ? [] : [{ streamId, revision: head.revision }];
    }
    if (this.headsCache && Date.now() - this.headsCache.at < 10_000) return this.headsCache.heads;
    const heads = new Map<string, number>();
    let after: GlobalPosition | undefined;
    for (;;) {
      const page = await this.readAll({ after, maxCount: 1000 });
      for (const event of page) heads.set(event.streamId, Math.max(heads.get(event.streamId) ?? -1, event.revision));
      if (page.length < 1000) break;
      after = page[page.length - 1].position;
    }
    const list = [...heads.entries()]
      .map(([id, revision]) => ({ streamId: id, revision }))
      .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    this.headsCache = { at: Date.now(), heads: list };
    return list;
  }

  async countEvents(streamId?: string): Promise<number> {
    const heads = await this.streamHeads(streamId);
    return heads.reduce((sum, h) => sum + h.revision + 1, 0);
  }

  /** The chain page by page: each stream read from the server and rehashed with canonical JSON. */
  async *readChain(options: ReadChainOptions): AsyncGenerator<ChainLink[]> {
    const pageSize = Math.max(1, Math.floor(options.pageSize));
    let after: { streamId: string; revision: number } | undefined;
    for (;;) {
      const page = await this.readChainPage({ streamId: options.streamId, after, maxCount: pageSize });
      yield page;
      if (page.length < pageSize) return;
      const last = page[page.length - 1];
      after = { streamId: last.streamId, revision: last.revision };
    }
  }

  /** Up to maxCount links in (streamId, revision) order after `after` (exclusive). */
  private async readChainPage(options: {
    streamId?: string;
    after?: { streamId: string; revision: number };
    maxCount: number;
  }): Promise<ChainLink[]> {
    const heads = await this.streamHeads(options.streamId);
    const links: ChainLink[] = [];
    for (const head of heads) {
      if (options.after && head.streamId < options.after.streamId) continue;
      const fromRevision = options.after && head.streamId === options.after.streamId ? options.after.revision + 1 : 0;
      if (fromRevision > head.revision) continue;
      const raw = await this.guard(async () => {
        const out: StoredEvent[] = [];
        try {
          const read = this.client.readStream(head.streamId, {
            direction: FORWARDS,
            fromRevision: BigInt(fromRevision),
            maxCount: options.maxCount - links.length,
          });
          read.on('error', ignore);
          for await (const resolved of read) if (resolved.event) out.push(resolved.event as StoredEvent);
        } catch (error) {
          if (!(error instanceof StreamNotFoundError)) throw error;
        }
        return out;
      });
      for (const event of raw) {
        const stored = isPlainObject(event.metadata) ? { ...event.metadata } : {};
        const { hash, prevHash } = storedHashes(stored);
        const schemaVersion = typeof stored.schemaVersion === 'number' ? stored.schemaVersion : 1;
        delete stored.schemaVersion;
        delete stored.hash;
        delete stored.prevHash;
        links.push({
          streamId: event.streamId,
          revision: Number(event.revision),
          eventId: event.id,
          type: event.type,
          storedHash: hash,
          storedPrevHash: prevHash,
          computedHash: computeEventHash({
            prevHash: prevHash ?? '',
            streamId: event.streamId,
            revision: Number(event.revision),
            eventId: event.id,
            type: event.type,
            schemaVersion,
            dataText: canonicalJson(event.data),
            metadataText: canonicalJson(stored),
            recordedAtText: '',
          }),
        });
      }
      if (links.length >= options.maxCount) break;
    }
    return links;
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toPortError(error);
    }
  }
}

/**
 * Catch-up subscription to $all. The client emits 'caughtUp' (servers from 23.10) when the
 * message arrives, which can be ahead of events still buffered for the handler; onCaughtUp is
 * therefore held back until those events have been handled.
 */
class EventStoreDbSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private readonly source: AllStreamSubscription;

  constructor(
    client: EventStoreDBClient,
    private readonly options: SubscribeToAllOptions,
  ) {
    const after = options.after;
    this.source = client.subscribeToAll({
      fromPosition: after ? { commit: after.commit, prepare: after.prepare } : START,
      filter: excludeSystemEvents(),
    });
    this.source.on('error', ignore); // errors reach the iterator; this only stops late ones crashing the process
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.release();
    await this.done;
  }

  private async run(): Promise<void> {
    const { after, handler, onError, onCaughtUp } = this.options;
    let consumed = 0; // taken off the stream by this loop
    let handled = 0; // finished (delivered or skipped)
    const caughtUpAfter: number[] = []; // counts of handled events at which to report being caught up
    const reportCaughtUp = (): void => {
      let reached = false;
      while (caughtUpAfter.length > 0 && caughtUpAfter[0] <= handled) {
        caughtUpAfter.shift();
        reached = true;
      }
      if (reached && !this.stopped) onCaughtUp?.();
    };
    this.source.on('caughtUp', () => {
      // Events already pushed but not yet read by this loop precede the signal.
      caughtUpAfter.push(consumed + this.source.readableLength);
      try {
        reportCaughtUp();
      } catch (error) {
        this.source.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    });

    try {
      for await (const resolved of this.source) {
        consumed += 1;
        if (this.stopped) break;
        const event = resolved.event;
        // The start position is exclusive on the server too; the check costs nothing.
        if (event && !isSystemEvent(event) && !(after && samePosition(event.position, after))) {
          await handler(toRecordedEvent(event));
        }
        handled += 1;
        reportCaughtUp();
      }
      if (!this.stopped) throw new EventStoreUnavailableError(new Error('the $all subscription ended'));
    } catch (error) {
      if (!this.stopped) onError?.(toPortError(error));
    } finally {
      await this.release();
    }
  }

  /** Cancels the gRPC call and ends the local stream; safe to repeat. */
  private async release(): Promise<void> {
    await this.source.unsubscribe().catch(ignore);
    this.source.destroy();
  }
}

function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision | null {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (expected === -1) return NO_STREAM; // PostgreSQL accepts exact -1 for a missing stream
      // Not a revision the server can take; settled against the stream as a mismatch instead.
      return Number.isSafeInteger(expected) && expected >= 0 ? BigInt(expected) : null;
  }
}

function satisfies(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current !== -1;
    default:
      return current === expected;
  }
}

function toEventData(event: EventToAppend, prevHash: string, hash: string): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data as JSONType,
    // recordedAt is not stored: it is the server's `created` timestamp.
    metadata: { ...event.metadata, schemaVersion: event.schemaVersion, prevHash, hash } as JSONType,
  });
}

function storedHashes(metadata: unknown): { hash: string | null; prevHash: string | null } {
  const stored = isPlainObject(metadata) ? metadata : {};
  return {
    hash: typeof stored.hash === 'string' ? stored.hash : null,
    prevHash: typeof stored.prevHash === 'string' ? stored.prevHash : null,
  };
}

function toRecordedEvent(event: StoredEvent): RecordedEvent {
  const { hash, prevHash, ...stored } = isPlainObject(event.metadata) ? event.metadata : {};
  const schemaVersion = typeof stored.schemaVersion === 'number' ? stored.schemaVersion : 1;
  const position = event.position ? { commit: event.position.commit, prepare: event.position.prepare } : { ...UNKNOWN_POSITION };
  return upcastEvent({
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    eventId: event.id,
    type: event.type,
    schemaVersion,
    data: event.data,
    metadata: {
      ...(stored as Omit<EventMetadata, 'eventId' | 'type' | 'schemaVersion' | 'recordedAt'>),
      eventId: event.id,
      type: event.type,
      schemaVersion,
      recordedAt: event.created.toISOString(),
    },
    ...(typeof hash === 'string' ? { hash } : {}),
    ...(typeof prevHash === 'string' ? { prevHash } : {}),
  });
}

function isSystemEvent(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function samePosition(a: Position, b: GlobalPosition): boolean {
  return a.commit === b.commit && a.prepare === b.prepare;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Errors that mean "the server is not reachable (now)", as opposed to a refused request. */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof EventStoreUnavailableError) return false;
  // Raw gRPC errors escape the client in places (e.g. fetching server features on connect).
  const converted = convertToCommandError(error);
  if (
    converted instanceof UnavailableError ||
    converted instanceof DeadlineExceededError ||
    converted instanceof TimeoutError ||
    converted instanceof CancelledError ||
    converted instanceof NotLeaderError
  ) {
    return true;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) {
    return true;
  }
  return /Failed to discover/i.test(error.message); // gossip discovery gave up
}

function toPortError(error: unknown): unknown {
  return isUnavailable(error) ? new EventStoreUnavailableError(error) : error;
}

function ignore(): void {
  // deliberately empty
}
