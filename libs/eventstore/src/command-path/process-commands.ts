import { Decider, DomainRuleViolation, isRuleViolation } from '@chengguo/kernel';
import { EventStore } from '../event-store.port';
import { CommandContext, HandledCommand, handleCommand, SchemaVersions } from '../stream-handling';

/** What `prepare` may look up: the store (facts of other streams) and the command's instant. */
export interface CommandFacts {
  store: EventStore;
  /** The command's instant: the decider's `now` and every appended event's occurredAt. */
  now: string;
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
  const command = await commands.prepare(input, context, { store, now });
  const outcome = await handleCommand(
    store,
    streamId,
    commands.decider,
    command,
    { ...context, occurredAt: now },
    commands.schemaVersions,
    expectedRevision,
  );
  return isRuleViolation(outcome) ? outcome : { ...outcome, streamId };
}
