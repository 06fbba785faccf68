export * from './idempotency';
export * from './metrics';
export * from './metrics.controller';
export * from './operations.module';
export * from './probes';
export * from './readiness-checks';
export * from './subscription-lag';
export * from './rate-limit/postgres-throttler-storage';
