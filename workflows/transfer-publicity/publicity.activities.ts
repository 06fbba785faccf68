import type { TransferCaseOwnEvent } from '../../libs/transfer-publicity/src/domain/transfer-case.events';

/** A publicity event as the workflow sees it: with its id and its revision in the case stream. */
export interface PublicityEventEnvelope {
  eventId: string;
  revision: number;
  event: TransferCaseOwnEvent;
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
