import { workflowId } from '@chengguo/kernel';

/** The workflow that opens an abandonment contract (R3): its contract with the abandonment-contract library. */

export const OPEN_CONTRACT_WORKFLOW_TYPE = 'openAbandonmentContractWorkflow';

/** `abandonment-contract:<disclosure streamId>:open`: one per "do not file" decision's stream. */
export const openContractWorkflowId = (disclosureStreamId: string): string =>
  workflowId('abandonment-contract', disclosureStreamId, 'open');

export interface OpenContractInput {
  disclosureId: string;
  decisionEventId: string;
}

/** Implemented in libs/abandonment-contract (I/O); idempotent, because Temporal retries them. */
export interface OpenContractActivities {
  /**
   * Opens the abandonment contract of a disclosure decided "do not file", from the facts in the
   * disclosure's stream. A repeated call opens nothing new. Returns the contract's stream id.
   */
  openAbandonmentContract(input: OpenContractInput): Promise<string>;
}

/** The workflow's signature, for typed starts by type name. */
export type OpenAbandonmentContractWorkflow = (input: OpenContractInput) => Promise<string>;
