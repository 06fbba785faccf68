import { EventStoreDbEventStore } from '@chengguo/eventstore';
import { describeEventStoreContract } from './event-store.contract';

// Runs whenever EVENTSTORE_CONNECTION_STRING reaches a server (e.g. `docker compose up eventstore`);
// global setup probes it and records the outcome in EVENTSTORE_REACHABLE.
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const reachable = process.env.EVENTSTORE_REACHABLE === '1';

if (reachable && connectionString) {
  describeEventStoreContract('EventStoreDB', async () => new EventStoreDbEventStore({ connectionString }));
} else {
  console.log(
    `EventStoreDB contract suite skipped: ${connectionString ? `no server answered at ${connectionString}` : 'EVENTSTORE_CONNECTION_STRING is not set'} (start one with \`docker compose up eventstore\`).`,
  );
  describe.skip('event store contract: EventStoreDB (no server reachable)', () => {
    it('runs against a reachable EventStoreDB', () => undefined);
  });
}
