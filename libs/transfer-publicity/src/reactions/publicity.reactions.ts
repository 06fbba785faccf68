import { toDomainEvent } from '@chengguo/kernel';
import { RecordedEvent } from '@chengguo/eventstore';
import { Reaction } from '@chengguo/temporal';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { PublicityEventEnvelope } from '../../../../workflows/transfer-publicity/publicity.activities';
import {
  publicityEventSignal,
  publicityWorkflowId,
  transferPublicityWorkflow,
} from '../../../../workflows/transfer-publicity/publicity.workflow';
import { PUBLICITY_EVENT_TYPES, PublicityNoticePublished, TransferCaseOwnEvent } from '../domain/transfer-case.events';

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
      const event = toDomainEvent<TransferCaseOwnEvent & { round: number; caseId: string }>(recorded);
      const envelope: PublicityEventEnvelope = { eventId: recorded.eventId, revision: recorded.revision, event };
      const workflowId = publicityWorkflowId(recorded.streamId, event.round);
      if (event.type === 'PublicityNoticePublished') {
        const published = event as PublicityNoticePublished;
        await temporal.workflow.signalWithStart(transferPublicityWorkflow, {
          workflowId,
          taskQueue,
          args: [{ streamId: recorded.streamId, caseId: published.caseId, round: published.round, periodEndsAt: published.periodEndsAt }],
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
