import { CommandAccepted } from '@chengguo/common';
import { CommandContext } from '@chengguo/eventstore';
import { Command } from '@nestjs/cqrs';

export class RejectCommand extends Command<CommandAccepted> {
  constructor(
    readonly streamId: string,
    readonly signOffId: string,
    readonly reason: string,
    readonly partyId: string | undefined,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
