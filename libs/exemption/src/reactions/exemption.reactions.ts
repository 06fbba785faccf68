import { Reaction } from '@chengguo/temporal';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  CONCLUDE_CLAIM_WORKFLOW_TYPE,
  concludeClaimWorkflowId,
  ConcludeExemptionClaimWorkflow,
} from '../../../../workflows/exemption/conclude-claim.contract';
import { claimIdOfStream, EXEMPTION_CONFIRMATION } from '../domain/exemption.events';

/** R13: the departments' confirmation closed → conclude the claim. A replayed event finds the same workflow id. */
export function concludeClaimWhenConfirmationCloses(taskQueue: string): Reaction {
  return {
    name: 'conclude-exemption-claim-when-confirmation-closes',
    eventTypes: ['SignOffRoundClosed'],
    async react(recorded, temporal) {
      const claimId = claimIdOfStream(recorded.streamId);
      const closed = recorded.data as { signOffId: string; round: number };
      if (!claimId || closed.signOffId !== EXEMPTION_CONFIRMATION) return;
      try {
        await temporal.workflow.start<ConcludeExemptionClaimWorkflow>(CONCLUDE_CLAIM_WORKFLOW_TYPE, {
          workflowId: concludeClaimWorkflowId(recorded.streamId, closed.round),
          taskQueue,
          args: [{ claimId, closedEventId: recorded.eventId }],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}
