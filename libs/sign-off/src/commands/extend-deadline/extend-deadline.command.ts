import { CommandAccepted } from '@chengguo/common';
import { CommandContext } from '@chengguo/eventstore';
import { Command } from '@nestjs/cqrs';

export class ExtendDeadlineCommand extends Command<CommandAccepted> {
  constructor(
    readonly streamId: string,
    readonly signOffId: string,
    readonly newDeadline: string,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
