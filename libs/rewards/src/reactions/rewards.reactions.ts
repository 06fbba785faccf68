import { toDomainEvent } from '@chengguo/kernel';
import { Reaction } from '@chengguo/temporal';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  REWARD_ANNOUNCEMENT_WORKFLOW_TYPE,
  RewardAnnouncementWorkflow,
  rewardAnnouncementWorkflowId,
} from '../../../../workflows/rewards/reward-announcement.contract';
import { RewardDistributionEvent } from '../domain/reward-distribution.events';

/** An announced distribution gets its timer: the workflow ends the announcement when its days are over. */
export function startRewardAnnouncement(taskQueue: string): Reaction {
  return {
    name: 'start-reward-announcement-when-announced',
    eventTypes: ['RewardDistributionAnnounced'],
    async react(recorded, temporal) {
      const event = toDomainEvent<RewardDistributionEvent>(recorded);
      if (event.type !== 'RewardDistributionAnnounced') return;
      try {
        await temporal.workflow.start<RewardAnnouncementWorkflow>(REWARD_ANNOUNCEMENT_WORKFLOW_TYPE, {
          workflowId: rewardAnnouncementWorkflowId(recorded.streamId),
          taskQueue,
          args: [{ streamId: recorded.streamId, distributionId: event.distributionId, endsAt: event.endsAt }],
        });
      } catch (error) {
        // Redelivered event: the workflow (id derived from the stream) is already running or done.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}
