import { EnvironmentVariables } from '@chengguo/common';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { achievementOfOpening } from './achievement-links';
import { EVENT_STORE, EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

/**
 * Binds the event-store port to the adapter EVENT_STORE names; PostgreSQL migrates itself, then
 * maps the events written before the achievement index to their achievements (once, ADR 17) by the
 * links the list of processes registered.
 */
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
        const upgrade = await store.upgradeAchievementIndex((streamId, first) => achievementOfOpening(store, streamId, first));
        if (upgrade)
          new Logger('EventStore').log(
            `achievement index: ${upgrade.mappedEvents} earlier events of ${upgrade.streams - upgrade.unmappedStreams} streams mapped; ${upgrade.unmappedStreams} streams concern no achievement`,
          );
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
