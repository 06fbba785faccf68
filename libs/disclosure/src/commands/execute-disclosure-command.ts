import { CommandAccepted, HttpCommandContext, ProblemException } from '@chengguo/common';
import { EVENT_STORE, EventStore, handleCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { disclosurePolicyAt } from '../disclosure-policy.store';
import { DisclosureCommand, disclosureDecider } from '../domain/disclosure.decider';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureStreamId } from '../domain/disclosure.events';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now' | 'policy'> : never;
/** A disclosure command as the API states it; actor, time and policy are added by the handler. */
export type DisclosureCommandInput = WithoutContext<Exclude<DisclosureCommand, { type: 'RecordDeadlineMissed' }>>;

const NEEDS_POLICY = new Set(['SubmitDisclosure', 'AmendDisclosure', 'AssignEvaluator']);

export class ExecuteDisclosureCommand extends Command<CommandAccepted> {
  constructor(
    readonly disclosureId: string,
    readonly command: DisclosureCommandInput,
    readonly context: HttpCommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/**
 * The one handler shape for every disclosure command: add the actor, the time and the policy in
 * force, then load → decide → append with the revision read. Rule violations become problem+json.
 */
@CommandHandler(ExecuteDisclosureCommand)
export class ExecuteDisclosureCommandHandler implements ICommandHandler<ExecuteDisclosureCommand, CommandAccepted> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ disclosureId, command, context, expectedRevision }: ExecuteDisclosureCommand): Promise<CommandAccepted> {
    const now = new Date().toISOString();
    const policy = NEEDS_POLICY.has(command.type) ? await disclosurePolicyAt(this.store, now) : undefined;
    const full = { ...command, actor: context.actor, now, ...(policy ? { policy } : {}) } as DisclosureCommand;
    const streamId = disclosureStreamId(disclosureId);
    const outcome = await handleCommand(this.store, streamId, disclosureDecider, full, context, DISCLOSURE_SCHEMA_VERSIONS, expectedRevision);
    if (isRuleViolation(outcome)) throw new ProblemException(outcome.status, outcome.code, outcome.detail, outcome.extensions);
    return { streamId, revision: outcome.revision, eventIds: outcome.eventIds };
  }
}
