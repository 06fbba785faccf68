import { CommandAccepted, ProblemException } from '@chengguo/common';
import { EVENT_STORE, EventStore, handleCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransferCaseCommand, transferCaseDecider } from '../domain/transfer-case.decider';
import { TRANSFER_CASE_SCHEMA_VERSIONS, transferCaseStreamId } from '../domain/transfer-case.events';
import { RunTransferCaseCommand } from './transfer-case.command';

/** Load → decide → append on the case stream, with rule violations as problem+json. */
@CommandHandler(RunTransferCaseCommand)
export class RunTransferCaseHandler implements ICommandHandler<RunTransferCaseCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ caseId, command, context, expectedRevision }: RunTransferCaseCommand): Promise<CommandAccepted> {
    const streamId = transferCaseStreamId(caseId);
    const now = new Date().toISOString();
    const outcome = await handleCommand(
      this.store,
      streamId,
      transferCaseDecider,
      { ...command, now } as TransferCaseCommand,
      { ...context, occurredAt: now },
      TRANSFER_CASE_SCHEMA_VERSIONS,
      expectedRevision,
    );
    if (isRuleViolation(outcome)) throw new ProblemException(outcome.status, outcome.code, outcome.detail, outcome.extensions);
    return { streamId, revision: outcome.revision, eventIds: outcome.eventIds };
  }
}
