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
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
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
    await store.migrate(); // schema v7: a conditional append is a batch of one (append_batch)
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
            `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%append_batch%' AND datname = current_database()`,
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

  it('checks an unlocked condition against what is committed: a change before the append refuses it, one in flight neither blocks nor is blocked', async () => {
    const store = new PostgresEventStore({ connectionString: url });
    await store.migrate();
    const writer = new Client({ connectionString: url });
    await writer.connect();
    try {
      const policy = `policy-${newId()}`;
      await store.append(policy, [newEvent()], 'no_stream');
      // Read at revision 0, then a publish commits before the append: refused, naming the policy.
      await store.append(policy, [newEvent({ published: 2 })], 0);
      const late = `late-${newId()}`;
      await expect(
        store.append(late, [newEvent()], 'no_stream', { alsoExpect: [{ streamId: policy, revision: 0, locked: false }] }),
      ).rejects.toMatchObject({ streamId: policy, expected: 0, actual: 1 });
      expect(await store.readStream(late)).toHaveLength(0);

      // A publish still in flight (its row locked, not committed): the append neither waits for it
      // nor holds it back; the publish commits after, and the two are ordered append, then publish.
      await writer.query('BEGIN');
      await writer.query(
        `SELECT * FROM event_store.append_events($1, 'exact', 1, ARRAY[$2::uuid], ARRAY['Published'], ARRAY[1], ARRAY['{}'::json],
           ARRAY['{"actor":{"userId":"u2","role":"tto_officer"},"occurredAt":"2026-01-01T00:00:00.000Z","correlationId":"c","causationId":null}'::json])`,
        [policy, newId()],
      );
      const target = `target-${newId()}`;
      await expect(
        store.append(target, [newEvent()], 'no_stream', { alsoExpect: [{ streamId: policy, revision: 1, locked: false }] }),
      ).resolves.toEqual({ written: true, nextExpectedRevision: 0 });
      await writer.query('COMMIT');
      expect((await store.readStream(policy)).map((e) => e.revision)).toEqual([0, 1, 2]);
    } finally {
      await writer.end();
      await store.close();
    }
  });

  it('hashes an append in the writer when it knows the head; the chain is what the server would write, and a moved head falls back', async () => {
    const one = new PostgresEventStore({ connectionString: url });
    const other = new PostgresEventStore({ connectionString: url });
    await one.migrate();
    await other.migrate();
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      const streamId = `hashed-${newId()}`;
      await one.append(streamId, [newEvent({ title: '低温固态电池 "一"', path: 'C:\\lab' }), newEvent({ n: 1 })], 'no_stream');
      await one.append(streamId, [newEvent({ n: 2 })], 1); // head known from its own append
      await other.append(streamId, [newEvent({ n: 3 })], 2); // another process: head unknown there, hashed by the server
      await one.append(streamId, [newEvent({ n: 4 })], 3); // `one` holds a stale head (2): falls back, written once
      await one.append(streamId, [newEvent({ n: 5 })], 'any'); // any: held to the head it knows
      await expect(one.append(streamId, [newEvent({ n: 'stale' })], 3)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const events = await one.readStream(streamId);
      expect(events.map((e) => (e.data as { n?: number }).n ?? 0)).toEqual([0, 1, 2, 3, 4, 5]);
      const chain = [];
      for await (const page of one.readChain({ streamId, pageSize: 10 })) chain.push(...page);
      expect(chain.map((l) => l.revision)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(chain[0].storedPrevHash).toBe(GENESIS_HASH);
      for (const [i, link] of chain.entries()) {
        expect(link.computedHash).toBe(link.storedHash);
        if (i > 0) expect(link.storedPrevHash).toBe(chain[i - 1].storedHash);
      }
      const { rows } = await pg.query<{ head_hash: string; revision: string; monotone: boolean }>(
        `SELECT s.head_hash, s.revision,
                (SELECT bool_and(e.recorded_at >= p.recorded_at) FROM event_store.events e
                   JOIN event_store.events p ON p.stream_id = e.stream_id AND p.stream_revision = e.stream_revision - 1
                  WHERE e.stream_id = s.stream_id) AS monotone
           FROM event_store.streams s WHERE s.stream_id = $1`,
        [streamId],
      );
      expect(rows[0]).toEqual({ head_hash: chain[5].storedHash, revision: '5', monotone: true });
    } finally {
      await pg.end();
      await one.close();
      await other.close();
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

describe('PostgreSQL event store: the typed read of a store someone edited (ADR 27)', () => {
  it('reads hashes edited to hold commas, or emptied, as readAll does: no field shifts into the next', async () => {
    const store = new PostgresEventStore({ connectionString: url });
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      const streamId = `edited-${newId()}`;
      const type = `Edited,${newId()}`;
      await store.append(
        streamId,
        [
          { ...newEvent({ n: 0 }), type },
          { ...newEvent({ n: 1 }), type },
          { ...newEvent({ n: 2 }), type },
        ],
        'no_stream',
      );
      // Someone with write access: commas where the lean read joins its scalars, empty hashes.
      await pg.query(
        `UPDATE event_store.events SET hash = 'ab,cd,2026-01-01,x', prev_hash = ',' WHERE stream_id = $1 AND stream_revision = 0`,
        [streamId],
      );
      await pg.query(`UPDATE event_store.events SET hash = '', prev_hash = '' WHERE stream_id = $1 AND stream_revision = 1`, [streamId]);
      const all = [];
      for (let page = await store.readAll({ maxCount: 1000 }); ;) {
        all.push(...page.filter((e) => e.streamId === streamId));
        if (page.length < 1000) break;
        page = await store.readAll({ after: page[page.length - 1].position, maxCount: 1000 });
      }
      const typed = await store.readAllOfTypes([type], { maxCount: 10 });
      expect(typed).toEqual(all);
      expect(typed.map((e) => [e.type, e.hash, e.prevHash])).toEqual([
        [type, 'ab,cd,2026-01-01,x', ','],
        [type, '', ''],
        [type, all[2].hash, all[2].prevHash],
      ]);
    } finally {
      await pg.end();
      await store.close();
    }
  });
});

describe('PostgreSQL event store: group commit of concurrent appends (ADR 9)', () => {
  let url: string;
  beforeAll(async () => {
    url = await createTestDatabase('group_commit');
    const store = new PostgresEventStore({ connectionString: url });
    await store.migrate();
    await store.close();
  });

  it('writes waiting appends on different streams in one transaction, each checked and answered on its own', async () => {
    // One append in flight at a time: everything that arrives meanwhile goes in the next batch.
    const store = new PostgresEventStore({ connectionString: url, appendsInFlight: 1 });
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      const existing = `gc-existing-${newId()}`;
      await store.append(existing, [newEvent({ n: 0 })], 'no_stream');
      const retried = `gc-retried-${newId()}`;
      const stored = [newEvent({ retry: true })];
      await store.append(retried, stored, 'no_stream');
      const holder = `gc-holder-${newId()}`;
      const taken = newEvent({ taken: true });
      await store.append(holder, [taken], 'no_stream');

      const fresh = Array.from({ length: 5 }, () => `gc-new-${newId()}`);
      const first = store.append(`gc-first-${newId()}`, [newEvent()], 'no_stream'); // in flight: the rest waits
      const outcomes = await Promise.allSettled([
        ...fresh.map((id, i) => store.append(id, [newEvent({ i }), newEvent({ i, second: true })], 'no_stream')),
        store.append(existing, [newEvent({ n: 1 })], 0), // right revision
        store.append(existing, [newEvent({ n: 'stale' })], 0), // same stream: waits for the next batch, then is stale
        store.append(retried, stored, 'no_stream'), // an identical retry: not written, no error
        store.append(`gc-taker-${newId()}`, [taken], 'no_stream'), // an event id another stream holds
        store.append(`gc-exists-${newId()}`, [newEvent()], 'stream_exists'), // refused: no such stream
      ]);
      await first;
      const values = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason));
      for (let i = 0; i < 5; i++) expect(values[i]).toEqual({ written: true, nextExpectedRevision: 1 });
      expect(values[5]).toEqual({ written: true, nextExpectedRevision: 1 });
      expect(values[6]).toBeInstanceOf(WrongExpectedRevisionError);
      expect(values[6]).toMatchObject({ streamId: existing, expected: 0, actual: 1 });
      expect(values[7]).toEqual({ written: false, nextExpectedRevision: 0 });
      expect(values[8]).toBeInstanceOf(EventIdConflictError);
      expect(values[9]).toBeInstanceOf(WrongExpectedRevisionError);

      // The five new streams went together, in one transaction: the commands with a repeated id
      // were taken out of the batch (answered alone) and the rest sent again as one.
      const { rows } = await pg.query<{ transactions: number; events: number }>(
        'SELECT count(DISTINCT transaction_id)::int AS transactions, count(*)::int AS events FROM event_store.events WHERE stream_id = ANY ($1::text[])',
        [fresh],
      );
      expect(rows[0].events).toBe(10);
      expect(rows[0].transactions).toBe(1);
      for (const id of [...fresh, existing]) {
        const events = await store.readStream(id);
        expect(events.map((e) => e.revision)).toEqual([0, 1]);
        expect(events[0].prevHash).toBe(GENESIS_HASH);
        expect(events[1].prevHash).toBe(events[0].hash);
      }
      expect(await store.readStream(holder)).toHaveLength(1);
    } finally {
      await pg.end();
      await store.close();
    }
  });

  it('carries writer hashes in a batch: each checked against its head under the row lock, a moved head hashed on the server', async () => {
    const one = new PostgresEventStore({ connectionString: url, appendsInFlight: 1 });
    const other = new PostgresEventStore({ connectionString: url });
    await one.migrate();
    await other.migrate();
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      const streams = Array.from({ length: 4 }, () => `gc-hashed-${newId()}`);
      for (const id of streams) await one.append(id, [newEvent({ n: 0 })], 'no_stream'); // heads known to `one`
      // The last stream's head moves behind `one`'s back: same revision, another event (another hash).
      const moved = streams[3];
      await pg.query('DELETE FROM event_store.events WHERE stream_id = $1', [moved]);
      await pg.query('DELETE FROM event_store.streams WHERE stream_id = $1', [moved]);
      await other.append(moved, [newEvent({ n: 'other' })], 'no_stream');

      const first = one.append(`gc-first-${newId()}`, [newEvent()], 'no_stream'); // in flight: the rest waits
      const outcomes = await Promise.all([
        ...streams.map((id) => one.append(id, [newEvent({ n: 1 }), newEvent({ n: 2, text: '低温 "固态" \\ 电池' })], 0)),
        one.append(`gc-hashed-new-${newId()}`, [newEvent({ n: 0 })], 'no_stream'),
      ]);
      await first;
      for (const outcome of outcomes.slice(0, 4)) expect(outcome).toEqual({ written: true, nextExpectedRevision: 2 });
      expect(outcomes[4]).toEqual({ written: true, nextExpectedRevision: 0 });

      const { rows: batches } = await pg.query<{ transactions: number }>(
        'SELECT count(DISTINCT transaction_id)::int AS transactions FROM event_store.events WHERE stream_id = ANY ($1::text[]) AND stream_revision > 0',
        [streams],
      );
      expect(batches[0].transactions).toBe(1); // one batch
      for (const id of streams) {
        const chain = [];
        for await (const page of one.readChain({ streamId: id, pageSize: 10 })) chain.push(...page);
        expect(chain.map((l) => l.revision)).toEqual([0, 1, 2]);
        expect(chain[0].storedPrevHash).toBe(GENESIS_HASH);
        for (const [i, link] of chain.entries()) {
          expect(link.computedHash).toBe(link.storedHash);
          if (i > 0) expect(link.storedPrevHash).toBe(chain[i - 1].storedHash);
        }
      }
      // Writer-hashed events carry the writer's millisecond clock; each stream row ends at its last event.
      const { rows } = await pg.query<{ stream_id: string; micros: number; at_head: boolean }>(
        `SELECT e.stream_id, (extract(microseconds FROM e.recorded_at)::bigint % 1000)::int AS micros,
                s.head_hash = e.hash AND s.updated_at = e.recorded_at AS at_head
           FROM event_store.events e JOIN event_store.streams s USING (stream_id)
          WHERE e.stream_id = ANY ($1::text[]) AND e.stream_revision = 2`,
        [streams.slice(0, 3)],
      );
      expect(rows).toHaveLength(3);
      for (const r of rows) expect(r).toMatchObject({ micros: 0, at_head: true });
      // `one` learned the heads it wrote: its next append to each is hashed by it again (one plain statement).
      const next = await one.append(streams[0], [newEvent({ n: 3 })], 2);
      expect(next).toEqual({ written: true, nextExpectedRevision: 3 });
    } finally {
      await pg.end();
      await one.close();
      await other.close();
    }
  });

  it('lets conditional appends join a batch: each condition and expectation answered to its own caller only', async () => {
    const store = new PostgresEventStore({ connectionString: url, appendsInFlight: 1 });
    await store.migrate();
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      const policy = `gc-policy-${newId()}`;
      const files = `gc-files-${newId()}`;
      await store.append(policy, [newEvent()], 'no_stream');
      await store.append(files, [newEvent(), newEvent()], 'no_stream');
      const held = `gc-held-${newId()}`;
      await store.append(held, [newEvent()], 'no_stream');
      const ok = Array.from({ length: 4 }, () => `gc-ok-${newId()}`);
      const first = store.append(`gc-lead-${newId()}`, [newEvent()], 'no_stream'); // in flight: the rest waits
      const outcomes = await Promise.allSettled([
        ...ok.map((id, i) =>
          store.append(id, [newEvent({ i })], 'no_stream', {
            alsoExpect: [
              { streamId: policy, revision: 0, locked: false },
              { streamId: files, revision: 1 },
            ],
          }),
        ),
        store.append(`gc-unmet-${newId()}`, [newEvent()], 'no_stream', { alsoExpect: [{ streamId: files, revision: 0 }] }), // stale fact
        store.append(`gc-missing-${newId()}`, [newEvent()], 'no_stream', { alsoExpect: [{ streamId: `gc-none-${newId()}`, revision: 0 }] }),
        store.append(held, [newEvent()], 5, { alsoExpect: [{ streamId: policy, revision: 0 }] }), // stale expected revision
        store.append(files, [newEvent()], 1), // appends to a condition stream: waits for the next batch
      ]);
      await first;
      const values = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason));
      for (let i = 0; i < 4; i++) expect(values[i]).toEqual({ written: true, nextExpectedRevision: 0 });
      expect(values[4]).toBeInstanceOf(WrongExpectedRevisionError);
      expect(values[4]).toMatchObject({ streamId: files, expected: 0, actual: 1 });
      expect(values[5]).toMatchObject({ expected: 0, actual: -1 });
      expect(values[6]).toBeInstanceOf(WrongExpectedRevisionError);
      expect(values[6]).toMatchObject({ streamId: held, expected: 5, actual: 0 });
      expect(values[7]).toEqual({ written: true, nextExpectedRevision: 2 });
      const { rows } = await pg.query<{ transactions: number; events: number }>(
        'SELECT count(DISTINCT transaction_id)::int AS transactions, count(*)::int AS events FROM event_store.events WHERE stream_id = ANY ($1::text[])',
        [ok],
      );
      expect(rows[0]).toEqual({ transactions: 1, events: 4 });
      const { rows: apart } = await pg.query<{ together: boolean }>(
        `SELECT (SELECT transaction_id FROM event_store.events WHERE stream_id = $1 AND stream_revision = 2)
              = (SELECT transaction_id FROM event_store.events WHERE stream_id = $2) AS together`,
        [files, ok[0]],
      );
      expect(apart[0].together).toBe(false);
    } finally {
      await pg.end();
      await store.close();
    }
  });

  it('answers a batch without a refusal in one transaction: every command written, one commit', async () => {
    const store = new PostgresEventStore({ connectionString: url, appendsInFlight: 1 });
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      const first = store.append(`gc-lead-${newId()}`, [newEvent()], 'no_stream');
      const ids = Array.from({ length: 8 }, () => `gc-batch-${newId()}`);
      const results = await Promise.all(ids.map((id) => store.append(id, [newEvent()], 'any')));
      await first;
      expect(results.every((r) => r.written && r.nextExpectedRevision === 0)).toBe(true);
      const { rows } = await pg.query<{ transactions: number }>(
        'SELECT count(DISTINCT transaction_id)::int AS transactions FROM event_store.events WHERE stream_id = ANY ($1::text[])',
        [ids],
      );
      expect(rows[0].transactions).toBe(1);
    } finally {
      await pg.end();
      await store.close();
    }
  });

  it("stores each event's JSON text byte for byte, whichever statement writes it (binary json[] parameters, ADR 9)", async () => {
    const store = new PostgresEventStore({ connectionString: url, appendsInFlight: 1 });
    await store.migrate();
    const serverHashed = new PostgresEventStore({ connectionString: url, hashInProcess: false });
    await serverHashed.migrate();
    const pg = new Client({ connectionString: url });
    await pg.connect();
    const texts = [
      {},
      { quote: 'say "固态" \\ done', slash: '\\', nested: JSON.stringify({ a: '"x"' }) },
      { control: 'line\nbreak\ttab\u0000nul\u001f', emoji: '😀 é ü ß', 中文: '一种低温固态电池电解质' },
      { large: '数据"\\'.repeat(30_000), list: [1, 2.5, null, true, { deep: ['x'] }] },
    ];
    try {
      const lone = `json-lone-${newId()}`; // hashed in this process: one plain statement
      await store.append(
        lone,
        texts.map((t) => newEvent(t)),
        'no_stream',
      );
      const batched = Array.from({ length: 4 }, () => `json-batch-${newId()}`);
      const first = store.append(`gc-lead-${newId()}`, [newEvent()], 'no_stream'); // in flight: the rest waits, as one batch
      await Promise.all(batched.map((id, i) => store.append(id, [newEvent(texts[i]), newEvent(texts[(i + 1) % 4])], 'no_stream')));
      await first;
      const server = `json-server-${newId()}`; // append_events, hashed on the server
      await serverHashed.append(
        server,
        texts.map((t) => newEvent(t)),
        'no_stream',
      );

      const stored = async (id: string) =>
        (
          await pg.query<{ data: string; metadata: string }>(
            'SELECT data::text AS data, metadata::text AS metadata FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision',
            [id],
          )
        ).rows;
      expect((await stored(lone)).map((r) => r.data)).toEqual(texts.map((t) => JSON.stringify(t)));
      expect((await stored(server)).map((r) => r.data)).toEqual(texts.map((t) => JSON.stringify(t)));
      for (const [i, id] of batched.entries()) {
        const rows = await stored(id);
        expect(rows.map((r) => r.data)).toEqual([JSON.stringify(texts[i]), JSON.stringify(texts[(i + 1) % 4])]);
        expect(JSON.parse(rows[0].metadata)).toMatchObject({ actor: { userId: 'u1', role: 'inventor' } });
      }
      expect((await store.readStream(lone)).map((e) => e.data)).toEqual(texts);
      for (const id of [lone, server, ...batched]) {
        for await (const page of store.readChain({ streamId: id, pageSize: 10 }))
          for (const link of page) expect(link.computedHash).toBe(link.storedHash);
      }
    } finally {
      await pg.end();
      await store.close();
      await serverHashed.close();
    }
  });
});

describe('PostgreSQL event store: whole-stream reads waiting together are one statement (ADR 28)', () => {
  let url: string;
  beforeAll(async () => {
    url = await createTestDatabase('stream_reads');
    const store = new PostgresEventStore({ connectionString: url });
    await store.migrate();
    await store.close();
  });

  it('answers every waiting read with its own stream, in revision order, and sees what was committed before it was asked', async () => {
    const store = new PostgresEventStore({ connectionString: url, streamReadsInFlight: 1 });
    try {
      const ids = Array.from({ length: 4 }, (_, i) => `reads-${i}-${newId()}`);
      for (const [i, id] of ids.entries())
        await store.append(
          id,
          Array.from({ length: i + 1 }, (_, n) => newEvent({ i, n })),
          'no_stream',
        );
      const pool = (store as unknown as { pool: { query: (...args: unknown[]) => Promise<unknown> } }).pool;
      const sent: string[] = [];
      const query = pool.query.bind(pool);
      const spy = jest.spyOn(pool, 'query').mockImplementation((config: unknown, ...rest: unknown[]) => {
        sent.push(typeof config === 'string' ? config : (config as { text: string }).text);
        return query(config, ...rest);
      });
      let reads: Array<Awaited<ReturnType<PostgresEventStore['readStream']>>>;
      try {
        const first = store.readStream(ids[0]); // in flight: the others wait for it
        const unknown = `reads-none-${newId()}`;
        reads = await Promise.all([first, ...ids.map((id) => store.readStream(id)), store.readStream(ids[2]), store.readStream(unknown)]);
      } finally {
        spy.mockRestore();
      }
      // The first read, then everything that waited for it (a rate-limited NOTIFY of the appends
      // above may go out meanwhile on the same pool: not a read).
      const readsSent = sent.filter((sql) => /FROM event_store\.events/.test(sql));
      expect(readsSent).toHaveLength(2);
      expect(readsSent[1]).toMatch(/stream_id = ANY/);
      const [first, ...rest] = reads;
      expect(first.map((e) => e.data)).toEqual([{ i: 0, n: 0 }]);
      for (const [i, id] of ids.entries()) {
        expect(rest[i].map((e) => [e.streamId, e.revision])).toEqual(Array.from({ length: i + 1 }, (_, n) => [id, n]));
        expect(rest[i].map((e) => e.data)).toEqual(Array.from({ length: i + 1 }, (_, n) => ({ i, n })));
      }
      // The same stream twice in one statement: each reader gets events of its own, each decoding its JSON.
      expect(rest[4].map((e) => e.data)).toEqual(rest[2].map((e) => e.data));
      expect(rest[4][0]).not.toBe(rest[2][0]);
      expect(rest[5]).toEqual([]);
      // The read-back head hint lets the next append of a batched stream go through.
      await expect(store.append(ids[3], [newEvent({ after: true })], 3)).resolves.toEqual({ written: true, nextExpectedRevision: 4 });
    } finally {
      await store.close();
    }
  });

  it('rejects every read of a statement that fails, and reads again afterwards', async () => {
    const store = new PostgresEventStore({ connectionString: url, streamReadsInFlight: 1 });
    try {
      const id = `reads-fail-${newId()}`;
      await store.append(id, [newEvent()], 'no_stream');
      const pool = (store as unknown as { pool: { query: (...args: unknown[]) => Promise<unknown> } }).pool;
      const spy = jest.spyOn(pool, 'query').mockRejectedValueOnce(new Error('refused'));
      try {
        const outcomes = await Promise.allSettled([store.readStream(id), store.readStream(id)]);
        expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: { message: 'refused' } });
      } finally {
        spy.mockRestore();
      }
      expect(await store.readStream(id)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('PostgreSQL event store: events read decode their JSON when first asked (ADR 9)', () => {
  it('parses data and metadata only when read, then behaves as plain properties', async () => {
    const store = new PostgresEventStore({ connectionString: url });
    try {
      const id = `lazy-${newId()}`;
      const appended = [newEvent({ n: 1, text: '低温 "固态"' }), newEvent({ n: 2 }), newEvent({ n: 3 })];
      await store.append(id, appended, 'no_stream');
      const parse = jest.spyOn(JSON, 'parse');
      let events;
      try {
        events = await store.readStream(id);
        expect(events.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId));
        expect(parse).not.toHaveBeenCalled(); // ids and types only: nothing decoded
        expect(events[0].data).toEqual({ n: 1, text: '低温 "固态"' });
        expect(events[0].data).toBe(events[0].data); // parsed once, then kept
        expect(parse).toHaveBeenCalledTimes(1);
      } finally {
        parse.mockRestore();
      }
      const [first, second, third] = events;
      expect(first.metadata).toMatchObject({
        eventId: first.eventId,
        type: 'SomethingHappened',
        schemaVersion: 1,
        actor: { userId: 'u1' },
      });
      expect(first.metadata.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // Enumerable like any field, in the usual order: spread, keys and JSON see the values.
      expect(Object.keys(second)).toEqual([
        'streamId',
        'revision',
        'position',
        'eventId',
        'type',
        'schemaVersion',
        'data',
        'metadata',
        'hash',
        'prevHash',
      ]);
      expect({ ...second }.data).toEqual({ n: 2 });
      expect(JSON.parse(JSON.stringify({ ...second, position: null })).metadata.correlationId).toBe(appended[1].metadata.correlationId);
      expect(second).toEqual({ ...second });
      third.data = { replaced: true };
      expect(third.data).toEqual({ replaced: true });
      const [again] = await store.readStream(id, { fromRevision: 2 });
      expect(again.data).toEqual({ n: 3 }); // a read of its own
    } finally {
      await store.close();
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
