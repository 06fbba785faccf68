import { CommandAccepted, commandContext, idempotencyKeyOf, parseIfMatch, RequestActor } from '@chengguo/common';
import { CommandBus } from '@nestjs/cqrs';
import { ProcessCommands } from './process-commands';
import { RunCommand } from './run-command';

/**
 * What a controller's command method sends, written once: the caller's context from its
 * Idempotency-Key, the If-Match revision, then the one command path (refusals surface as problem+json).
 */
export function runHttpCommand<Command, Event extends { type: string }, State, Input>(
  bus: CommandBus,
  commands: ProcessCommands<Command, Event, State, Input>,
  key: string,
  input: NoInfer<Input>,
  actor: RequestActor,
  idempotencyKey?: string,
  ifMatch?: string,
): Promise<CommandAccepted> {
  return bus.execute(new RunCommand(commands, key, input, commandContext(actor, idempotencyKeyOf(idempotencyKey)), parseIfMatch(ifMatch)));
}
