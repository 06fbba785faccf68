import { proxyActivities } from '@temporalio/workflow';
import type {
  IdempotencyRetentionActivities,
  IdempotencyRetentionInput,
  IdempotencyRetentionResult,
} from './idempotency-retention.contract';

const { deleteExpiredIdempotencyKeys, deleteExpiredRateLimitWindows } = proxyActivities<IdempotencyRetentionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** One retention pass: expired kept answers, then ended rate-limit windows, batch by batch until a batch comes back short. */
export async function idempotencyRetentionWorkflow(input: IdempotencyRetentionInput): Promise<IdempotencyRetentionResult> {
  let deleted = 0;
  let batches = 0;
  while (batches < input.maxBatches) {
    const batch = await deleteExpiredIdempotencyKeys({ batchSize: input.batchSize });
    deleted += batch.deleted;
    batches++;
    if (batch.deleted < input.batchSize) break;
  }
  let rateLimitWindowsDeleted = 0;
  for (let windows = 0; windows < input.maxBatches; windows++) {
    const batch = await deleteExpiredRateLimitWindows({ batchSize: input.batchSize });
    rateLimitWindowsDeleted += batch.deleted;
    if (batch.deleted < input.batchSize) break;
  }
  return { deleted, batches, rateLimitWindowsDeleted };
}
