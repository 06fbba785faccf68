import { CommandAccepted, ProblemException } from '@chengguo/common';
import { isRuleViolation } from '@chengguo/kernel';
import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '../event-store.port';
import { CommandContext } from '../stream-handling';
import { ProcessCommands, runProcessCommand } from './process-commands';

/**
 * The one Nest command every process's HTTP use cases send: which process's commands, which stream
 * (key), the caller's input, the headers' context and If-Match revision.
 */
export class RunCommand<
  Cmd = unknown,
  Event extends { type: string } = { type: string },
  State = unknown,
  Input = unknown,
> extends Command<CommandAccepted> {
  constructor(
    readonly commands: ProcessCommands<Cmd, Event, State, Input>,
    readonly key: string,
    readonly input: Input,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/** Told of every command's outcome and duration (metrics); provided by the app, optional. */
export interface CommandObserver {
  observe(process: string, outcome: 'accepted' | 'refused' | 'failed', seconds: number): void;
}
export const COMMAND_OBSERVER = Symbol('COMMAND_OBSERVER');

/** The one handler: runs the command path and answers CommandAccepted, or problem+json with the rule's code. */
@CommandHandler(RunCommand)
export class RunCommandHandler implements ICommandHandler<RunCommand, CommandAccepted> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(COMMAND_OBSERVER) private readonly observer?: CommandObserver,
  ) {}

  async execute({ commands, key, input, context, expectedRevision }: RunCommand): Promise<CommandAccepted> {
    const started = performance.now();
    let result: 'accepted' | 'refused' | 'failed' = 'failed';
    try {
      const outcome = await runProcessCommand(this.store, commands, key, input, context, expectedRevision);
      if (isRuleViolation(outcome)) {
        result = 'refused';
        throw new ProblemException(outcome.status, outcome.code, outcome.detail, outcome.extensions);
      }
      result = 'accepted';
      return { streamId: outcome.streamId, revision: outcome.revision, eventIds: outcome.eventIds };
    } finally {
      this.observer?.observe(commands.process, result, (performance.now() - started) / 1000);
    }
  }
}
