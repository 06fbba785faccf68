import { ReadModelModule } from '@chengguo/read-models';
import { IdempotencyKeys1764000000900 } from './1764000000900-idempotency-keys';

export { IdempotencyInterceptor } from './idempotency.interceptor';

/** The API's own table (kept answers of idempotent commands), migrated with the read models. */
export const idempotencyTables: ReadModelModule = { entities: [], migrations: [IdempotencyKeys1764000000900] };
