import { Decider, DomainRuleViolation, isRuleViolation, shanghaiDate, toDomainEvent } from '@chengguo/kernel';
import {
  Actor,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
  StreamCondition,
  WrongExpectedRevisionError,
} from './event-store.port';
import { AchievementLink, achievementOfStream } from './achievement-links';
import { commandEventId } from './ids';

/** What the caller knows about the command besides its payload. */
export interface CommandContext {
  /** Stable id of this command; retries reuse it (Idempotency-Key), so event ids repeat. */
  commandId: string;
  actor: Actor;
  correlationId: string;
  causationId?: string | null;
  /** Domain time of the command; defaults to now. */
  occurredAt?: string;
}

/** Schema version of every event type written today; upcasters read older ones. */
export type SchemaVersions = Record<string, number>;

export interface StreamState<State> {
  state: State;
  /** Revision of the last event, -1 for a stream that does not exist. */
  revision: number;
  events: RecordedEvent[];
}

export async function loadStream<Command, Event extends { type: string }, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
): Promise<StreamState<State>> {
  const events = await store.readStream(streamId);
  let state = decider.initialState;
  for (const recorded of events) {
    state = decider.evolve(state, toDomainEvent<Event>(recorded));
  }
  return { state, revision: events.length === 0 ? -1 : events[events.length - 1].revision, events };
}

/**
 * The read of a unit-wide policy kept as one small stream (licensing policy, ownership pilot, reward
 * scheme, leader roster): the GET folds the stream itself rather than keep a read model, and judges
 * what is in force on today's date in Asia/Shanghai. The revision is what a publish sends as If-Match.
 */
export async function readPolicyStream<Command, Event extends { type: string }, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
): Promise<{ state: State; revision: number; today: string }> {
  const { state, revision } = await loadStream(store, streamId, decider);
  return { state, revision, today: shanghaiDate(new Date()) };
}

export interface HandledCommand<Event> {
  events: Event[];
  eventIds: string[];
  /** Revision of the stream's last event after the append. */
  revision: number;
  /** False when an identical retry found its events already stored. */
  written: boolean;
}

/** Streams whose folded state one process keeps per store and decider (≈ a few KB each). */
const STREAM_STATE_CACHE_ENTRIES = 10_000;

interface CachedStream<State> {
  state: State;
  revision: number;
  /** The stream's achievement once resolved (it never changes); undefined: not resolved yet. */
  achievementId?: string | null;
}

/**
 * Folded state of the streams this process wrote or read lately, most recent last. It is only a
 * guess about the store: see handleCommand for why a stale entry can never decide a command.
 */
class StreamStateCache<State> {
  private readonly entries = new Map<string, CachedStream<State>>();

  get(streamId: string): CachedStream<State> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, state: State, revision: number, achievementId?: string | null): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, { state, revision, ...(achievementId !== undefined ? { achievementId } : {}) });
    if (this.entries.size > STREAM_STATE_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}

const streamStateCaches = new WeakMap<EventStore, WeakMap<object, StreamStateCache<unknown>>>();

function streamStateCache<State>(store: EventStore, decider: object): StreamStateCache<State> {
  let perDecider = streamStateCaches.get(store);
  if (!perDecider) streamStateCaches.set(store, (perDecider = new WeakMap()));
  let cache = perDecider.get(decider);
  if (!cache) perDecider.set(decider, (cache = new StreamStateCache()));
  return cache as StreamStateCache<State>;
}

/**
 * The one command-handler shape (STYLE.md convention 3): load the stream, fold, decide, append
 * with the revision that was read. A concurrent writer makes the append fail with
 * WrongExpectedRevisionError (409) instead of deciding on stale state.
 *
 * A stream this process touched lately is not read again: its folded state comes from a cache,
 * so the command costs one round trip (the append). The cache never decides anything on its own:
 * the append carries the cached revision, so if another process moved the stream on, the append
 * fails and the command is decided once more on a fresh read; a refusal decided on cached state
 * is also re-checked on a fresh read before it is answered.
 *
 * `conditions` are the other streams the command's facts were read from, at the revisions read
 * (STYLE.md convention 10): the append holds only while they are unchanged. A refusal on one of
 * them says the facts are stale, not this stream, so it is answered (409) rather than decided
 * again on a fresh read of this stream, which would append the same stale facts; and this
 * stream's cached state, which the store did not contradict, is kept.
 *
 * Every event appended carries the achievement its stream concerns (`achievementId` in its
 * metadata, ADR 17), found by the command declaration's `link` from the stream's opening event:
 * the caller cannot append without saying how, and the store indexes the event under it.
 */
export async function handleCommand<Command, Event extends { type: string }, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  schemaVersions: SchemaVersions,
  link: AchievementLink,
  expectedRevision?: number,
  conditions: StreamCondition[] = [],
): Promise<HandledCommand<Event> | DomainRuleViolation> {
  return decideAndAppend(store, streamId, decider, command, context, schemaVersions, link, { expectedRevision, conditions });
}

/**
 * handleCommand, for the command path: `preloaded` is a read of the stream the caller has just made
 * from the store (its facts were prepared from it), used instead of the cache or a second read.
 */
export async function decideAndAppend<Command, Event extends { type: string }, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  schemaVersions: SchemaVersions,
  link: AchievementLink,
  options: { expectedRevision?: number; conditions?: StreamCondition[]; preloaded?: StreamState<State> },
): Promise<HandledCommand<Event> | DomainRuleViolation> {
  const { expectedRevision, conditions = [] } = options;
  let preloaded = options.preloaded;
  const cache = streamStateCache<State>(store, decider);
  let cached = preloaded ? undefined : cache.get(streamId);
  // The caller pins a revision the cache does not hold: only the store can say who is right.
  if (cached && expectedRevision !== undefined && cached.revision !== expectedRevision) cached = undefined;
  // A stream this process does not know is first guessed new (ADR 9): decided on the initial state
  // and appended as `no_stream`, which the store refuses if the stream exists. Like a cached state,
  // the guess never decides alone: a refusal, no events, an error, or a stream that exists after
  // all send the command to a fresh read. A new stream then costs one round trip, not two.
  let guessNew = !preloaded && !cached && (expectedRevision === undefined || expectedRevision === -1);
  for (;;) {
    const loaded: StreamState<State> & { achievementId?: string | null } = cached
      ? { ...cached, events: [] }
      : guessNew
        ? { state: decider.initialState, revision: -1, events: [] }
        : (preloaded ?? (await loadStream(store, streamId, decider)));
    preloaded = undefined;
    if (!cached && !guessNew) cache.set(streamId, loaded.state, loaded.revision);
    const guessed = guessNew;
    const fromCache = cached !== undefined || guessed;
    cached = undefined; // a second pass always reads the store
    guessNew = false;
    if (expectedRevision !== undefined && expectedRevision !== loaded.revision) {
      return new DomainRuleViolation(
        'STALE_REVISION',
        409,
        `The stream is at revision ${loaded.revision}, not ${expectedRevision}; reload and retry.`,
        { currentRevision: loaded.revision },
      );
    }
    let outcome: Event[] | DomainRuleViolation;
    try {
      outcome = decider.decide(command, loaded.state);
    } catch (error) {
      if (guessed) continue; // a decider that assumes the stream exists: ask the store
      throw error;
    }
    if (isRuleViolation(outcome)) {
      if (fromCache) continue;
      return outcome;
    }
    if (guessed && outcome.length === 0) continue;
    // Each event's data stringified once: the text the store writes (and hashes) and the fold reads back.
    const decided = outcome.map((event) => {
      const { type, ...data } = event as Event & Record<string, unknown>;
      return { type, data, dataJson: JSON.stringify(data) };
    });
    let achievementId: string | null;
    try {
      achievementId = outcome.length === 0 ? null : await streamAchievement(store, streamId, link, loaded, decided[0]);
    } catch (error) {
      if (guessed) continue;
      throw error;
    }
    const occurredAt = context.occurredAt ?? new Date().toISOString();
    const toAppend: EventToAppend[] = decided.map(({ type, data, dataJson }, index) => ({
      eventId: commandEventId(context.commandId, streamId, index),
      type,
      schemaVersion: schemaVersions[type] ?? 1,
      data,
      dataJson,
      metadata: {
        occurredAt,
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: context.causationId ?? null,
        ...(achievementId !== null ? { achievementId } : {}),
      },
    }));
    const expected: ExpectedRevision = loaded.revision === -1 ? 'no_stream' : loaded.revision;
    let result;
    try {
      result = await (conditions.length > 0
        ? store.append(streamId, toAppend, expected, { alsoExpect: conditions })
        : store.append(streamId, toAppend, expected));
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && error.streamId !== streamId) throw error;
      cache.delete(streamId);
      if (fromCache && error instanceof WrongExpectedRevisionError) continue;
      throw error;
    }
    if (outcome.length === 0) {
      cache.set(streamId, loaded.state, result.nextExpectedRevision, loaded.achievementId); // the store confirmed the revision
    } else if (result.written) {
      // Fold what the store now holds: the events as they read back (JSON), not the objects decided.
      let state = loaded.state;
      for (const { type, dataJson } of decided) state = decider.evolve(state, { type, ...(JSON.parse(dataJson) as object) } as Event);
      cache.set(streamId, state, result.nextExpectedRevision, achievementId);
    } else {
      cache.delete(streamId); // an identical retry found its events stored: the fold above would be wrong
      if (guessed) continue; // answered, as before the guess, on what a fresh read decides
    }
    return {
      events: outcome,
      eventIds: toAppend.map((e) => e.eventId),
      revision: result.nextExpectedRevision,
      written: result.written,
    };
  }
}

/**
 * The achievement of the stream a command appends to: as its first stored event records it, or (a
 * stream written before events recorded it) as the declaration's link resolves it from that event;
 * for a new stream, as the link resolves it from the first event decided. Resolved once per stream
 * and kept with its cached state.
 */
async function streamAchievement(
  store: EventStore,
  streamId: string,
  link: AchievementLink,
  loaded: { revision: number; events: RecordedEvent[]; achievementId?: string | null },
  firstDecided: { type: string; dataJson: string },
): Promise<string | null> {
  if (loaded.achievementId !== undefined) return loaded.achievementId;
  const of = (other: string) => achievementOfStream(store, other, 1);
  if (loaded.revision === -1) {
    // The decided event as it will read back (JSON), like any stored opening event.
    return link.achievementOf(streamId, { type: firstDecided.type, data: JSON.parse(firstDecided.dataJson) as unknown }, of);
  }
  const first = loaded.events[0] ?? (await store.readStream(streamId, { maxCount: 1 }))[0];
  if (!first) return null;
  const recorded = first.metadata.achievementId;
  if (typeof recorded === 'string' && recorded !== '') return recorded;
  return link.achievementOf(streamId, first, of);
}
