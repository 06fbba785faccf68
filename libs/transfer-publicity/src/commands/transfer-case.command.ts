import { CommandAccepted } from '@chengguo/common';
import { CommandContext } from '@chengguo/eventstore';
import { Command } from '@nestjs/cqrs';
import { TransferCaseCommand } from '../domain/transfer-case.decider';

/** A domain command without its instant: the handler stamps `now` when it runs. */
export type TransferCaseRequest = TransferCaseCommand extends infer C ? (C extends { now: string } ? Omit<C, 'now'> : never) : never;

/**
 * Every HTTP use case of the transfer case is one domain command run through the same
 * load → decide → append handler; the controller names the use case, the decider decides.
 */
export class RunTransferCaseCommand extends Command<CommandAccepted> {
  constructor(
    readonly caseId: string,
    readonly command: TransferCaseRequest,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
