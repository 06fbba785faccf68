export * from './event-store.port';
export * from './ids';
export * from './stream-handling';
export * from './hash-chain';
export * from './upcasters';
export { PostgresEventStore, isConnectionError } from './postgres/postgres-event-store';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export * from './event-store.module';
export * from './command-path';
