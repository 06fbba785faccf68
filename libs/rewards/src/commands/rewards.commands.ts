import { achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import { AchievementLink, NO_ACHIEVEMENT, ProcessCommands } from '@chengguo/eventstore';
import { incomeLedgerDecider, incomeStreamId } from '@chengguo/income-ledger/domain';
import { transferCaseDecider, transferCaseStreamId } from '@chengguo/transfer-publicity/domain';
import { LeaderRosterCommand, leaderRosterDecider, LeaderRosterState } from '../domain/leader-roster.decider';
import { LEADER_ROSTER_SCHEMA_VERSIONS, LEADER_ROSTER_STREAM_ID, LeaderRosterEvent } from '../domain/leader-roster.events';
import {
  DistributionFacts,
  RewardDistributionCommand,
  rewardDistributionDecider,
  RewardDistributionState,
} from '../domain/reward-distribution.decider';
import {
  REWARD_DISTRIBUTION_SCHEMA_VERSIONS,
  REWARD_STREAM_PREFIX,
  RewardDistributionEvent,
  rewardStreamId,
} from '../domain/reward-distribution.events';
import { RewardSchemeCommand, rewardSchemeDecider, RewardSchemeState } from '../domain/reward-scheme.decider';
import { REWARD_SCHEME_SCHEMA_VERSIONS, REWARD_SCHEME_STREAM_ID, RewardSchemeEvent } from '../domain/reward-scheme.events';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now'> : never;

const actorOf = (context: { actor: { userId: string; role: string } }) => ({ userId: context.actor.userId, role: context.actor.role });

/** The unit's reward scheme: one stream for every version (XZ-13, R8). */
export const rewardSchemeCommands: ProcessCommands<
  RewardSchemeCommand,
  RewardSchemeEvent,
  RewardSchemeState,
  WithoutContext<RewardSchemeCommand>
> = {
  process: 'rewards',
  decider: rewardSchemeDecider,
  schemaVersions: REWARD_SCHEME_SCHEMA_VERSIONS,
  streamId: () => REWARD_SCHEME_STREAM_ID,
  // The scheme is the unit's, about no one achievement.
  achievement: NO_ACHIEVEMENT,
  prepare: (input, context, { now }) => ({ ...input, actor: actorOf(context), now }),
};

/** The principal-leader roster (R9). */
export const leaderRosterCommands: ProcessCommands<
  LeaderRosterCommand,
  LeaderRosterEvent,
  LeaderRosterState,
  WithoutContext<LeaderRosterCommand>
> = {
  process: 'rewards',
  decider: leaderRosterDecider,
  schemaVersions: LEADER_ROSTER_SCHEMA_VERSIONS,
  streamId: () => LEADER_ROSTER_STREAM_ID,
  achievement: NO_ACHIEVEMENT,
  prepare: (input, context, { now }) => ({ ...input, actor: actorOf(context), now }) as LeaderRosterCommand,
};

/** A distribution command as the controller states it: actor, time and the other streams' facts are added by `prepare`. */
export type RewardDistributionInput =
  | Omit<Extract<RewardDistributionCommand, { type: 'ComputeRewardDistribution' }>, 'actor' | 'now' | 'facts'>
  | WithoutContext<Exclude<RewardDistributionCommand, { type: 'ComputeRewardDistribution' | 'CompleteRewardAnnouncement' }>>;

/** A distribution is named `reward-distribution-<achievementId>-<year>`. */
export const rewardDistributionAchievement: AchievementLink = {
  achievementOf: (streamId) => {
    const match = streamId.startsWith(REWARD_STREAM_PREFIX) ? /^(.+)-\d{4}$/.exec(streamId.slice(REWARD_STREAM_PREFIX.length)) : null;
    return match ? match[1] : null;
  },
};

/** Reward distributions (R8–R10); the key is the distribution id (`<achievementId>-<year>`). */
export const rewardDistributionCommands: ProcessCommands<
  RewardDistributionCommand,
  RewardDistributionEvent,
  RewardDistributionState,
  RewardDistributionInput
> = {
  process: 'rewards',
  decider: rewardDistributionDecider,
  schemaVersions: REWARD_DISTRIBUTION_SCHEMA_VERSIONS,
  streamId: rewardStreamId,
  achievement: rewardDistributionAchievement,
  async prepare(input, context, { now, load }) {
    const actor = actorOf(context);
    if (input.type !== 'ComputeRewardDistribution') return { ...input, actor, now } as RewardDistributionCommand;
    // R8–R10 are decided from the record: the income ledger, the register's inventors, the scheme,
    // the roster and each transfer case's registration, every one read here and expected on append.
    const income = await load(incomeStreamId(input.achievementId), incomeLedgerDecider);
    const register = await load(achievementStreamId(input.achievementId), achievementDecider);
    const scheme = await load(REWARD_SCHEME_STREAM_ID, rewardSchemeDecider);
    const roster = await load(LEADER_ROSTER_STREAM_ID, leaderRosterDecider);
    const caseRegistrations: DistributionFacts['caseRegistrations'] = {};
    const caseIds = new Set(
      Object.values(income.entries)
        .filter((e) => e.kind === 'receipt' && e.source !== 'technology_contract' && e.contractReference !== null)
        .filter((e) => Number(e.on.slice(0, 4)) === input.year && register.links.caseIds.includes(e.contractReference as string))
        .map((e) => e.contractReference as string),
    );
    for (const caseId of [...caseIds].sort()) {
      const theCase = await load(transferCaseStreamId(caseId), transferCaseDecider);
      caseRegistrations[caseId] = theCase.exists ? theCase.registration : null;
    }
    return { ...input, facts: { income, register, scheme, roster, caseRegistrations }, actor, now };
  },
};
