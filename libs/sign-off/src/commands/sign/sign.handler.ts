import { CommandAccepted } from '@chengguo/common';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { handleSignOffCommand } from '../../sign-off-stream';
import { acceptedOrProblem } from '../command-outcome';
import { SignCommand } from './sign.command';

@CommandHandler(SignCommand)
export class SignHandler implements ICommandHandler<SignCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamId, signOffId, termsHash, partyId, context, expectedRevision }: SignCommand): Promise<CommandAccepted> {
    const command = { type: 'Sign' as const, signOffId, termsHash, partyId, actor: context.actor, now: new Date().toISOString() };
    return acceptedOrProblem(streamId, await handleSignOffCommand(this.store, streamId, command, context, expectedRevision));
  }
}
