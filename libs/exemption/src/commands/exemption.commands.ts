import { CommandFacts, ProcessCommands } from '@chengguo/eventstore';
import { TRANSFER_CASE_STREAM_PREFIX, transferCaseDecider } from '@chengguo/transfer-publicity/domain';
import { exemptionClaimDecider, ExemptionClaimCommand, ExemptionClaimState } from '../domain/exemption-claim.decider';
import {
  EXEMPTION_CLAIM_SCHEMA_VERSIONS,
  ExemptionClaimEvent,
  exemptionClaimStreamId,
  ExemptionSubject,
  TransformationRoute,
} from '../domain/exemption.events';
import {
  EXEMPTION_LISTS_STREAM,
  exemptionListsDecider,
  ExemptionListsPublished,
  ExemptionListsState,
  PublishExemptionLists,
} from '../domain/exemption-lists';
import { assessSubject, exemptionListsAt } from '../exemption-history.store';

type HttpClaimCommand = Extract<ExemptionClaimCommand, { type: 'FileExemptionClaim' | 'OverrideFailedFindings' }>;
/** What a caller supplies for a claim; the findings and the lists are looked up, never supplied. */
export type ExemptionCommandInput = HttpClaimCommand extends infer C
  ? C extends unknown
    ? Omit<C, 'assessment' | 'route' | 'lists' | 'actor' | 'now'>
    : never
  : never;

/**
 * The route of the decision a claim names, from the record: an abandonment, or the mode the case
 * stream recorded when it opened (XZ-18 keeps only equity-investment losses out of state-asset
 * preservation assessment). Loaded through the facts helper, so a case that moves before the
 * claim is appended makes the claim be decided again.
 */
async function routeOf(subject: ExemptionSubject, facts: CommandFacts): Promise<TransformationRoute> {
  if (subject.kind === 'abandonment_decision' || !subject.streamId.startsWith(TRANSFER_CASE_STREAM_PREFIX)) return 'abandonment';
  const transferCase = await facts.load(subject.streamId, transferCaseDecider);
  // A stream that is no case leaves the subject unfound: the assessment refuses it before the route matters.
  return transferCase.exists ? transferCase.mode.kind : 'transfer';
}

/**
 * Exemption-claim commands (R13, R4): the key is the claim id. Filing reads the history of the
 * decision's streams, recomputes the findings and takes the lists in force; the decider records them
 * with the claim and opens the departments' confirmation.
 */
export const exemptionClaimCommands: ProcessCommands<
  ExemptionClaimCommand,
  ExemptionClaimEvent,
  ExemptionClaimState,
  ExemptionCommandInput
> = {
  process: 'exemption',
  decider: exemptionClaimDecider,
  schemaVersions: EXEMPTION_CLAIM_SCHEMA_VERSIONS,
  streamId: exemptionClaimStreamId,
  async prepare(input, context, facts) {
    const { store, now } = facts;
    if (input.type === 'OverrideFailedFindings') return { ...input, actor: context.actor, now };
    return {
      ...input,
      route: await routeOf(input.subject, facts),
      assessment: await assessSubject(store, input.subject, input.decisionMakers),
      lists: await exemptionListsAt(store, now),
      actor: context.actor,
      now,
    };
  },
};

export type PublishExemptionListsInput = Omit<PublishExemptionLists, 'publishedBy' | 'now'>;

/** Publishing a version of the positive and negative lists: one stream for the whole unit, whatever the key. */
export const exemptionListsCommands: ProcessCommands<
  PublishExemptionLists,
  ExemptionListsPublished,
  ExemptionListsState,
  PublishExemptionListsInput
> = {
  process: 'exemption-lists',
  decider: exemptionListsDecider,
  schemaVersions: { ExemptionListsPublished: 1 },
  streamId: () => EXEMPTION_LISTS_STREAM,
  prepare: (input, context, { now }) => ({ ...input, publishedBy: context.actor.userId, now }),
};
