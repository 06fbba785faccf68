import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { SubscriptionCheckpoint } from './checkpoint.entity';
import { ReadModelBase1764000000000 } from './migrations/1764000000000-read-model-base';

const MIGRATION_LOCK_KEY = 7_340_002;

export interface ReadModelModule {
  entities: MixedList<Function | string | EntitySchema>;
  migrations: Function[];
}

/**
 * The read-model database. Schema changes only through migrations (never `synchronize`); each
 * process library contributes its entities and migrations.
 */
export function createReadModelDataSource(url: string, modules: ReadModelModule[]): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [SubscriptionCheckpoint, ...modules.flatMap((m) => m.entities as unknown[])] as never,
    migrations: [ReadModelBase1764000000000, ...modules.flatMap((m) => m.migrations)],
    migrationsTableName: 'read_model_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  });
}

/** Runs pending migrations; an advisory lock keeps api and worker from racing each other. */
export async function migrateReadModels(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
