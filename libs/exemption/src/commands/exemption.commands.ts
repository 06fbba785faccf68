import { AchievementState, achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import { DISCLOSURE_STREAM_PREFIX } from '@chengguo/disclosure/domain';
import { AchievementLink, CommandFacts, NO_ACHIEVEMENT, ProcessCommands } from '@chengguo/eventstore';
import { TRANSFER_CASE_STREAM_PREFIX, transferCaseDecider, transferCaseStreamId } from '@chengguo/transfer-publicity/domain';
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
    ? Omit<C, 'assessment' | 'route' | 'lists' | 'register' | 'actor' | 'now'>
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
 * The register's state of the achievement a claim's decision concerns: a disclosure's achievement
 * has its id; a transfer case names its achievement (a v1 case on a patent number names none).
 * Undefined when no register stream is on record for it.
 */
async function registerOfSubject(subject: ExemptionSubject, load: CommandFacts['load']): Promise<AchievementState | undefined> {
  let achievementId: string | null = null;
  if (subject.streamId.startsWith(DISCLOSURE_STREAM_PREFIX)) achievementId = subject.streamId.slice(DISCLOSURE_STREAM_PREFIX.length);
  if (subject.streamId.startsWith(TRANSFER_CASE_STREAM_PREFIX)) {
    const theCase = await load(transferCaseStreamId(subject.streamId.slice(TRANSFER_CASE_STREAM_PREFIX.length)), transferCaseDecider);
    achievementId = theCase.exists ? theCase.achievementId : null;
  }
  if (!achievementId) return undefined;
  const register = await load(achievementStreamId(achievementId), achievementDecider);
  return register.status === 'unregistered' ? undefined : register;
}

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
 * decision's streams, recomputes the findings, takes the decision's route from its case and the
 * lists in force; the decider records them with the claim and opens the departments' confirmation, where the achievement's inventors (read
 * from the register, its revision expected on append) are conflicted (R4, R13).
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
  async prepare(input, context, facts) {
    const { store, now, load } = facts;
    if (input.type === 'OverrideFailedFindings') return { ...input, actor: context.actor, now };
    const register = await registerOfSubject(input.subject, load);
    return {
      ...input,
      route: await routeOf(input.subject, facts),
      ...(register ? { register } : {}),
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
