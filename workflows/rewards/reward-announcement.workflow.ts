import { proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import {
  RewardAnnouncementActivities,
  RewardAnnouncementInput,
  rewardAnnouncementQuery,
  RewardAnnouncementStatus,
} from './reward-announcement.contract';

const { completeRewardAnnouncement } = proxyActivities<RewardAnnouncementActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** A late worker clock or a clock skew between workers: look again a minute later. */
const RECHECK_MS = 60_000;

/**
 * A reward distribution's announcement inside the unit (R9; the scheme's days): a durable timer to
 * its end, then the distribution's decider is asked to end it, which makes the rewards payable.
 */
export async function rewardAnnouncementWorkflow(input: RewardAnnouncementInput): Promise<RewardAnnouncementStatus> {
  const status: RewardAnnouncementStatus = { ...input, outcome: null };
  setHandler(rewardAnnouncementQuery, () => status);
  await sleep(Math.max(1, Date.parse(input.endsAt) - Date.now()));
  for (;;) {
    status.outcome = await completeRewardAnnouncement({ streamId: input.streamId, now: new Date(Date.now()).toISOString() });
    if (status.outcome !== 'not_over') return status;
    await sleep(RECHECK_MS);
  }
}
