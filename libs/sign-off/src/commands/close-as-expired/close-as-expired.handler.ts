import { CommandAccepted } from '@chengguo/common';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { handleSignOffCommand } from '../../sign-off-stream';
import { acceptedOrProblem } from '../command-outcome';
import { CloseAsExpiredCommand } from './close-as-expired.command';

@CommandHandler(CloseAsExpiredCommand)
export class CloseAsExpiredHandler implements ICommandHandler<CloseAsExpiredCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamId, signOffId, context, expectedRevision }: CloseAsExpiredCommand): Promise<CommandAccepted> {
    const command = { type: 'CloseAsExpired' as const, signOffId, actor: context.actor, now: new Date().toISOString() };
    return acceptedOrProblem(streamId, await handleSignOffCommand(this.store, streamId, command, context, expectedRevision));
  }
}
