import { CommandContext } from '@chengguo/eventstore';
import { Command } from '@nestjs/cqrs';
import { Inventor } from '../../domain/disclosure.events';
import { CommandAccepted } from '../command-accepted';

export class SubmitDisclosureCommand extends Command<CommandAccepted> {
  constructor(
    readonly disclosureId: string,
    readonly payload: { title: string; technicalField: string; abstract: string; inventors: Inventor[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}
