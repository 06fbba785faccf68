import { toDomainEvent } from '@chengguo/kernel';
import { RecordedEvent } from '@chengguo/eventstore';
import { Reaction } from '@chengguo/temporal';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  PUBLICITY_WORKFLOW_TYPE,
  PublicityEventEnvelope,
  publicityEventSignal,
  publicityWorkflowId,
  TransferPublicityWorkflow,
} from '../../../../workflows/transfer-publicity/publicity.contract';
import {
  PUBLICITY_EVENT_TYPES,
  PublicityFailed,
  PublicityNoticePublished,
  PublicityObjectionDismissed,
  PublicityObjectionRaised,
  PublicityObjectionUpheld,
  PublicityPeriodCompleted,
} from '../domain/transfer-case.events';

/** The events forwarded (PUBLICITY_EVENT_TYPES); each fits the workflow contract's PublicityEventFacts. */
type PublicityEvent =
  | PublicityNoticePublished
  | PublicityObjectionRaised
  | PublicityObjectionDismissed
  | PublicityObjectionUpheld
  | PublicityFailed
  | PublicityPeriodCompleted;

/**
 * Forwards every publicity event of a case to its round's workflow (R7). A published notice starts
 * the workflow if none runs (signal-with-start, workflow id from the stream and round); later events
 * only signal it, and a finished workflow has nothing left to time. Delivery is at-least-once; the
 * workflow folds by stream revision. Never writes a stream.
 */
export function forwardPublicityEvents(taskQueue: string): Reaction {
  return {
    name: 'forward-publicity-events',
    eventTypes: PUBLICITY_EVENT_TYPES,
    async react(recorded: RecordedEvent, temporal: Client): Promise<void> {
      const event = toDomainEvent<PublicityEvent>(recorded);
      const envelope: PublicityEventEnvelope = { eventId: recorded.eventId, revision: recorded.revision, event };
      const workflowId = publicityWorkflowId(recorded.streamId, event.round);
      if (event.type === 'PublicityNoticePublished') {
        await temporal.workflow.signalWithStart<TransferPublicityWorkflow, [PublicityEventEnvelope]>(PUBLICITY_WORKFLOW_TYPE, {
          workflowId,
          taskQueue,
          args: [{ streamId: recorded.streamId, caseId: event.caseId, round: event.round, periodEndsAt: event.periodEndsAt }],
          signal: publicityEventSignal,
          signalArgs: [envelope],
          memo: { streamId: recorded.streamId, causationEventId: recorded.eventId },
        });
        return;
      }
      try {
        await temporal.workflow.getHandle(workflowId).signal(publicityEventSignal, envelope);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}
