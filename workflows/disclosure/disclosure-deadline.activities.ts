import type { DisclosureDeadline } from '../../libs/disclosure/src/domain/disclosure.events';

export interface DisclosureDeadlineInput {
  disclosureId: string;
  deadline: DisclosureDeadline;
  /** ISO instant; computed from the policy version in force when the wait began. */
  dueAt: string;
  policyVersion: number;
}

/** Implemented in libs/disclosure (I/O); idempotent, because Temporal retries them. */
export interface DisclosureDeadlineActivities {
  /**
   * Appends DisclosureDeadlineMissed through the disclosure decider (a no-op when the awaited step
   * happened meanwhile) and notifies the unit leader. `now` is the workflow's instant of firing.
   */
  recordDisclosureDeadlineMissed(input: DisclosureDeadlineInput & { now: string }): Promise<boolean>;
}
