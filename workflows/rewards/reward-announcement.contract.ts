import { workflowId } from '@chengguo/kernel';
import { defineQuery } from '@temporalio/workflow';

/** The reward announcement's contract (R9; XZ-13/14): plain data shared by the rewards library and the workflow. */

export const REWARD_ANNOUNCEMENT_WORKFLOW_TYPE = 'rewardAnnouncementWorkflow';

/** `rewards:reward-<distributionId>:announcement`: one announcement per distribution. */
export const rewardAnnouncementWorkflowId = (streamId: string): string => workflowId('rewards', streamId, 'announcement');

export interface RewardAnnouncementInput {
  streamId: string;
  distributionId: string;
  /** End of the announcement (from RewardDistributionAnnounced). */
  endsAt: string;
}

export interface RewardAnnouncementStatus extends RewardAnnouncementInput {
  outcome: CompleteAnnouncementOutcome | null;
}

/** completed: appended (or found already appended); the others: nothing was written. */
export type CompleteAnnouncementOutcome = 'completed' | 'not_over' | 'not_announced';

export const rewardAnnouncementQuery = defineQuery<RewardAnnouncementStatus>('rewardAnnouncement');

/** Implemented in libs/rewards (I/O); idempotent, because Temporal retries them. */
export interface RewardAnnouncementActivities {
  /**
   * Asks the distribution's decider to end the announcement at `now` (the workflow's instant); it
   * refuses before the end. The event id derives from the distribution, so a retry appends nothing twice.
   */
  completeRewardAnnouncement(input: { streamId: string; now: string }): Promise<CompleteAnnouncementOutcome>;
}

/** The workflow's signature, for typed starts by type name. */
export type RewardAnnouncementWorkflow = (input: RewardAnnouncementInput) => Promise<RewardAnnouncementStatus>;
