export { apiTables } from '@chengguo/operations';
export { IdempotencyInterceptor } from './idempotency.interceptor';
