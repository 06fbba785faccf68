import { EventStore, handleCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import type { RewardAnnouncementActivities } from '../../../../workflows/rewards/reward-announcement.contract';
import { rewardDistributionAchievement } from '../commands/rewards.commands';
import { rewardDistributionDecider } from '../domain/reward-distribution.decider';
import { REWARD_DISTRIBUTION_SCHEMA_VERSIONS } from '../domain/reward-distribution.events';

export function createRewardAnnouncementActivities(store: EventStore): RewardAnnouncementActivities {
  return {
    async completeRewardAnnouncement({ streamId, now }) {
      const outcome = await handleCommand(
        store,
        streamId,
        rewardDistributionDecider,
        { type: 'CompleteRewardAnnouncement', now },
        // Deterministic: a retried activity derives the same event id and appends nothing new.
        {
          commandId: `announcement-completed:${streamId}`,
          actor: { userId: 'system:temporal', role: 'system' },
          correlationId: streamId,
          occurredAt: now,
        },
        REWARD_DISTRIBUTION_SCHEMA_VERSIONS,
        rewardDistributionAchievement,
      );
      if (!isRuleViolation(outcome)) return 'completed';
      return outcome.code === 'R9_ANNOUNCEMENT_NOT_OVER' ? 'not_over' : 'not_announced';
    },
  };
}
