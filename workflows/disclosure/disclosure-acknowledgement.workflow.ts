import { condition, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DisclosureAcknowledgementActivities } from './disclosure-acknowledgement.activities';

export interface DisclosureAcknowledgementInput {
  disclosureId: string;
  /** Deadline for the TTO's acknowledgement (submittedAt + policy days), ISO instant. */
  dueAt: string;
}

export interface AcknowledgementStatus {
  disclosureId: string;
  dueAt: string;
  acknowledged: boolean;
  overdue: boolean;
}

/** Carries the id of the DisclosureAcknowledged event, so redelivery is recognised. */
export const disclosureAcknowledgedSignal = defineSignal<[{ eventId: string }]>('disclosureAcknowledged');
export const acknowledgementStatusQuery = defineQuery<AcknowledgementStatus>('acknowledgementStatus');

export const disclosureAcknowledgementWorkflowId = (disclosureId: string): string =>
  `disclosure-${disclosureId}-acknowledgement`;

const { recordAcknowledgementOverdue } = proxyActivities<DisclosureAcknowledgementActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * R1: a submitted disclosure must be handled promptly. Waits on a durable timer until the TTO
 * acknowledges; if the deadline passes first, records the escalation to the unit leader in the
 * disclosure's stream and keeps waiting for the acknowledgement.
 */
export async function disclosureAcknowledgementWorkflow(input: DisclosureAcknowledgementInput): Promise<AcknowledgementStatus> {
  const status: AcknowledgementStatus = { disclosureId: input.disclosureId, dueAt: input.dueAt, acknowledged: false, overdue: false };
  setHandler(disclosureAcknowledgedSignal, () => {
    status.acknowledged = true;
  });
  setHandler(acknowledgementStatusQuery, () => status);

  // Measured from the workflow's start time (history-deterministic), not from a wall clock.
  const remainingMs = Math.max(1, Date.parse(input.dueAt) - workflowInfo().startTime.getTime());
  if (!(await condition(() => status.acknowledged, remainingMs))) {
    await recordAcknowledgementOverdue({ disclosureId: input.disclosureId, dueAt: input.dueAt });
    status.overdue = true;
    await condition(() => status.acknowledged);
  }
  return status;
}
