import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  DisclosureDeadlineActivities,
  DisclosureDeadlineInput,
  disclosureDeadlineMetSignal,
  disclosureDeadlineQuery,
  DisclosureDeadlineStatus,
} from './disclosure-deadline.contract';

const { recordDisclosureDeadlineMissed } = proxyActivities<DisclosureDeadlineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One deadline of a disclosure: the TTO's acknowledgement (R1, promptly) or the pre-filing
 * evaluation (R2). A durable timer runs to `dueAt`; if the step has not happened by then, the miss
 * is recorded in the disclosure's stream and escalated to the unit leader, and the workflow keeps
 * waiting until the step happens, so its query tells the whole story.
 */
export async function disclosureDeadlineWorkflow(input: DisclosureDeadlineInput): Promise<DisclosureDeadlineStatus> {
  const status: DisclosureDeadlineStatus = { ...input, met: false, missed: false };
  setHandler(disclosureDeadlineMetSignal, () => void (status.met = true));
  setHandler(disclosureDeadlineQuery, () => status);

  if (!(await condition(() => status.met, Math.max(1, Date.parse(input.dueAt) - workflowNow())))) {
    status.missed = await recordDisclosureDeadlineMissed({ ...input, now: new Date(workflowNow()).toISOString() });
    await condition(() => status.met);
  }
  return status;
}

/** Temporal's workflow clock: `Date` inside the sandbox is the recorded time of the workflow task. */
function workflowNow(): number {
  return Date.now();
}
