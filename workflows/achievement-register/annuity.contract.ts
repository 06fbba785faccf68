import { workflowId } from '@chengguo/kernel';
import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The annuity workflow's contract (R12 rights maintenance): plain data shared by the register
 * library and the workflow. One workflow per granted right, for as long as the unit maintains it.
 */

export const ANNUITY_WORKFLOW_TYPE = 'annuityWorkflow';

/** `achievement-register:achievement-<achievementId>:annuities`. */
export const annuityWorkflowId = (achievementId: string): string =>
  workflowId('achievement-register', `achievement-${achievementId}`, 'annuities');

export interface AnnuityWorkflowInput {
  achievementId: string;
}

/** The next annual fee as the register states it when the workflow loads it (the register computes; the workflow only waits). */
export interface AnnuityDueFacts {
  year: number;
  dueDate: string;
  graceEndsOn: string;
  /** The instants those dates end in Asia/Shanghai. */
  dueAt: string;
  graceEndsAt: string;
  /** The grace period of this year is already on record. */
  graceStarted: boolean;
  /** Days before the due date the TTO is reminded (configuration in force at the load). */
  reminderLeadDays: number[];
}

export interface AnnuityWorkflowStatus {
  achievementId: string;
  current: AnnuityDueFacts | null;
  remindersSent: Array<{ year: number; leadDays: number }>;
  ended: boolean;
}

/** Something changed on the right's register stream (a payment, a lapse, a proposal, its owner): load again. */
export const annuityRecordChangedSignal = defineSignal<[{ eventId: string; type: string }]>('annuityRecordChanged');
export const annuityStatusQuery = defineQuery<AnnuityWorkflowStatus>('annuityStatus');

/** Implemented in libs/achievement-register (I/O); idempotent, because Temporal retries them. */
export interface AnnuityActivities {
  /** The next fee the unit owes, or null when the unit no longer maintains the right (lapsed, transferred, paid to term). */
  loadNextAnnuity(input: { achievementId: string }): Promise<AnnuityDueFacts | null>;
  /** Reminds the TTO `leadDays` before the due date (a notification; the idempotency key names year and lead). */
  remindAnnuityDue(input: { achievementId: string; year: number; dueDate: string; leadDays: number }): Promise<void>;
  /** At the end of the due date: records AnnuityGracePeriodStarted (nothing if paid) and tells the TTO. */
  startAnnuityGracePeriod(input: { achievementId: string; year: number; now: string }): Promise<boolean>;
  /** At the end of the grace period: records RightLapsed for the unpaid year (nothing if paid or decided) and tells the TTO. */
  lapseUnpaidRight(input: { achievementId: string; year: number; now: string }): Promise<boolean>;
}

/** The workflow's signature, for typed starts by type name. */
export type AnnuityWorkflow = (input: AnnuityWorkflowInput) => Promise<AnnuityWorkflowStatus>;
