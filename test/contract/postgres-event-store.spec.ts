import {
  EventIdConflictError,
  EventToAppend,
  GENESIS_HASH,
  PostgresEventStore,
  WrongExpectedRevisionError,
  newId,
} from '@chengguo/eventstore';
import { Client } from 'pg';
import { EVENT_STORE_MIGRATIONS } from '../../libs/eventstore/src/postgres/postgres-event-store.schema';
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
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await pg.end();
    }
  });

  it('refuses an event id that another stream already holds, whatever the expectation', async () => {
    const store = new PostgresEventStore({ connectionString: url });
    try {
      const taken = newEvent();
      await store.append(`holder-${newId()}`, [taken], 'no_stream');
      const id = `taker-${newId()}`;
      await expect(store.append(id, [taken], 'no_stream')).rejects.toBeInstanceOf(EventIdConflictError);
      await expect(store.append(id, [taken], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.readStream(id)).toHaveLength(0);
    } finally {
      await store.close();
    }
  });

  it('a conditional append waits for an append in flight on its condition stream, then sees its outcome', async () => {
    const store = new PostgresEventStore({ connectionString: url });
    const writer = new Client({ connectionString: url });
    const observer = new Client({ connectionString: url });
    await writer.connect();
    await observer.connect();
    try {
      const facts = `facts-${newId()}`;
      await store.append(facts, [newEvent()], 'no_stream');
      const inFlight = async (commit: boolean) => {
        // Another writer's append to the condition stream, its transaction still open …
        await writer.query('BEGIN');
        await writer.query(
          `SELECT * FROM event_store.append_events($1, 'any', NULL, ARRAY[$2::uuid], ARRAY['FactChanged'], ARRAY[1], ARRAY['{}'::json],
             ARRAY['{"actor":{"userId":"u2","role":"tto_officer"},"occurredAt":"2026-01-01T00:00:00.000Z","correlationId":"c","causationId":null}'::json])`,
          [facts, newId()],
        );
        const head = Number(
          (await observer.query('SELECT revision FROM event_store.streams WHERE stream_id = $1', [facts])).rows[0].revision,
        );
        // … a decision on the facts as committed so far …
        const target = `target-${newId()}`;
        const appended = store.append(target, [newEvent()], 'no_stream', { alsoExpect: [{ streamId: facts, revision: head }] }).then(
          (r) => r,
          (e: unknown) => e,
        );
        // … waits on the stream row until that writer ends (observed, not slept on) …
        for (;;) {
          const { rows } = await observer.query(
            `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR SHARE%' AND datname = current_database()`,
          );
          if (rows.length > 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        await writer.query(commit ? 'COMMIT' : 'ROLLBACK');
        return { outcome: await appended, target };
      };

      // … and is refused when it committed,
      const refused = await inFlight(true);
      expect(refused.outcome).toBeInstanceOf(WrongExpectedRevisionError);
      expect(refused.outcome).toMatchObject({ streamId: facts, expected: 0, actual: 1 });
      expect(await store.readStream(refused.target)).toHaveLength(0);
      // … or appended when it rolled back.
      const appended = await inFlight(false);
      expect(appended.outcome).toEqual({ nextExpectedRevision: 0, written: true });
    } finally {
      await writer.end();
      await observer.end();
      await store.close();
    }
  });

  it('upgrades a v3 store to v4 without breaking a chain: head hashes backfilled, the next event links on', async () => {
    const v3Url = await createTestDatabase('schema_v3');
    const pg = new Client({ connectionString: v3Url });
    await pg.connect();
    const store = new PostgresEventStore({ connectionString: v3Url });
    try {
      await pg.query('CREATE SCHEMA event_store');
      await pg.query(
        'CREATE TABLE event_store.schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      for (const m of EVENT_STORE_MIGRATIONS.filter((x) => x.version <= 3)) {
        await pg.query(m.sql);
        await pg.query('INSERT INTO event_store.schema_migrations (version, description) VALUES ($1, $2)', [m.version, m.description]);
      }
      const streamId = `upgrade-${newId()}`;
      // Written by the v3 append function: text that needs care in both hashes (non-ASCII, quotes, backslashes).
      const before = [newEvent({ title: '低温固态电池 "v3"', path: 'C:\\lab\\notes' }), newEvent({ n: 1 })];
      await store.append(streamId, before, 'no_stream');

      await store.migrate();
      const { rows } = await pg.query<{ head_hash: string; hash: string }>(
        `SELECT s.head_hash, e.hash FROM event_store.streams s JOIN event_store.events e ON e.stream_id = s.stream_id AND e.stream_revision = s.revision
          WHERE s.stream_id = $1`,
        [streamId],
      );
      expect(rows[0].head_hash).toBe(rows[0].hash);

      await store.append(streamId, [newEvent({ title: '升级后 after' })], 1);
      const chain = [];
      for await (const page of store.readChain({ streamId, pageSize: 10 })) chain.push(...page);
      expect(chain.map((l) => l.revision)).toEqual([0, 1, 2]);
      expect(chain[0].storedPrevHash).toBe(GENESIS_HASH);
      for (const [i, link] of chain.entries()) {
        expect(link.computedHash).toBe(link.storedHash); // Node's independent hash agrees with the v3 and the v4 SQL
        if (i > 0) expect(link.storedPrevHash).toBe(chain[i - 1].storedHash);
      }
    } finally {
      await store.close();
      await pg.end();
    }
  });
});

function newEvent(data: Record<string, unknown> = {}): EventToAppend {
  return {
    eventId: newId(),
    type: 'SomethingHappened',
    schemaVersion: 1,
    data,
    metadata: {
      occurredAt: new Date().toISOString(),
      actor: { userId: 'u1', role: 'inventor' },
      correlationId: newId(),
      causationId: null,
    },
  };
}
