import type { ProcessManifest } from '@chengguo/manifest';
import { ReadModelModule } from '@chengguo/read-models';
import { REWARD_ANNOUNCEMENT_WORKFLOW_TYPE } from '../../../workflows/rewards/reward-announcement.contract';
import { createRewardAnnouncementActivities } from './activities/reward-announcement.activities';
import { leaderRosterCommands, rewardDistributionCommands, rewardSchemeCommands } from './commands/rewards.commands';
import {
  LEADER_ROSTER_STREAM_ID,
  LeaderRosterEvent,
  leaderRosterDecider,
  REWARD_SCHEME_STREAM_ID,
  REWARD_STREAM_PREFIX,
  REWARDS_UPCASTERS,
  RewardDistributionOwnEvent,
  rewardDistributionDecider,
  RewardSchemeProposed,
  rewardSchemeDecider,
} from './domain';
import { Rewards1764000009100 } from './queries/rewards/1764000009100-rewards';
import { RewardDistributionRow, RewardPaymentRow } from './queries/rewards/reward.entities';
import { rewardsProjection } from './queries/rewards/rewards.projection';
import { startRewardAnnouncement } from './reactions/rewards.reactions';
import { rewardsAccess } from './rewards.access';
import { RewardsModule } from './rewards.module';

export * from './domain';
export * from './commands/rewards.commands';
export * from './activities/reward-announcement.activities';
export * from './reactions/rewards.reactions';
export * from './rewards.module';
export * from './rewards.access';
export { rewardsProjection } from './queries/rewards/rewards.projection';
export { RewardDistributionRow, RewardPaymentRow } from './queries/rewards/reward.entities';

export const rewardsReadModels: ReadModelModule = {
  entities: [RewardDistributionRow, RewardPaymentRow],
  migrations: [Rewards1764000009100],
};

const DISTRIBUTION_CITATIONS: Record<RewardDistributionOwnEvent['type'], string[]> = {
  RewardDistributionComputed: ['R8', 'R9', 'R10'],
  RewardSplitProposed: ['R8'],
  RewardDistributionAnnounced: ['R9'],
  RewardAnnouncementCompleted: ['R9'],
  RewardPaid: ['R8', 'R10'],
  RewardDistributionSettled: ['R8'],
};
const SCHEME_CITATIONS: Record<RewardSchemeProposed['type'], string[]> = { RewardSchemeProposed: ['R8'] };
const ROSTER_CITATIONS: Record<LeaderRosterEvent['type'], string[]> = {
  PrincipalLeaderTenureBegan: ['R9'],
  PrincipalLeaderTenureEnded: ['R9'],
  PreTenureEquityDeclared: ['R9'],
};

/**
 * Rewards and remuneration for contributors (R8–R10; XZ-13–15): the unit's versioned scheme, the
 * principal-leader roster, and per achievement and year a distribution computed from the income
 * ledger, approved, announced (a Temporal timer keeps its days) and paid.
 */
export const rewardsProcess: ProcessManifest = {
  name: 'rewards',
  access: rewardsAccess,
  module: RewardsModule,
  readModels: rewardsReadModels,
  projections: [rewardsProjection],
  commands: [rewardDistributionCommands, rewardSchemeCommands, leaderRosterCommands],
  upcasters: REWARDS_UPCASTERS,
  reactions: ({ taskQueue }) => [startRewardAnnouncement(taskQueue)],
  activities: ({ store }) => ({ ...createRewardAnnouncementActivities(store) }),
  workflows: [REWARD_ANNOUNCEMENT_WORKFLOW_TYPE],
  audit: [
    {
      name: 'reward-distribution',
      streamPrefix: REWARD_STREAM_PREFIX,
      decider: rewardDistributionDecider,
      citations: DISTRIBUTION_CITATIONS,
    },
    { name: 'reward-scheme', streamPrefix: REWARD_SCHEME_STREAM_ID, decider: rewardSchemeDecider, citations: SCHEME_CITATIONS },
    { name: 'leader-roster', streamPrefix: LEADER_ROSTER_STREAM_ID, decider: leaderRosterDecider, citations: ROSTER_CITATIONS },
  ],
};
