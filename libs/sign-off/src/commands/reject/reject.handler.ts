import { CommandAccepted } from '@chengguo/common';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { handleSignOffCommand } from '../../sign-off-stream';
import { acceptedOrProblem } from '../command-outcome';
import { RejectCommand } from './reject.command';

@CommandHandler(RejectCommand)
export class RejectHandler implements ICommandHandler<RejectCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamId, signOffId, reason, partyId, context, expectedRevision }: RejectCommand): Promise<CommandAccepted> {
    const command = { type: 'Reject' as const, signOffId, reason, partyId, actor: context.actor, now: new Date().toISOString() };
    return acceptedOrProblem(streamId, await handleSignOffCommand(this.store, streamId, command, context, expectedRevision));
  }
}
