import { CommandContext } from '@chengguo/eventstore';
import { Command } from '@nestjs/cqrs';
import { CommandAccepted } from '../command-accepted';

export class AcknowledgeDisclosureCommand extends Command<CommandAccepted> {
  constructor(
    readonly disclosureId: string,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
