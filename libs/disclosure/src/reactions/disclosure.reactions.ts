import { RecordedEvent } from '@chengguo/eventstore';
import { Reaction } from '@chengguo/temporal';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  disclosureAcknowledgedSignal,
  disclosureAcknowledgementWorkflow,
  disclosureAcknowledgementWorkflowId,
} from '../../../../workflows/disclosure/disclosure-acknowledgement.workflow';
import { DisclosureSubmitted } from '../domain/disclosure.events';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Start the acknowledgement deadline when a disclosure is submitted (R1). */
export function startAcknowledgementDeadlineWhenSubmitted(taskQueue: string, acknowledgementDays: number): Reaction {
  return {
    name: 'start-acknowledgement-deadline-when-submitted',
    eventTypes: ['DisclosureSubmitted'],
    async react(event: RecordedEvent, temporal: Client): Promise<void> {
      const submitted = event.data as Omit<DisclosureSubmitted, 'type'>;
      const dueAt = new Date(Date.parse(submitted.submittedAt) + acknowledgementDays * DAY_MS).toISOString();
      try {
        await temporal.workflow.start(disclosureAcknowledgementWorkflow, {
          workflowId: disclosureAcknowledgementWorkflowId(submitted.disclosureId),
          taskQueue,
          args: [{ disclosureId: submitted.disclosureId, dueAt }],
          memo: { streamId: event.streamId, causationEventId: event.eventId },
        });
      } catch (error) {
        // Redelivered event: the workflow (id derived from the stream) is already running.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}

/** Tell the deadline workflow the TTO acknowledged. */
export const signalAcknowledgementWhenAcknowledged: Reaction = {
  name: 'signal-acknowledgement-when-acknowledged',
  eventTypes: ['DisclosureAcknowledged'],
  async react(event: RecordedEvent, temporal: Client): Promise<void> {
    const { disclosureId } = event.data as { disclosureId: string };
    try {
      await temporal.workflow
        .getHandle(disclosureAcknowledgementWorkflowId(disclosureId))
        .signal(disclosureAcknowledgedSignal, { eventId: event.eventId });
    } catch (error) {
      // Already completed by an earlier delivery of this very event: nothing left to tell.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  },
};
