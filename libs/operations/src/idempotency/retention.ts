import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, ScheduleOptionsAction } from '@temporalio/client';
import { PROCESS_ATTRIBUTE } from '@chengguo/temporal';
import { DataSource } from 'typeorm';
import { deleteExpiredRateLimitWindows } from '../rate-limit/postgres-throttler-storage';
import {
  IDEMPOTENCY_RETENTION_WORKFLOW_TYPE,
  IdempotencyRetentionActivities,
  IdempotencyRetentionInput,
  idempotencyRetentionScheduleId,
} from '../../../../workflows/operations/idempotency-retention.contract';

export const RETENTION_BATCH_SIZE = 500;
export const RETENTION_MAX_BATCHES = 200;
/** How often the schedule runs; a kept answer lives at most its retention plus this. */
export const RETENTION_SWEEP_EVERY = '1h' as const;

/**
 * The retention activity: deletes one batch of kept answers whose request began more than
 * `retentionHours` ago (completed or not: an unfinished one is long past its lease). Locked rows
 * are skipped, so a request finishing meanwhile is never blocked. Idempotent: running it twice
 * deletes nothing more than once.
 */
export { idempotencyRetentionScheduleId };

/** The platform's own workflows (no process declares them): the worker registers their activities itself. */
export const PLATFORM_WORKFLOWS: readonly string[] = [IDEMPOTENCY_RETENTION_WORKFLOW_TYPE];

export function idempotencyRetentionActivities(dataSource: DataSource, retentionHours: number): IdempotencyRetentionActivities {
  return {
    async deleteExpiredIdempotencyKeys({ batchSize }) {
      // A SELECT over the deleted rows: TypeORM answers a bare DELETE with [rows, count], not rows.
      const [{ n }]: Array<{ n: number }> = await dataSource.query(
        `WITH gone AS (
           DELETE FROM api.idempotency_keys
            WHERE (user_id, key) IN (
              SELECT user_id, key FROM api.idempotency_keys
               WHERE created_at < now() - make_interval(hours => $1::int)
               ORDER BY created_at
               LIMIT $2
               FOR UPDATE SKIP LOCKED)
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [retentionHours, batchSize],
      );
      return { deleted: n };
    },
    async deleteExpiredRateLimitWindows({ batchSize }) {
      return { deleted: await deleteExpiredRateLimitWindows(dataSource, batchSize) };
    },
  };
}

function retentionAction(taskQueue: string): ScheduleOptionsAction {
  const input: IdempotencyRetentionInput = { batchSize: RETENTION_BATCH_SIZE, maxBatches: RETENTION_MAX_BATCHES };
  return {
    type: 'startWorkflow',
    workflowType: IDEMPOTENCY_RETENTION_WORKFLOW_TYPE,
    workflowId: `operations:idempotency-retention-${taskQueue}`,
    taskQueue,
    args: [input],
    workflowExecutionTimeout: '30 minutes',
    typedSearchAttributes: [{ key: PROCESS_ATTRIBUTE, value: 'operations' }],
  };
}

/**
 * Creates the retention schedule, or brings an existing one (same stable id: every worker and every
 * restart finds it) up to date with this build's action and task queue. Called at each worker start.
 */
export async function ensureIdempotencyRetentionSchedule(client: Client, taskQueue: string): Promise<void> {
  const action = retentionAction(taskQueue);
  const spec = { intervals: [{ every: RETENTION_SWEEP_EVERY }] };
  const scheduleId = idempotencyRetentionScheduleId(taskQueue);
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1h' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}
