export { apiTables } from '@chengguo/operations';
export { IdempotencyGuard, IdempotentReplay, pendingIdempotencyClaim } from './idempotency.guard';
