import { workflowId } from '@chengguo/kernel';
import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The licence-term workflow's contract (R5, R15): plain data shared by the licensing library and
 * the workflow. One workflow per licence in effect, for as long as the licence owes anything.
 */

export const LICENCE_TERM_WORKFLOW_TYPE = 'licenceTermWorkflow';

/** `licensing:licence-<licenceId>:term`. */
export const licenceTermWorkflowId = (streamId: string): string => workflowId('licensing', streamId, 'term');

export interface LicenceTermInput {
  streamId: string;
  licenceId: string;
}

/** One obligation the licence says is unmet, as the licence's decider computes it when loaded (the workflow only waits). */
export interface LicenceObligation {
  itemKey: string;
  label: string;
  kind: 'payment' | 'report' | 'decision';
  dueOn: string;
  /** The instant the due date ends in Asia/Shanghai: overdue from then. */
  dueAt: string;
  /** Escalated to the TTO: the cure period runs to cureEndsAt. */
  escalated: boolean;
  cureEndsOn: string | null;
  cureEndsAt: string | null;
  /** The cure period ended unmet: only the TTO's decision (termination round, or a late payment) moves it now. */
  uncured: boolean;
}

export interface LicenceScheduleFacts {
  /** Terminated, or nothing left to owe (term over, or nothing more can fall due). */
  ended: boolean;
  obligations: LicenceObligation[];
  /** The end of the term (Asia/Shanghai): when nothing else is timed, the workflow looks again then. */
  termEndsAt: string;
  /** Days before a due date the TTO is reminded (configuration in force at the load). */
  reminderLeadDays: number[];
}

/** recorded: appended (or found appended); not_due: the licence says not yet; settled: met meanwhile, nothing to do. */
export type LicenceStepOutcome = 'recorded' | 'not_due' | 'settled';

export interface LicenceTermStatus {
  licenceId: string;
  remindersSent: Array<{ itemKey: string; dueOn: string; leadDays: number }>;
  escalated: string[];
  uncured: string[];
  ended: boolean;
}

/** Something changed on the licence stream (a report, a payment, a conversion, a termination round): load again. */
export const licenceRecordChangedSignal = defineSignal<[{ eventId: string; type: string }]>('licenceRecordChanged');
export const licenceTermStatusQuery = defineQuery<LicenceTermStatus>('licenceTermStatus');

/** Implemented in libs/licensing (I/O); idempotent, because Temporal retries them. */
export interface LicenceTermActivities {
  /** What the licence owes and when, at `now` (the workflow's instant). */
  loadLicenceSchedule(input: { licenceId: string; now: string }): Promise<LicenceScheduleFacts>;
  /** Reminds the TTO (and finance, for a payment) `leadDays` before a due date; the notification's key names the step. */
  remindLicenceObligation(input: { licenceId: string; itemKey: string; dueOn: string; leadDays: number }): Promise<void>;
  /** At the end of the due date: records LicenceObligationOverdue (escalation to the TTO, cure period) and tells the TTO. */
  escalateOverdueObligation(input: { licenceId: string; itemKey: string; now: string }): Promise<LicenceStepOutcome>;
  /** At the end of the cure period: records LicenceDefaultUncured and tells the TTO it may propose termination. */
  recordUncuredDefault(input: { licenceId: string; itemKey: string; now: string }): Promise<LicenceStepOutcome>;
}

/** The workflow's signature, for typed starts by type name. */
export type LicenceTermWorkflow = (input: LicenceTermInput) => Promise<LicenceTermStatus>;
