import { workflowId } from '@chengguo/kernel';
import { defineQuery, defineSignal } from '@temporalio/workflow';

/** The disclosure deadline workflow's contract (R1, R2): plain data shared by the disclosure library and the workflow. */

export const DISCLOSURE_DEADLINE_WORKFLOW_TYPE = 'disclosureDeadlineWorkflow';

export type DisclosureDeadlineKind = 'acknowledgement' | 'evaluation';

/**
 * `disclosure:disclosure-<disclosureId>:<deadline>`. Callers (reactions, the API's status read)
 * hold the disclosure id, so this takes it and names the stream as the disclosure library does;
 * test/workflows/contracts.spec.ts checks the two agree.
 */
export const disclosureDeadlineWorkflowId = (disclosureId: string, deadline: string): string =>
  workflowId('disclosure', `disclosure-${disclosureId}`, deadline);

export interface DisclosureDeadlineInput {
  disclosureId: string;
  deadline: DisclosureDeadlineKind;
  /** ISO instant; computed from the policy version in force when the wait began. */
  dueAt: string;
  policyVersion: number;
}

export interface DisclosureDeadlineStatus extends DisclosureDeadlineInput {
  met: boolean;
  missed: boolean;
}

/** The awaited step happened (acknowledged / evaluated) or the disclosure ended; carries the event id. */
export const disclosureDeadlineMetSignal = defineSignal<[{ eventId: string }]>('disclosureDeadlineMet');
export const disclosureDeadlineQuery = defineQuery<DisclosureDeadlineStatus>('disclosureDeadline');

/** Implemented in libs/disclosure (I/O); idempotent, because Temporal retries them. */
export interface DisclosureDeadlineActivities {
  /**
   * Appends DisclosureDeadlineMissed through the disclosure decider (a no-op when the awaited step
   * happened meanwhile) and notifies the unit leader. `now` is the workflow's instant of firing.
   */
  recordDisclosureDeadlineMissed(input: DisclosureDeadlineInput & { now: string }): Promise<boolean>;
}

/** The workflow's signature, for typed starts by type name. */
export type DisclosureDeadlineWorkflow = (input: DisclosureDeadlineInput) => Promise<DisclosureDeadlineStatus>;
