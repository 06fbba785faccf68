import { Decider, DomainRuleViolation, isRuleViolation } from './decider';
import { Actor, EventStore, EventToAppend, ExpectedRevision, RecordedEvent } from './event-store.port';
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
    state = decider.evolve(state, { ...(recorded.data as object), type: recorded.type } as Event);
  }
  return { state, revision: events.length === 0 ? -1 : events[events.length - 1].revision, events };
}

export interface HandledCommand<Event> {
  events: Event[];
  eventIds: string[];
  /** Revision of the stream's last event after the append. */
  revision: number;
  /** False when an identical retry found its events already stored. */
  written: boolean;
}

/**
 * The one command-handler shape (STYLE.md convention 3): load the stream, fold, decide, append
 * with the revision that was read. A concurrent writer makes the append fail with
 * WrongExpectedRevisionError (409) instead of deciding on stale state.
 */
export async function handleCommand<Command, Event extends { type: string }, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  schemaVersions: SchemaVersions,
  expectedRevision?: number,
): Promise<HandledCommand<Event> | DomainRuleViolation> {
  const loaded = await loadStream(store, streamId, decider);
  if (expectedRevision !== undefined && expectedRevision !== loaded.revision) {
    return new DomainRuleViolation(
      'STALE_REVISION',
      409,
      `The stream is at revision ${loaded.revision}, not ${expectedRevision}; reload and retry.`,
      { currentRevision: loaded.revision },
    );
  }
  const outcome = decider.decide(command, loaded.state);
  if (isRuleViolation(outcome)) return outcome;
  const occurredAt = context.occurredAt ?? new Date().toISOString();
  const toAppend: EventToAppend[] = outcome.map((event, index) => {
    const { type, ...data } = event as Event & Record<string, unknown>;
    return {
      eventId: commandEventId(context.commandId, streamId, index),
      type,
      schemaVersion: schemaVersions[type] ?? 1,
      data,
      metadata: {
        occurredAt,
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: context.causationId ?? null,
      },
    };
  });
  const expected: ExpectedRevision = loaded.revision === -1 ? 'no_stream' : loaded.revision;
  const result = await store.append(streamId, toAppend, expected);
  return {
    events: outcome,
    eventIds: toAppend.map((e) => e.eventId),
    revision: result.nextExpectedRevision,
    written: result.written,
  };
}
