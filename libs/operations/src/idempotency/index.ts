import type { ReadModelModule } from '@chengguo/read-models';
import { IdempotencyKeys1764000000900 } from './1764000000900-idempotency-keys';

export * from './retention';

/**
 * The table of kept Idempotency-Key answers (`api.idempotency_keys`), migrated by both the API
 * (which writes it) and the worker (whose retention activity deletes from it), whichever starts first.
 */
export const idempotencyTables: ReadModelModule = { entities: [], migrations: [IdempotencyKeys1764000000900] };
