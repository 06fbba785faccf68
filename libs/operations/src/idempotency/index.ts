import type { ReadModelModule } from '@chengguo/read-models';
import { RateLimitWindows1764000007000 } from '../rate-limit/1764000007000-rate-limit-windows';
import { IdempotencyKeys1764000000900 } from './1764000000900-idempotency-keys';

export * from './retention';

/**
 * The API's own tables: kept Idempotency-Key answers (`api.idempotency_keys`) and per-caller
 * rate-limit windows (`api.rate_limit_windows`). Migrated by both the API (which writes them) and
 * the worker (whose retention workflow deletes from them), whichever starts first.
 */
export const apiTables: ReadModelModule = { entities: [], migrations: [IdempotencyKeys1764000000900, RateLimitWindows1764000007000] };
