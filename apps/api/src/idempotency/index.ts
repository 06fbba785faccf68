export { idempotencyTables } from '@chengguo/operations';
export { IdempotencyInterceptor } from './idempotency.interceptor';
