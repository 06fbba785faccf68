import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  PublicityActivities,
  PublicityEventEnvelope,
  publicityEventSignal,
  PublicitySnapshot,
  publicityStateQuery,
  PublicityWorkflowInput,
  PublicityWorkflowState,
} from './publicity.contract';

const { loadPublicityRound, completePublicityPeriod } = proxyActivities<PublicityActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * R7: keeps the time of one publicity round. A durable timer runs until the period's end (R7-DAYS);
 * objections and their resolutions are events in the case stream, folded here by revision (signals
 * carry events, never decisions). The round completes once the end has come and no objection is
 * open, i.e. at the later of the end and the last resolution; the activity asks the decider, which
 * refuses anything earlier. An upheld objection fails the round and ends the workflow.
 */
export async function transferPublicityWorkflow(input: PublicityWorkflowInput): Promise<PublicityWorkflowState> {
  let status: PublicitySnapshot['status'] = 'running';
  let open = new Set<string>();
  let revision = -1;
  let lastOutcome: PublicityWorkflowState['lastOutcome'] = null;
  const inbox: PublicityEventEnvelope[] = [];

  const view = (): PublicityWorkflowState => ({
    streamId: input.streamId,
    round: input.round,
    periodEndsAt: input.periodEndsAt,
    status,
    openObjectionIds: [...open].sort(),
    revision,
    lastOutcome,
  });
  const adopt = (snapshot: PublicitySnapshot): void => {
    if (snapshot.revision <= revision) return;
    status = snapshot.status;
    open = new Set(snapshot.openObjectionIds);
    revision = snapshot.revision;
  };
  const fold = (envelopes: PublicityEventEnvelope[]): void => {
    for (const { event, revision: at } of [...envelopes].sort((a, b) => a.revision - b.revision)) {
      if (at <= revision) continue; // already folded (from a snapshot or an earlier delivery)
      revision = at;
      if (event.round !== input.round) {
        if (event.type === 'PublicityNoticePublished') status = 'superseded';
        continue;
      }
      switch (event.type) {
        case 'PublicityObjectionRaised':
          open.add(event.objectionId);
          break;
        case 'PublicityObjectionDismissed':
        case 'PublicityObjectionUpheld':
          open.delete(event.objectionId);
          break;
        case 'PublicityFailed':
          status = 'failed';
          break;
        case 'PublicityPeriodCompleted':
          status = 'completed';
          break;
        default:
          break;
      }
    }
  };

  setHandler(publicityEventSignal, (envelope) => void inbox.push(envelope));
  setHandler(publicityStateQuery, view);

  adopt(await loadPublicityRound({ streamId: input.streamId, round: input.round }));
  const end = Date.parse(input.periodEndsAt);

  for (;;) {
    fold(inbox.splice(0));
    if (status !== 'running') return view();
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof transferPublicityWorkflow>(input);

    const now = workflowNow();
    if (now < end) {
      // The durable timer: survives worker restarts; woken early only by a forwarded event.
      await condition(() => inbox.length > 0, end - now);
      continue;
    }
    if (open.size > 0) {
      await condition(() => inbox.length > 0);
      continue;
    }
    const result = await completePublicityPeriod({
      streamId: input.streamId,
      caseId: input.caseId,
      round: input.round,
      now: new Date(workflowNow()).toISOString(),
    });
    lastOutcome = result.outcome;
    adopt(result.snapshot);
    if (result.outcome === 'completed') status = 'completed';
    else if (status === 'running' && (result.outcome === 'objection_open' || result.outcome === 'period_not_over')) {
      // An objection appended just before the end, whose event has not reached us yet: wait for it
      // (its resolution will follow). Never busy-loop: a bounded wait re-asks at worst once a minute.
      await condition(() => inbox.length > 0, 60_000);
    }
  }
}

/**
 * Temporal's workflow clock: inside the workflow sandbox `Date` is replaced by the time of the
 * current workflow task, recorded in history, so replays see the same instant (never wall clock).
 */
function workflowNow(): number {
  return Date.now();
}
