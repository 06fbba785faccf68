import { EventStore } from '@chengguo/eventstore';
import { pingTemporal } from '@chengguo/temporal';
import { Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { ReadinessCheck } from './probes';

/** PostgreSQL of the read models answers a query. */
export const readModelsCheck = (dataSource: DataSource): ReadinessCheck => ({
  name: 'readModels',
  probe: () => dataSource.query('SELECT 1'),
});

/** Every migration this build knows has been applied (a process from a newer build may have more). */
export const migrationsCheck = (dataSource: DataSource): ReadinessCheck => ({
  name: 'migrations',
  async probe() {
    if (await dataSource.showMigrations()) throw new Error('read-model migrations are pending');
  },
});

export const eventStoreCheck = (store: EventStore): ReadinessCheck => ({ name: 'eventStore', probe: () => store.ping() });

export const temporalCheck = (connection: Connection): ReadinessCheck => ({ name: 'temporal', probe: () => pingTemporal(connection) });
