import { workflowId } from '@chengguo/kernel';
import { defineQuery, defineSignal } from '@temporalio/workflow';

/** The publicity workflow's contract (R7): plain data shared by the transfer-publicity library and the workflow. */

export const PUBLICITY_WORKFLOW_TYPE = 'transferPublicityWorkflow';

/** `transfer-publicity:<case streamId>:<round>`: one workflow per publication of a case. */
export const publicityWorkflowId = (streamId: string, round: number): string => workflowId('transfer-publicity', streamId, round);

export interface PublicityWorkflowInput {
  streamId: string;
  caseId: string;
  round: number;
  /** R7-DAYS end of the period (from PublicityNoticePublished). */
  periodEndsAt: string;
}

/**
 * The publicity events the workflow folds, with the fields it reads. The signal carries the whole
 * recorded event; the library's reaction checks at compile time that its events fit these shapes.
 */
export type PublicityEventFacts =
  | { type: 'PublicityNoticePublished'; caseId: string; round: number; periodEndsAt: string }
  | { type: 'PublicityObjectionRaised' | 'PublicityObjectionDismissed' | 'PublicityObjectionUpheld'; round: number; objectionId: string }
  | { type: 'PublicityFailed'; round: number }
  | { type: 'PublicityPeriodCompleted'; round: number };

/** A publicity event as the workflow sees it: with its id and its revision in the case stream. */
export interface PublicityEventEnvelope {
  eventId: string;
  revision: number;
  event: PublicityEventFacts;
}

/** The publicity round as the case stream says it is, at `revision`. */
export interface PublicitySnapshot {
  revision: number;
  /** `superseded`: the stream's current round is another one (or none). */
  status: 'running' | 'failed' | 'completed' | 'superseded';
  periodEndsAt: string | null;
  openObjectionIds: string[];
}

export interface CompletePublicityResult {
  /** completed: appended (or found already appended); the others: nothing was written. */
  outcome: 'completed' | 'period_not_over' | 'objection_open' | 'not_running';
  snapshot: PublicitySnapshot;
}

export interface PublicityWorkflowState {
  streamId: string;
  round: number;
  periodEndsAt: string;
  status: PublicitySnapshot['status'];
  openObjectionIds: string[];
  /** Revision of the case stream up to which the workflow has folded events. */
  revision: number;
  lastOutcome: CompletePublicityResult['outcome'] | null;
}

/** Every publicity event of the case stream, forwarded by the dispatcher after it was appended. */
export const publicityEventSignal = defineSignal<[PublicityEventEnvelope]>('publicityEvent');
export const publicityStateQuery = defineQuery<PublicityWorkflowState>('publicityState');

/** Implemented in libs/transfer-publicity (I/O); idempotent, because Temporal retries them. */
export interface PublicityActivities {
  loadPublicityRound(input: { streamId: string; round: number }): Promise<PublicitySnapshot>;
  /**
   * Asks the case decider to complete the round at `now` (the workflow's instant). The decider
   * refuses while the period is not over or an objection is open (R7); the event id derives from
   * the round, so a retried activity appends nothing twice.
   */
  completePublicityPeriod(input: { streamId: string; caseId: string; round: number; now: string }): Promise<CompletePublicityResult>;
}

/** The workflow's signature, for typed starts by type name. */
export type TransferPublicityWorkflow = (input: PublicityWorkflowInput) => Promise<PublicityWorkflowState>;
