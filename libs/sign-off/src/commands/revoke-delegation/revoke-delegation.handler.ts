import { CommandAccepted } from '@chengguo/common';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { handleSignOffCommand } from '../../sign-off-stream';
import { acceptedOrProblem } from '../command-outcome';
import { RevokeDelegationCommand } from './revoke-delegation.command';

@CommandHandler(RevokeDelegationCommand)
export class RevokeDelegationHandler implements ICommandHandler<RevokeDelegationCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamId, signOffId, partyId, context, expectedRevision }: RevokeDelegationCommand): Promise<CommandAccepted> {
    const command = { type: 'RevokeDelegation' as const, signOffId, partyId, actor: context.actor, now: new Date().toISOString() };
    return acceptedOrProblem(streamId, await handleSignOffCommand(this.store, streamId, command, context, expectedRevision));
  }
}
