import { CommandAccepted, HttpCommandContext, ProblemException } from '@chengguo/common';
import { EVENT_STORE, EventStore, handleCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { exemptionClaimDecider, ExemptionClaimCommand } from '../domain/exemption-claim.decider';
import { DecisionMaker, EXEMPTION_CLAIM_SCHEMA_VERSIONS, exemptionClaimStreamId, ExemptionSubject } from '../domain/exemption.events';
import { assessSubject, exemptionListsAt } from '../exemption-history.store';

/** What a caller supplies for a claim; the findings and the lists are looked up, never supplied. */
export interface FileClaimInput {
  subject: ExemptionSubject;
  decisionMakers: DecisionMaker[];
  lossOrValueChangeFen: number;
  description: string;
  assertedPositiveItemIds: string[];
}

export class FileExemptionClaimCommand extends Command<CommandAccepted & { claimId: string }> {
  constructor(
    readonly claimId: string,
    readonly input: FileClaimInput,
    readonly context: HttpCommandContext,
  ) {
    super();
  }
}

export type ExemptionCommandInput = Omit<Extract<ExemptionClaimCommand, { type: 'OverrideFailedFindings' }>, 'actor' | 'now'>;

export class ExecuteExemptionCommand extends Command<CommandAccepted> {
  constructor(
    readonly claimId: string,
    readonly command: ExemptionCommandInput,
    readonly context: HttpCommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

function acceptedOrProblem(streamId: string, outcome: Awaited<ReturnType<typeof handleCommand>>): CommandAccepted {
  if (isRuleViolation(outcome)) throw new ProblemException(outcome.status, outcome.code, outcome.detail, outcome.extensions);
  return { streamId, revision: outcome.revision, eventIds: outcome.eventIds };
}

/**
 * Filing: reads the history of the decision's streams, recomputes the findings and takes the lists
 * in force; the decider records them with the claim and opens the departments' confirmation.
 */
@CommandHandler(FileExemptionClaimCommand)
export class FileExemptionClaimHandler implements ICommandHandler<FileExemptionClaimCommand, CommandAccepted & { claimId: string }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ claimId, input, context }: FileExemptionClaimCommand): Promise<CommandAccepted & { claimId: string }> {
    const now = new Date().toISOString();
    const command: ExemptionClaimCommand = {
      type: 'FileExemptionClaim',
      claimId,
      ...input,
      assessment: await assessSubject(this.store, input.subject, input.decisionMakers),
      lists: await exemptionListsAt(this.store, now),
      actor: context.actor,
      now,
    };
    const streamId = exemptionClaimStreamId(claimId);
    const outcome = await handleCommand(this.store, streamId, exemptionClaimDecider, command, context, EXEMPTION_CLAIM_SCHEMA_VERSIONS);
    return { claimId, ...acceptedOrProblem(streamId, outcome) };
  }
}

/** Adds actor and time; then load → decide → append. */
@CommandHandler(ExecuteExemptionCommand)
export class ExecuteExemptionCommandHandler implements ICommandHandler<ExecuteExemptionCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ claimId, command, context, expectedRevision }: ExecuteExemptionCommand): Promise<CommandAccepted> {
    const full: ExemptionClaimCommand = { ...command, actor: context.actor, now: new Date().toISOString() };
    const streamId = exemptionClaimStreamId(claimId);
    const outcome = await handleCommand(this.store, streamId, exemptionClaimDecider, full, context, EXEMPTION_CLAIM_SCHEMA_VERSIONS, expectedRevision);
    return acceptedOrProblem(streamId, outcome);
  }
}
