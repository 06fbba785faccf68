import { workflowId } from '@chengguo/kernel';

/** The workflow that concludes an exemption claim (R13): its contract with the exemption library. */

export const CONCLUDE_CLAIM_WORKFLOW_TYPE = 'concludeExemptionClaimWorkflow';

/**
 * `exemption:<claim streamId>:conclude-<round>`: one conclusion per closed confirmation round, so a
 * replayed closing event finds the same workflow.
 */
export const concludeClaimWorkflowId = (claimStreamId: string, round: number): string =>
  workflowId('exemption', claimStreamId, `conclude-${round}`);

export interface ConcludeClaimInput {
  claimId: string;
  closedEventId: string;
}

export type ClaimConclusion = 'granted' | 'denied';

/** Implemented in libs/exemption (I/O); idempotent, because Temporal retries them. */
export interface ConcludeClaimActivities {
  /**
   * Runs the claim decider's ConcludeExemptionClaim once the departments' confirmation round has
   * closed (event `closedEventId`): granted or denied, with reasons. A repeated call appends nothing.
   * Returns the outcome recorded.
   */
  concludeExemptionClaim(input: ConcludeClaimInput): Promise<ClaimConclusion>;
}

/** The workflow's signature, for typed starts by type name. */
export type ConcludeExemptionClaimWorkflow = (input: ConcludeClaimInput) => Promise<ClaimConclusion>;
