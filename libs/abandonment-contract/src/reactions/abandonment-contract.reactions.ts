import { DisclosureDecided, DISCLOSURE_STREAM_PREFIX } from '@chengguo/disclosure';
import { Reaction } from '@chengguo/temporal';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  OPEN_CONTRACT_WORKFLOW_TYPE,
  OpenAbandonmentContractWorkflow,
  openContractWorkflowId,
} from '../../../../workflows/abandonment-contract/open-contract.contract';

/** R3: "do not file" → the contract with the inventors. A replayed decision finds the same workflow id. */
export function openContractWhenNotFiling(taskQueue: string): Reaction {
  return {
    name: 'open-abandonment-contract-when-not-filing',
    eventTypes: ['DisclosureDecided'],
    async react(recorded, temporal) {
      const decision = recorded.data as Omit<DisclosureDecided, 'type'>;
      if (!recorded.streamId.startsWith(DISCLOSURE_STREAM_PREFIX) || decision.decision !== 'do_not_file') return;
      try {
        await temporal.workflow.start<OpenAbandonmentContractWorkflow>(OPEN_CONTRACT_WORKFLOW_TYPE, {
          workflowId: openContractWorkflowId(recorded.streamId),
          taskQueue,
          args: [{ disclosureId: decision.disclosureId, decisionEventId: recorded.eventId }],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}
