import { CommandAccepted } from '@chengguo/common';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { handleSignOffCommand } from '../../sign-off-stream';
import { acceptedOrProblem } from '../command-outcome';
import { DelegateCommand } from './delegate.command';

@CommandHandler(DelegateCommand)
export class DelegateHandler implements ICommandHandler<DelegateCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamId, signOffId, toUserId, partyId, context, expectedRevision }: DelegateCommand): Promise<CommandAccepted> {
    const command = { type: 'Delegate' as const, signOffId, toUserId, partyId, actor: context.actor, now: new Date().toISOString() };
    return acceptedOrProblem(streamId, await handleSignOffCommand(this.store, streamId, command, context, expectedRevision));
  }
}
