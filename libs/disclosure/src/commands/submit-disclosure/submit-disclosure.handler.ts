import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAccepted } from '../command-accepted';
import { DisclosureCommandRunner } from '../disclosure-command-runner';
import { SubmitDisclosureCommand } from './submit-disclosure.command';

@CommandHandler(SubmitDisclosureCommand)
export class SubmitDisclosureHandler implements ICommandHandler<SubmitDisclosureCommand, CommandAccepted> {
  constructor(private readonly runner: DisclosureCommandRunner) {}

  execute({ disclosureId, payload, context }: SubmitDisclosureCommand): Promise<CommandAccepted> {
    return this.runner.run(
      disclosureId,
      { type: 'SubmitDisclosure', disclosureId, ...payload, submittedBy: context.actor.userId, now: new Date().toISOString() },
      context,
    );
  }
}
