import { Decider, DomainRuleViolation, isRuleViolation } from '@chengguo/kernel';
import { AchievementLink } from '../achievement-links';
import { EventStore, StreamCondition, WrongExpectedRevisionError } from '../event-store.port';
import { CommandContext, decideAndAppend, HandledCommand, loadStream, SchemaVersions, StreamState } from '../stream-handling';

/** What `prepare` may look up: the store (facts of other streams) and the command's instant. */
export interface CommandFacts {
  store: EventStore;
  /** The command's instant: the decider's `now` and every appended event's occurredAt. */
  now: string;
  /** The stream the command appends to (its own state may name the facts to load). */
  streamId: string;
  /**
   * Another stream's folded state, for a fact the decider needs (who owns the achievement, its
   * classification). The revision read is recorded and the command's append expects it still, so
   * a change to that stream between this read and the append never lets the command be decided on
   * stale facts: the command path prepares and decides it again (runProcessCommand). A stream read
   * lately may be answered from this process's cache, checked the same way (ADR 28).
   *
   * `locked: false` checks that revision at the append without holding the fact stream back until
   * the append commits (no share lock, see StreamCondition.locked): a change committed before the
   * append still makes the command decide again. Only for a fact whose writers never read the
   * command's stream, such as the unit-wide policy every submission reads.
   */
  load<C, E extends { type: string }, S>(streamId: string, decider: Decider<C, E, S>, options?: { locked?: boolean }): Promise<S>;
}

/** Facts (other streams' folded state) this process read lately, per store and decider. */
const FACT_CACHE_ENTRIES = 10_000;
const factCaches = new WeakMap<EventStore, WeakMap<object, Map<string, { state: unknown; revision: number }>>>();

function factCache(store: EventStore, decider: object): Map<string, { state: unknown; revision: number }> {
  let perDecider = factCaches.get(store);
  if (!perDecider) factCaches.set(store, (perDecider = new WeakMap()));
  let cache = perDecider.get(decider);
  if (!cache) perDecider.set(decider, (cache = new Map()));
  return cache;
}

function forgetFacts(store: EventStore, streamIds: Iterable<string>, deciders: Iterable<object>): void {
  for (const decider of deciders) for (const id of streamIds) factCache(store, decider).delete(id);
}

/**
 * The facts helper of one command run, with the streams (and revisions) it read. With `cached`, a
 * fact stream this process read lately is not read again: its state and revision come from a cache
 * and, like any fact, the append expects that revision still — so a stale entry can only make the
 * append fail (and runProcessCommand then prepares again from the store), never decide a command.
 * The command's own stream is always read (its expected revision is the decision's).
 */
export function factsRecorder(
  store: EventStore,
  now: string,
  streamId: string,
  cached = false,
): CommandFacts & {
  conditions: StreamCondition[];
  ownStream: { decider: object; loaded: StreamState<unknown> } | null;
  /** The fact streams answered from the cache, and their deciders. */
  fromCache: Set<string>;
  deciders: Set<object>;
} {
  const conditions: StreamCondition[] = [];
  const recorder = {
    store,
    now,
    streamId,
    conditions,
    ownStream: null as { decider: object; loaded: StreamState<unknown> } | null,
    fromCache: new Set<string>(),
    deciders: new Set<object>(),
    async load<C, E extends { type: string }, S>(id: string, decider: Decider<C, E, S>, options: { locked?: boolean } = {}): Promise<S> {
      const cache = factCache(store, decider);
      recorder.deciders.add(decider);
      const hit = cached && id !== streamId ? cache.get(id) : undefined;
      let loaded: { state: S; revision: number };
      if (hit) {
        loaded = hit as { state: S; revision: number };
        recorder.fromCache.add(id);
        cache.delete(id);
        cache.set(id, hit); // most recently used last
      } else {
        const read = await loadStream(store, id, decider);
        loaded = read;
        // The command's own stream, read for a fact: the decision reuses this read (one round trip less).
        if (id === streamId) recorder.ownStream = { decider, loaded: read };
        else {
          cache.set(id, { state: read.state, revision: read.revision });
          if (cache.size > FACT_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
        }
      }
      const earlier = conditions.find((c) => c.streamId === id);
      // Read twice in one command and moved in between: the facts disagree with each other.
      if (earlier && earlier.revision !== loaded.revision) throw new WrongExpectedRevisionError(id, earlier.revision, loaded.revision);
      if (!earlier) conditions.push({ streamId: id, revision: loaded.revision, ...(options.locked === false ? { locked: false } : {}) });
      // Read once without and once with a lock: the stronger check holds.
      else if (options.locked !== false) delete earlier.locked;
      return loaded.state;
    },
  };
  return recorder;
}

/**
 * A process's commands as plain data (no Nest): which decider decides them on which stream, and how
 * a caller's input becomes a full domain command. `prepare` adds the actor, the time and the facts
 * the decider needs from other streams (policy in force, lists, assessments) — always loaded from
 * the event store, never taken from the caller (STYLE.md convention 10).
 */
export interface ProcessCommands<Command, Event extends { type: string }, State, Input> {
  /** Names the process, e.g. in its manifest. */
  process: string;
  decider: Decider<Command, Event, State>;
  schemaVersions: SchemaVersions;
  /** The stream a command addresses, from the key in the route (an id, or a whole stream id). */
  streamId(key: string): string;
  prepare(input: Input, context: CommandContext, facts: CommandFacts): Promise<Command> | Command;
  /**
   * How the stream's achievement (成果) is found, which every event appended carries in its metadata
   * and the store indexes it under (ADR 17). Required: a declaration cannot forget it, and the list
   * of processes registers it for the streams written before events carried it.
   */
  achievement: AchievementLink;
}

export type ProcessCommandResult<Event> = (HandledCommand<Event> & { streamId: string }) | DomainRuleViolation;

/**
 * The one command path, without Nest: prepare → load → decide → append with the expected revision.
 * The Nest handler (RunCommandHandler) wraps it for HTTP; anything else may call it directly.
 */
export async function runProcessCommand<Command, Event extends { type: string }, State, Input>(
  store: EventStore,
  commands: ProcessCommands<Command, Event, State, Input>,
  key: string,
  input: Input,
  context: CommandContext,
  expectedRevision?: number,
): Promise<ProcessCommandResult<Event>> {
  const now = context.occurredAt ?? new Date().toISOString();
  const streamId = commands.streamId(key);
  let cached = true;
  for (let attempt = 1; ; attempt++) {
    const facts = factsRecorder(store, now, streamId, cached);
    const command = await commands.prepare(input, context, facts);
    // A fact read from the stream the command appends to is already covered by its expected revision.
    const conditions = facts.conditions.filter((c) => c.streamId !== streamId);
    try {
      // The facts were prepared from this read of the command's own stream: it is decided on the same one.
      const own = facts.ownStream?.decider === commands.decider ? (facts.ownStream.loaded as StreamState<State>) : undefined;
      const outcome = await decideAndAppend(
        store,
        streamId,
        commands.decider,
        command,
        { ...context, occurredAt: now },
        commands.schemaVersions,
        commands.achievement,
        { expectedRevision, conditions, preloaded: own },
      );
      if (isRuleViolation(outcome) && facts.fromCache.size > 0) {
        // A refusal may rest on a cached fact the store has since moved past: it is only answered
        // once decided on facts read from the store.
        forgetFacts(store, facts.fromCache, facts.deciders);
        cached = false;
        attempt--;
        continue;
      }
      return isRuleViolation(outcome) ? outcome : { ...outcome, streamId };
    } catch (error) {
      // Another stream the command decided with moved meanwhile (e.g. a reaction recorded something
      // on the register): decide again on the fresh record, a few times, rather than answer 409 for
      // a change the caller never saw. The decision is never taken on the stale facts.
      const factMoved = error instanceof WrongExpectedRevisionError && conditions.some((c) => c.streamId === error.streamId);
      if (!factMoved) throw error;
      forgetFacts(store, [(error as WrongExpectedRevisionError).streamId], facts.deciders);
      if (facts.fromCache.has((error as WrongExpectedRevisionError).streamId)) {
        // Only the cache was behind: that costs no attempt, and the next one reads every fact.
        cached = false;
        attempt--;
        continue;
      }
      if (attempt >= FACT_RETRIES) throw error;
    }
  }
}

/** How often a command is decided again when a fact stream moved between read and append. */
const FACT_RETRIES = 3;
