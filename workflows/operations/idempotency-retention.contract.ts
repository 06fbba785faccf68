/**
 * Deleting kept Idempotency-Key answers once their retention has passed (and, in the same pass,
 * the per-caller rate-limit windows that ended). A Temporal Schedule (stable
 * id below, created at worker start) runs the workflow periodically; the activity deletes expired rows
 * in batches so one run never holds a long transaction, and the workflow stops at the first short
 * batch or after MAX_BATCHES (the next run continues).
 */
export const IDEMPOTENCY_RETENTION_WORKFLOW_TYPE = 'idempotencyRetentionWorkflow';
/** One schedule per task queue (a deployment has one; test runs sharing a server keep theirs apart). */
export const idempotencyRetentionScheduleId = (taskQueue: string): string => `chengguo-idempotency-retention-${taskQueue}`;

export interface IdempotencyRetentionInput {
  /** Rows per delete statement. */
  batchSize: number;
  /** Batches per run, at most. */
  maxBatches: number;
}

export interface IdempotencyRetentionResult {
  deleted: number;
  batches: number;
  /** Ended per-caller rate-limit windows deleted in the same pass. */
  rateLimitWindowsDeleted: number;
}

export interface IdempotencyRetentionActivities {
  /** Deletes up to `batchSize` kept answers older than the configured retention; says how many. */
  deleteExpiredIdempotencyKeys(input: { batchSize: number }): Promise<{ deleted: number }>;
  /** Deletes up to `batchSize` per-caller rate-limit windows that have ended. */
  deleteExpiredRateLimitWindows(input: { batchSize: number }): Promise<{ deleted: number }>;
}
