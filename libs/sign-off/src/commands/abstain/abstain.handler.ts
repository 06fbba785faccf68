import { CommandAccepted } from '@chengguo/common';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { handleSignOffCommand } from '../../sign-off-stream';
import { acceptedOrProblem } from '../command-outcome';
import { AbstainCommand } from './abstain.command';

@CommandHandler(AbstainCommand)
export class AbstainHandler implements ICommandHandler<AbstainCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamId, signOffId, partyId, context, expectedRevision }: AbstainCommand): Promise<CommandAccepted> {
    const command = { type: 'Abstain' as const, signOffId, partyId, actor: context.actor, now: new Date().toISOString() };
    return acceptedOrProblem(streamId, await handleSignOffCommand(this.store, streamId, command, context, expectedRevision));
  }
}
