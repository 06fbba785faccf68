import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  AnnuityActivities,
  annuityRecordChangedSignal,
  annuityStatusQuery,
  AnnuityWorkflowInput,
  AnnuityWorkflowStatus,
} from './annuity.contract';

const { loadNextAnnuity, remindAnnuityDue, startAnnuityGracePeriod, lapseUnpaidRight } = proxyActivities<AnnuityActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Rights maintenance of one granted right (R12): for each annual fee the register says is next,
 * durable timers remind the TTO at the configured lead times before the due date, record the start
 * of the six-month grace period when the due date ends unpaid, and end the right when the grace
 * period ends unpaid. A payment, a decided lapse or a change of owner is recorded on the register;
 * a reaction signals it here, and the workflow loads the next fee again. It ends when the register
 * says the unit no longer maintains the right. The dates come from the register; nothing here
 * computes a rule.
 */
export async function annuityWorkflow(input: AnnuityWorkflowInput): Promise<AnnuityWorkflowStatus> {
  const status: AnnuityWorkflowStatus = { achievementId: input.achievementId, current: null, remindersSent: [], ended: false };
  let changes = 0;
  setHandler(annuityRecordChangedSignal, () => void changes++);
  setHandler(annuityStatusQuery, () => status);

  for (;;) {
    const seen = changes;
    const due = await loadNextAnnuity({ achievementId: input.achievementId });
    status.current = due;
    if (!due) break;
    /** Sleeps until `at`; true when the register changed first (then the fee is loaded again). */
    const changedBefore = (at: number): Promise<boolean> => condition(() => changes !== seen, Math.max(1, at - Date.now()));

    let changed = false;
    for (const leadDays of [...due.reminderLeadDays].sort((a, b) => b - a)) {
      const at = Date.parse(due.dueAt) - leadDays * DAY_MS;
      if (at <= Date.now()) continue; // that lead time had passed when this fee was loaded
      if ((changed = await changedBefore(at))) break;
      await remindAnnuityDue({ achievementId: input.achievementId, year: due.year, dueDate: due.dueDate, leadDays });
      status.remindersSent.push({ year: due.year, leadDays });
    }
    if (changed) continue;
    if (!due.graceStarted) {
      if (await changedBefore(Date.parse(due.dueAt))) continue;
      await startAnnuityGracePeriod({ achievementId: input.achievementId, year: due.year, now: new Date(Date.now()).toISOString() });
      continue; // the register now shows the grace period: load again, wait for its end
    }
    if (await changedBefore(Date.parse(due.graceEndsAt))) continue;
    await lapseUnpaidRight({ achievementId: input.achievementId, year: due.year, now: new Date(Date.now()).toISOString() });
  }
  status.ended = true;
  return status;
}
