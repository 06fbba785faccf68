import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  LicenceObligation,
  licenceRecordChangedSignal,
  LicenceTermActivities,
  LicenceTermInput,
  LicenceTermStatus,
  licenceTermStatusQuery,
} from './licence-term.contract';

const { loadLicenceSchedule, remindLicenceObligation, escalateOverdueObligation, recordUncuredDefault } =
  proxyActivities<LicenceTermActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

const DAY_MS = 24 * 60 * 60 * 1000;
/** A late worker clock or a clock skew between workers: look again a minute later. */
const RECHECK_MS = 60_000;

type Step =
  | { at: number; kind: 'remind'; obligation: LicenceObligation; leadDays: number }
  | { at: number; kind: 'escalate'; obligation: LicenceObligation }
  | { at: number; kind: 'cure'; obligation: LicenceObligation }
  | { at: number; kind: 'term_end' };

/**
 * The time of one licence (R5, R15): for every obligation the licence says is unmet (milestone,
 * deferred and royalty payments, royalty reports, the use-first-pay-later decision), durable timers
 * remind the TTO at the lead times before its due date, escalate it to the TTO when the due date
 * ends unmet (the cure period starts), and record the default when the cure period ends unmet — from
 * then on only the TTO decides (a termination round, signed by three parties). A report, payment,
 * conversion or round changes the licence stream; a reaction signals it here and the workflow loads
 * the obligations again. It ends when the licence is terminated or owes nothing more. The dates come
 * from the licence's decider via an activity; nothing here computes a rule, nothing here terminates.
 */
export async function licenceTermWorkflow(input: LicenceTermInput): Promise<LicenceTermStatus> {
  const status: LicenceTermStatus = { licenceId: input.licenceId, remindersSent: [], escalated: [], uncured: [], ended: false };
  let changes = 0;
  setHandler(licenceRecordChangedSignal, () => void changes++);
  setHandler(licenceTermStatusQuery, () => status);
  const sent = new Set<string>();

  for (;;) {
    const seen = changes;
    const loadedAt = Date.now();
    const facts = await loadLicenceSchedule({ licenceId: input.licenceId, now: new Date(loadedAt).toISOString() });
    if (facts.ended) break;

    const steps: Step[] = Date.parse(facts.termEndsAt) > loadedAt ? [{ at: Date.parse(facts.termEndsAt), kind: 'term_end' }] : [];
    for (const obligation of facts.obligations) {
      if (obligation.uncured) continue; // the TTO decides now; nothing is timed
      if (obligation.escalated) {
        steps.push({ at: Date.parse(obligation.cureEndsAt!), kind: 'cure', obligation });
        continue;
      }
      for (const leadDays of facts.reminderLeadDays) {
        const at = Date.parse(obligation.dueAt) - leadDays * DAY_MS;
        // That lead time had passed when the obligation was loaded, or its reminder went out already.
        if (at <= loadedAt || sent.has(`${obligation.itemKey}:${obligation.dueOn}:${leadDays}`)) continue;
        steps.push({ at, kind: 'remind', obligation, leadDays });
      }
      steps.push({ at: Date.parse(obligation.dueAt), kind: 'escalate', obligation });
    }
    if (steps.length === 0) {
      // Nothing is timed (every unmet obligation awaits the TTO's decision): wait for the licence to change.
      await condition(() => changes !== seen);
      continue;
    }
    const next = steps.reduce((a, b) => (b.at < a.at ? b : a));
    if (await condition(() => changes !== seen, Math.max(1, next.at - Date.now()))) continue;

    const now = new Date(Date.now()).toISOString();
    switch (next.kind) {
      case 'term_end':
        break; // the term is over: load again, the licence says whether anything is still owed
      case 'remind': {
        const { itemKey, dueOn } = next.obligation;
        await remindLicenceObligation({ licenceId: input.licenceId, itemKey, dueOn, leadDays: next.leadDays });
        sent.add(`${itemKey}:${dueOn}:${next.leadDays}`);
        status.remindersSent.push({ itemKey, dueOn, leadDays: next.leadDays });
        break;
      }
      case 'escalate': {
        const outcome = await escalateOverdueObligation({ licenceId: input.licenceId, itemKey: next.obligation.itemKey, now });
        if (outcome === 'recorded') status.escalated.push(next.obligation.itemKey);
        if (outcome === 'not_due') await condition(() => changes !== seen, RECHECK_MS);
        break;
      }
      case 'cure': {
        const outcome = await recordUncuredDefault({ licenceId: input.licenceId, itemKey: next.obligation.itemKey, now });
        if (outcome === 'recorded') status.uncured.push(next.obligation.itemKey);
        if (outcome === 'not_due') await condition(() => changes !== seen, RECHECK_MS);
        break;
      }
    }
  }
  status.ended = true;
  return status;
}
