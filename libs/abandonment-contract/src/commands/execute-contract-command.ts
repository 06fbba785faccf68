import { CommandAccepted, HttpCommandContext, ProblemException } from '@chengguo/common';
import { disclosurePolicyAt } from '@chengguo/disclosure';
import { EVENT_STORE, EventStore, handleCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { abandonmentContractDecider, ContractCommand } from '../domain/abandonment-contract.decider';
import { ABANDONMENT_CONTRACT_SCHEMA_VERSIONS, abandonmentContractStreamId } from '../domain/abandonment-contract.events';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now' | 'signingDays'> : never;
export type ContractCommandInput = WithoutContext<Exclude<ContractCommand, { type: 'OpenAbandonmentContract' }>>;

export class ExecuteContractCommand extends Command<CommandAccepted> {
  constructor(
    readonly contractId: string,
    readonly command: ContractCommandInput,
    readonly context: HttpCommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/** Adds actor, time and (for amendments) the signing period in force; then load → decide → append. */
@CommandHandler(ExecuteContractCommand)
export class ExecuteContractCommandHandler implements ICommandHandler<ExecuteContractCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ contractId, command, context, expectedRevision }: ExecuteContractCommand): Promise<CommandAccepted> {
    const now = new Date().toISOString();
    const signingDays = command.type === 'AmendContractTerms' ? (await disclosurePolicyAt(this.store, now)).contractSigningDays : undefined;
    const full = { ...command, actor: context.actor, now, ...(signingDays ? { signingDays } : {}) } as ContractCommand;
    const streamId = abandonmentContractStreamId(contractId);
    const outcome = await handleCommand(this.store, streamId, abandonmentContractDecider, full, context, ABANDONMENT_CONTRACT_SCHEMA_VERSIONS, expectedRevision);
    if (isRuleViolation(outcome)) throw new ProblemException(outcome.status, outcome.code, outcome.detail, outcome.extensions);
    return { streamId, revision: outcome.revision, eventIds: outcome.eventIds };
  }
}
