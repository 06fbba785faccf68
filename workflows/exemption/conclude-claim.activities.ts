/** Implemented in libs/exemption (I/O); idempotent, because Temporal retries them. */
export interface ConcludeClaimActivities {
  /**
   * Runs the claim decider's ConcludeExemptionClaim once the departments' confirmation round has
   * closed (event `closedEventId`): granted or denied, with reasons. A repeated call appends nothing.
   * Returns the outcome recorded.
   */
  concludeExemptionClaim(input: { claimId: string; closedEventId: string }): Promise<'granted' | 'denied'>;
}
