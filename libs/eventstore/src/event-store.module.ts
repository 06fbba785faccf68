import { EnvironmentVariables } from '@chengguo/common';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EVENT_STORE, EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

/** Binds the event-store port to the adapter EVENT_STORE names; PostgreSQL migrates itself. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ConfigService],
      useFactory: async (config: ConfigService<EnvironmentVariables, true>): Promise<EventStore> => {
        if (config.get('EVENT_STORE', { infer: true }) === 'eventstoredb') {
          return new EventStoreDbEventStore({ connectionString: config.get('EVENTSTORE_CONNECTION_STRING', { infer: true })! });
        }
        const store = new PostgresEventStore({ connectionString: config.get('DATABASE_URL', { infer: true }) });
        await store.migrate();
        return store;
      },
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close().catch(() => undefined);
  }
}
