import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAccepted } from '../command-accepted';
import { DisclosureCommandRunner } from '../disclosure-command-runner';
import { AcknowledgeDisclosureCommand } from './acknowledge-disclosure.command';

@CommandHandler(AcknowledgeDisclosureCommand)
export class AcknowledgeDisclosureHandler implements ICommandHandler<AcknowledgeDisclosureCommand, CommandAccepted> {
  constructor(private readonly runner: DisclosureCommandRunner) {}

  execute({ disclosureId, context, expectedRevision }: AcknowledgeDisclosureCommand): Promise<CommandAccepted> {
    return this.runner.run(
      disclosureId,
      { type: 'AcknowledgeDisclosure', disclosureId, acknowledgedBy: context.actor.userId, now: new Date().toISOString() },
      context,
      expectedRevision,
    );
  }
}
