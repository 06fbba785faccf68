/** Activities the disclosure workflows call; implemented in libs/disclosure (they do the I/O). */
export interface DisclosureAcknowledgementActivities {
  /** Appends DisclosureAcknowledgementOverdue with a deterministic event id; safe to retry. */
  recordAcknowledgementOverdue(input: { disclosureId: string; dueAt: string }): Promise<void>;
}
