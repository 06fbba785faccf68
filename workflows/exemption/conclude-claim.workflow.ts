import { proxyActivities } from '@temporalio/workflow';
import type { ClaimConclusion, ConcludeClaimActivities, ConcludeClaimInput } from './conclude-claim.contract';

const { concludeExemptionClaim } = proxyActivities<ConcludeClaimActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * R13: once audit, discipline inspection, inspection tour and the supervisory department have
 * closed their confirmation (signed, rejected or expired), the claim is granted or denied. Started
 * from the closing event; the activity writes the outcome through the claim's decider.
 */
export async function concludeExemptionClaimWorkflow(input: ConcludeClaimInput): Promise<ClaimConclusion> {
  return concludeExemptionClaim(input);
}
