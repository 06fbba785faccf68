import { CommandAccepted } from '@chengguo/common';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { handleSignOffCommand } from '../../sign-off-stream';
import { acceptedOrProblem } from '../command-outcome';
import { ExtendDeadlineCommand } from './extend-deadline.command';

@CommandHandler(ExtendDeadlineCommand)
export class ExtendDeadlineHandler implements ICommandHandler<ExtendDeadlineCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamId, signOffId, newDeadline, context, expectedRevision }: ExtendDeadlineCommand): Promise<CommandAccepted> {
    const command = {
      type: 'ExtendDeadline' as const,
      signOffId,
      // Stored in UTC, like every other instant of the round, whatever offset the caller wrote.
      newDeadline: new Date(newDeadline).toISOString(),
      actor: context.actor,
      now: new Date().toISOString(),
    };
    return acceptedOrProblem(streamId, await handleSignOffCommand(this.store, streamId, command, context, expectedRevision));
  }
}
