import { AchievementLink, NO_ACHIEVEMENT, ProcessCommands } from '@chengguo/eventstore';
import { exemptionClaimDecider, ExemptionClaimCommand, ExemptionClaimState } from '../domain/exemption-claim.decider';
import { EXEMPTION_CLAIM_SCHEMA_VERSIONS, ExemptionClaimEvent, exemptionClaimStreamId } from '../domain/exemption.events';
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
    ? Omit<C, 'assessment' | 'lists' | 'actor' | 'now'>
    : never
  : never;

/**
 * A claim concerns the achievement of the decision it is about: the disclosure decided "do not
 * file", or the transfer case approved (the subject's stream, named by the filing).
 */
export const exemptionClaimAchievement: AchievementLink = {
  achievementOf(_streamId, opening, achievementOf) {
    const subject = (opening?.data as { subject?: { streamId?: unknown } } | undefined)?.subject;
    return typeof subject?.streamId === 'string' ? achievementOf(subject.streamId) : null;
  },
};

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
  achievement: exemptionClaimAchievement,
  async prepare(input, context, { store, now }) {
    if (input.type === 'OverrideFailedFindings') return { ...input, actor: context.actor, now };
    return {
      ...input,
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
  achievement: NO_ACHIEVEMENT,
  prepare: (input, context, { now }) => ({ ...input, publishedBy: context.actor.userId, now }),
};
