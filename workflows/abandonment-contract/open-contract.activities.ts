/** Implemented in libs/abandonment-contract (I/O); idempotent, because Temporal retries them. */
export interface OpenContractActivities {
  /**
   * Opens the abandonment contract of a disclosure decided "do not file", from the facts in the
   * disclosure's stream. A repeated call opens nothing new. Returns the contract's stream id.
   */
  openAbandonmentContract(input: { disclosureId: string; decisionEventId: string }): Promise<string>;
}
