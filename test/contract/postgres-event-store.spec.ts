import { PostgresEventStore } from '@chengguo/eventstore';
import { Client } from 'pg';
import { createTestDatabase } from '../support/databases';
import { describeEventStoreContract } from './event-store.contract';

let url: string;

describeEventStoreContract('PostgreSQL', async () => {
  url = await createTestDatabase('contract');
  const store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 50 });
  await store.migrate();
  return store;
});

describe('PostgreSQL event store schema', () => {
  it('appends without NOTIFY inside the transaction (schema v3: no cluster-wide lock per append)', async () => {
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ prosrc: string }>(
        "SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'event_store' AND p.proname = 'append_events'",
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].prosrc).toContain('event_store.event_hash');
      expect(rows[0].prosrc).not.toContain('pg_notify');
      const { rows: versions } = await pg.query<{ version: number }>('SELECT version FROM event_store.schema_migrations ORDER BY version');
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    } finally {
      await pg.end();
    }
  });
});
