import { RecordedEvent } from '@chengguo/eventstore';
import { Reaction } from '@chengguo/temporal';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  SIGN_OFF_WORKFLOW_TYPE,
  SignOffEventEnvelope,
  signOffEventSignal,
  SignOffWorkflow,
  signOffWorkflowId,
} from '../../../../workflows/sign-off/sign-off.contract';
import { toEnvelope } from '../activities/sign-off.activities';
import { SIGN_OFF_EVENT_TYPES } from '../domain/sign-off.events';

/**
 * Forwards every sign-off event to its sign-off's workflow. An opened round starts the workflow
 * if none runs (signal-with-start); later events only signal it, and a finished workflow has
 * nothing left to time. Delivery is at-least-once; the workflow folds by stream revision.
 */
export function forwardSignOffEvents(taskQueue: string): Reaction {
  return {
    name: 'forward-sign-off-events',
    eventTypes: SIGN_OFF_EVENT_TYPES,
    async react(recorded: RecordedEvent, temporal: Client): Promise<void> {
      const envelope: SignOffEventEnvelope = toEnvelope(recorded);
      const workflowId = signOffWorkflowId(recorded.streamId, envelope.event.signOffId);
      if (envelope.event.type === 'SignOffRoundOpened') {
        await temporal.workflow.signalWithStart<SignOffWorkflow, [SignOffEventEnvelope]>(SIGN_OFF_WORKFLOW_TYPE, {
          workflowId,
          taskQueue,
          args: [{ streamId: recorded.streamId, signOffId: envelope.event.signOffId }],
          signal: signOffEventSignal,
          signalArgs: [envelope],
        });
        return;
      }
      try {
        await temporal.workflow.getHandle(workflowId).signal(signOffEventSignal, envelope);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}
