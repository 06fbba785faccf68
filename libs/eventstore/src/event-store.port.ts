/**
 * The one event-store port. Every process stream is read and written through it; the PostgreSQL
 * adapter is the embedded default, the EventStoreDB adapter is the production one. Both pass the
 * same contract suite (test/contract).
 */

/** Who caused an event: a user acting in one of the roles of DOMAIN.md, or the system. */
export interface Actor {
  userId: string;
  role: string;
}

/** Metadata every event carries (STYLE.md convention 4). */
export interface EventMetadata {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** When the fact happened in the domain (may precede recording, e.g. a dated signature). */
  occurredAt: string;
  /** When the store recorded it; set by the adapter, never by the caller. */
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  /**
   * The achievement (成果) the event concerns, set by the command path for every process event
   * (ADR 17); absent on events that concern none (unit-wide policies, audit records) and on
   * events written before the command path set it (the achievement index maps those).
   */
  achievementId?: string;
}

export interface EventToAppend<T = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: T;
  /**
   * `JSON.stringify(data)`, when the caller has it already (the command path folds the event from
   * this text): an adapter that stores JSON text stores and hashes this one instead of stringifying
   * `data` again. When given, it must be exactly that text.
   */
  dataJson?: string;
  metadata: Omit<EventMetadata, 'eventId' | 'type' | 'schemaVersion' | 'recordedAt'>;
}

/**
 * Position in the global log. `commit` orders transactions (PostgreSQL: the writing transaction id;
 * EventStoreDB: the commit position), `prepare` orders events inside one (PostgreSQL: the global
 * sequence; EventStoreDB: the prepare position). Subscriptions deliver in (commit, prepare) order.
 */
export interface GlobalPosition {
  commit: bigint;
  prepare: bigint;
}

export const START_OF_ALL: GlobalPosition = Object.freeze({ commit: 0n, prepare: 0n });

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export interface RecordedEvent<T = unknown> {
  streamId: string;
  /** 0-based revision of the event in its stream. */
  revision: number;
  position: GlobalPosition;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: T;
  metadata: EventMetadata;
  /** SHA-256 (hex) chaining this event to the previous one of its stream (ADR 7); absent on stores without a chain. */
  hash?: string;
  /** The previous event's hash (64 zeros for revision 0). */
  prevHash?: string;
  /** The schema version as stored, when an upcaster raised `schemaVersion` on read. */
  storedSchemaVersion?: number;
}

/** Optimistic concurrency: what the writer believes about the stream. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream (the next append's expected revision). */
  nextExpectedRevision: number;
  /** False when every event id was already in the stream: an idempotent retry wrote nothing. */
  written: boolean;
}

/**
 * A condition on another stream, checked with the append: the writer decided with that stream's
 * facts at `revision` (-1: the stream did not exist), so the append holds only if it is still there.
 */
export interface StreamCondition {
  streamId: string;
  revision: number;
  /**
   * false: compared with the revision committed when the check runs, without holding the stream
   * back until the append commits (PostgreSQL: no share lock on its row). A change committed
   * before the check still refuses the append; one committing while it runs is ordered after it.
   * Sound only for a fact whose writers never decide on the appending stream (else two such
   * appends could each pass on the other's old revision: write skew), e.g. a unit-wide policy.
   * Default true: the stream cannot move until the append has committed.
   */
  locked?: boolean;
}

export interface AppendOptions {
  /**
   * Other streams whose revision must be unchanged for the append to happen; a mismatch refuses it
   * with WrongExpectedRevisionError naming that stream. PostgreSQL checks them in the append's
   * transaction (atomic); EventStoreDB only just before appending (see its adapter).
   */
  alsoExpect?: StreamCondition[];
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive start revision; defaults to the first (forwards) or last (backwards) event. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. */
  after?: GlobalPosition;
  maxCount?: number;
}

export type EventHandler = (event: RecordedEvent) => Promise<void>;

export interface SubscribeToAllOptions {
  /** Exclusive start position, usually a durable checkpoint. */
  after?: GlobalPosition;
  /** Called once per event, in global order; the next event waits until it resolves. */
  handler: EventHandler;
  /**
   * Optional: adapters that read $all in pages may hand over a whole page at once (in order,
   * instead of `handler`), so a subscriber can apply it in one transaction. Adapters that stream
   * events one by one ignore it and call `handler`.
   */
  pageHandler?: (events: RecordedEvent[]) => Promise<void>;
  /** Called when the subscription stops on an error (handler failure or lost connection). */
  onError?: (error: unknown) => void;
  /** Called every time the subscription has delivered everything committed so far. */
  onCaughtUp?: () => void;
}

export interface Subscription {
  stop(): Promise<void>;
  /** Resolves when the subscription ends (stopped or failed). */
  readonly done: Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision, options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options: SubscribeToAllOptions): Subscription;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The per-achievement index (ADR 17): every event mapped to the achievement it concerns, so one
 * achievement's events are read without scanning $all. PostgreSQL maintains it in the append's
 * transaction; a store without it (EventStoreDB today) is read by a scan instead.
 */
export interface AchievementIndex {
  /** Events of one achievement in commit ($all) order, strictly after `after`, at most `maxCount` (default 1,000). */
  readAchievement(achievementId: string, options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * False while events written before the index are not all mapped yet (the in-place upgrade has
   * not run, or the schema predates the index): a reader then scans instead of trusting it.
   */
  achievementIndexComplete(): Promise<boolean>;
}

export function hasAchievementIndex(store: EventStore): store is EventStore & AchievementIndex {
  return typeof (store as Partial<AchievementIndex>).readAchievement === 'function';
}

/**
 * $all restricted to some event types, filtered where the events are stored, so a reader (a
 * projection rebuild) neither receives nor decodes the events it would skip. Same order, bounds
 * and paging as `readAll`; a page shorter than `maxCount` means nothing of those types follows.
 */
export interface TypeFilteredRead {
  readAllOfTypes(types: readonly string[], options?: ReadAllOptions): Promise<RecordedEvent[]>;
}

export function hasTypeFilteredRead(store: EventStore): store is EventStore & TypeFilteredRead {
  return typeof (store as Partial<TypeFilteredRead>).readAllOfTypes === 'function';
}

/**
 * The position of the last event `readAll` would return now (null: none). A reader that has read
 * some event types up to a short page, having asked for the head before it read, has seen every
 * event of those types up to that head: a rebuild reading its projections in two groups (ADR 27)
 * moves each group's checkpoint there, not only to the last event of its own types.
 */
export interface HeadOfAll {
  headOfAll(): Promise<GlobalPosition | null>;
}

export function hasHeadOfAll(store: EventStore): store is EventStore & HeadOfAll {
  return typeof (store as Partial<HeadOfAll>).headOfAll === 'function';
}

/** About how many events of each type the store holds (a sample of a large store), for sharing out work by type. */
export interface EventTypeCounts {
  eventTypeCounts(): Promise<Map<string, number>>;
}

export function hasEventTypeCounts(store: EventStore): store is EventStore & EventTypeCounts {
  return typeof (store as Partial<EventTypeCounts>).eventTypeCounts === 'function';
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/** Refuses, as a caller bug, a condition on the very stream being appended (its expected revision says that). */
export function validateConditions(streamId: string, conditions: StreamCondition[]): void {
  for (const condition of conditions) {
    if (condition.streamId === streamId) throw new Error(`A condition on ${streamId} itself: use the expected revision`);
    if (!Number.isInteger(condition.revision) || condition.revision < -1) {
      throw new Error(`A condition on ${condition.streamId} names revision ${condition.revision}`);
    }
  }
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'EVENT_STORE_WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Current revision, or -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Some but not all event ids of an append are already stored (or stored in another stream): the
 * batch is neither a clean retry nor new, so it is refused rather than half-applied.
 */
export class EventIdConflictError extends Error {
  readonly code = 'EVENT_STORE_EVENT_ID_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`Stream ${streamId}: event ids already recorded elsewhere or partially: ${eventIds.join(', ')}`);
    this.name = 'EventIdConflictError';
  }
}

export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(cause: unknown) {
    super(`Event store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EventStoreUnavailableError';
  }
}
