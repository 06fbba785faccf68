import { PostgresEventStore } from '@chengguo/eventstore';
import { createTestDatabase } from '../support/databases';
import { describeEventStoreContract } from './event-store.contract';

describeEventStoreContract('PostgreSQL', async () => {
  const store = new PostgresEventStore({ connectionString: await createTestDatabase('contract'), subscriptionPollMs: 50 });
  await store.migrate();
  return store;
});
