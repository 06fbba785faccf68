import { newId, PostgresEventStore } from '@chengguo/eventstore';
import { Client } from 'pg';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { createTestDatabase } from '../../../test/support/databases';
import { loadCheckpoint } from './checkpoints';
import { createReadModelDataSource, migrateReadModels } from './data-source';
import { Projection } from './projection';
import { Projector, projectorSubscriber } from './projector';

@Entity({ schema: 'fresh_spec', name: 'counts' })
class CountRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' }) streamId: string;
  @Column({ type: 'integer' }) n: number;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ type: 'jsonb' }) notes: string[];
}

/** One row per stream, its last event: replaced as a group on every event (deletes across pages). */
@Entity({ schema: 'fresh_spec', name: 'latest' })
class LatestRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' }) streamId: string;
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
}

@Entity({ schema: 'fresh_spec', name: 'notes' })
class NoteRow {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'stream_id', type: 'text' }) streamId: string;
  @Column({ type: 'text' }) note: string;
}

/** Called on every event the counts projection applies (a spec's probe: pause, fail, append). */
let onApply: (() => Promise<void>) | null = null;

const counts: Projection = {
  name: 'fresh-spec-counts',
  tables: [CountRow, LatestRow],
  queryIndexes: ['counts_n'],
  eventTypes: ['Counted'],
  async prefetch(events, page) {
    await page.rows(CountRow).load(events.map((e) => ({ streamId: e.streamId })));
  },
  async apply(recorded, page) {
    await onApply?.();
    const rows = page.rows(CountRow);
    const row = await rows.get({ streamId: recorded.streamId });
    if (row && Number(row.revision) >= recorded.revision) return;
    const note = (recorded.data as { note: string }).note;
    rows.put({
      streamId: recorded.streamId,
      n: (row?.n ?? 0) + 1,
      revision: String(recorded.revision),
      notes: [...(row?.notes ?? []), note],
    });
    const latest = page.rows(LatestRow);
    latest.deleteWhere({ streamId: recorded.streamId });
    latest.put({ streamId: recorded.streamId, eventId: recorded.eventId });
  },
  async reset(manager) {
    await manager.query('TRUNCATE fresh_spec.counts, fresh_spec.latest');
  },
};

const notes: Projection = {
  name: 'fresh-spec-notes',
  tables: [NoteRow],
  eventTypes: ['Noted'],
  async apply(recorded, page) {
    page.appends(NoteRow).add({ eventId: recorded.eventId, streamId: recorded.streamId, note: (recorded.data as { note: string }).note });
  },
  async reset(manager) {
    await manager.query('TRUNCATE fresh_spec.notes');
  },
};

const TABLES = `('counts', 'latest', 'notes')`;

describe('projector rebuild into fresh tables, swapped in at the end', () => {
  let url: string;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let reader: Client;

  beforeAll(async () => {
    url = await createTestDatabase('projector_fresh');
    store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 20 });
    await store.migrate();
    dataSource = createReadModelDataSource(url, [{ entities: [CountRow, LatestRow, NoteRow], migrations: [] }]);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    await dataSource.query('CREATE SCHEMA fresh_spec');
    await dataSource.query(
      `CREATE TABLE fresh_spec.counts (stream_id text PRIMARY KEY, n integer NOT NULL CHECK (n > 0), revision bigint NOT NULL, notes jsonb NOT NULL)`,
    );
    await dataSource.query('CREATE INDEX counts_notes ON fresh_spec.counts USING gin (notes)'); // built at the end
    await dataSource.query('CREATE INDEX counts_n ON fresh_spec.counts (n)'); // btree read by queries only: built at the end
    await dataSource.query(
      'CREATE TABLE fresh_spec.latest (stream_id text, event_id uuid, CONSTRAINT latest_key PRIMARY KEY (stream_id, event_id))',
    );
    await dataSource.query('CREATE TABLE fresh_spec.notes (event_id uuid PRIMARY KEY, stream_id text NOT NULL, note text NOT NULL)');
    await dataSource.query('CREATE INDEX notes_stream ON fresh_spec.notes (stream_id)'); // btree: there while filling
    reader = new Client({ connectionString: url });
    await reader.connect();
  });

  afterAll(async () => {
    await reader?.end();
    await dataSource?.destroy();
    await store?.close();
  });

  afterEach(() => {
    onApply = null;
  });

  const metadata = {
    occurredAt: '2026-11-30T08:00:00.000Z',
    actor: { userId: 'spec', role: 'system' },
    correlationId: 'fresh-spec',
    causationId: null,
  };
  const event = (type: string, note = '') => ({ eventId: newId(), type, schemaVersion: 1, data: { note }, metadata });
  const rows = async () => ({
    counts: await dataSource.query('SELECT stream_id, n, revision, notes FROM fresh_spec.counts ORDER BY stream_id'),
    latest: await dataSource.query('SELECT stream_id, event_id FROM fresh_spec.latest ORDER BY stream_id, event_id'),
    notes: await dataSource.query('SELECT event_id, stream_id, note FROM fresh_spec.notes ORDER BY event_id'),
  });
  const catalogue = async () => ({
    indexes: await dataSource.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'fresh_spec' ORDER BY tablename, indexname`,
    ),
    constraints: await dataSource.query(
      `SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE connamespace = 'fresh_spec'::regnamespace ORDER BY 1, 2`,
    ),
    persistence: await dataSource.query(
      `SELECT relname, relpersistence FROM pg_class WHERE relnamespace = 'fresh_spec'::regnamespace AND relname IN ${TABLES} ORDER BY relname`,
    ),
    copies: await dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_\\_%'`),
  });
  const positionText = async (projection: Projection) => {
    const position = await loadCheckpoint(dataSource.manager, projectorSubscriber(projection));
    return position ? `${position.commit}/${position.prepare}` : 'none';
  };
  let streams = 0;
  /** `n` streams of `size` events each (Counted and Noted in turn), appended in one statement per stream. */
  const appendStreams = async (n: number, size: number) => {
    for (let s = 0; s < n; s++) {
      const id = `fresh-spec-${streams++}`;
      const events = Array.from({ length: size }, (_, i) => event(i % 2 === 0 ? 'Counted' : 'Noted', `${id}:${i}`));
      await store.append(id, events, 'no_stream');
    }
  };

  it('gives the rows the live projections wrote, over pages, with the same indexes and constraints, and goes on live', async () => {
    const projector = new Projector(store, dataSource, [counts, notes]);
    await projector.start();
    try {
      // 5,400 events: streams of 180 straddle the rebuild's pages of 2,000.
      await appendStreams(30, 180);
      await waitUntil(() => projector.appliedCount === 5_400, 30_000);
      const live = await rows();
      expect(live.counts).toHaveLength(30);
      expect(live.latest).toHaveLength(30);
      expect(live.notes).toHaveLength(2_700);
      const before = await catalogue();

      // While the copies fill: keys, constraints and btree indexes a projection may look rows up by;
      // neither the GIN index nor the one the projection names as read by queries only.
      let filling: unknown[] | null = null;
      onApply = async () => {
        onApply = null;
        filling = (
          await reader.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'rebuild__fresh_spec' ORDER BY indexname`)
        ).rows.map((r: { indexname: string }) => r.indexname);
      };
      await projector.rebuild();
      expect(filling).toEqual(['latest_key', 'notes_pkey', 'notes_stream', 'counts_pkey'].sort());
      expect(await rows()).toEqual(live);
      expect(await catalogue()).toEqual(before);
      // Swapped in with the planner's statistics gathered.
      expect(
        await dataSource.query(
          `SELECT tablename, count(*)::int AS columns FROM pg_stats WHERE schemaname = 'fresh_spec' AND tablename IN ${TABLES}
            GROUP BY tablename ORDER BY tablename`,
        ),
      ).toEqual([
        { tablename: 'counts', columns: 4 },
        { tablename: 'latest', columns: 2 },
        { tablename: 'notes', columns: 3 },
      ]);
      expect(before.persistence).toEqual([
        { relname: 'counts', relpersistence: 'p' },
        { relname: 'latest', relpersistence: 'p' },
        { relname: 'notes', relpersistence: 'p' },
      ]);
      expect(before.copies).toEqual([]);
      expect(projector.lastRebuild).toMatchObject({ mode: 'fresh tables', events: 5_400 });
      const all = await store.readAll({ maxCount: 10_000 });
      const last = all.filter((e) => e.streamId.startsWith('fresh-spec-')).pop()!;
      for (const projection of [counts, notes])
        expect(await positionText(projection)).toBe(`${last.position.commit}/${last.position.prepare}`);

      // Live again, from the copies' checkpoints: nothing applied twice.
      await store.append('fresh-spec-0', [event('Counted', 'after')], 179);
      await waitUntil(async () => (await rows()).counts[0].n === 91);
      expect((await rows()).counts[0].notes.slice(-1)).toEqual(['after']);
    } finally {
      await projector.stop();
    }
  });

  it('serves the live tables while it fills, and takes in what was appended meanwhile', async () => {
    const projector = new Projector(store, dataSource, [counts, notes]);
    await projector.start();
    try {
      const served = await rows();
      let seen: unknown[] | null = null;
      onApply = async () => {
        onApply = null;
        // Another connection, as the API: the live rows, whole, while the copies fill.
        seen = (await reader.query('SELECT stream_id, n, revision, notes FROM fresh_spec.counts ORDER BY stream_id')).rows;
        await appendStreams(1, 4);
      };
      await projector.rebuild();
      expect(seen).toEqual(served.counts);
      const after = await rows();
      expect(after.counts).toHaveLength(served.counts.length + 1);
      expect(after.counts.find((r: { stream_id: string }) => r.stream_id === `fresh-spec-${streams - 1}`)).toMatchObject({
        n: 2,
        revision: '2',
      });
    } finally {
      await projector.stop();
    }
  });

  it('waits out a long read holding a live table: the swap gives up its lock and tries again', async () => {
    const projector = new Projector(store, dataSource, [counts, notes]);
    const served = await rows();
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM fresh_spec.counts'); // holds the table until COMMIT
    const released = new Promise<void>((resolve) => setTimeout(() => void reader.query('COMMIT').then(() => resolve()), 3_000));
    try {
      await projector.rebuild();
      await released;
      expect(await rows()).toEqual(served);
    } finally {
      await released;
      await projector.stop();
    }
  });

  it('loses nothing another worker replica projects live while the swap waits: its checkpoints are locked before the last catch-up', async () => {
    // Replica B projects live; replica A (or `rebuild-read-models`) rebuilds. A long read holds a
    // live table, so A's swap waits for its lock, gives up after 2 s and tries again; an event
    // appended meanwhile is applied by B to the live tables that A's swap then drops.
    const replica = new Projector(store, dataSource, [counts, notes]);
    await replica.start();
    const rebuilder = new Projector(store, dataSource, [counts, notes]);
    try {
      await appendStreams(1, 2);
      await waitUntil(async () => (await rows()).counts.length === streams);
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM fresh_spec.counts'); // holds the table until COMMIT
      const rebuilt = rebuilder.rebuild();
      await waitUntil(async () => {
        const waiting = await dataSource.query(
          `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE %fresh_spec%'`,
        );
        return waiting.length > 0;
      });
      const id = `fresh-spec-${streams++}`;
      await store.append(id, [event('Counted', `${id}:0`)], 'no_stream');
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // past the swap's first lock_timeout
      await reader.query('COMMIT');
      await rebuilt;
      await waitUntil(async () => (await rows()).counts.some((r: { stream_id: string }) => r.stream_id === id), 5_000);
      expect((await rows()).counts.find((r: { stream_id: string }) => r.stream_id === id)).toMatchObject({ n: 1, notes: [`${id}:0`] });
    } finally {
      await reader.query('ROLLBACK').catch(() => undefined);
      await replica.stop();
      await rebuilder.stop();
    }
  });

  it('leaves the live tables and checkpoints as they were when it fails before the swap, and the next one drops what it left', async () => {
    const projector = new Projector(store, dataSource, [counts, notes]);
    await projector.start();
    try {
      const before = { rows: await rows(), counts: await positionText(counts), notes: await positionText(notes) };
      let applied = 0;
      onApply = async () => {
        if (++applied === 1_500) throw new Error('disk full');
      };
      await expect(projector.rebuild()).rejects.toThrow('disk full');
      onApply = null;
      expect(await rows()).toEqual(before.rows);
      expect({ counts: await positionText(counts), notes: await positionText(notes) }).toEqual({
        counts: before.counts,
        notes: before.notes,
      });
      expect((await catalogue()).copies).toEqual([]);

      // What a process killed mid-rebuild leaves (recovery empties unlogged copies): dropped by the next.
      await dataSource.query('CREATE SCHEMA rebuild__fresh_spec');
      await dataSource.query('CREATE UNLOGGED TABLE rebuild__fresh_spec.counts (stream_id text)');
      await projector.rebuild();
      expect(await rows()).toEqual(before.rows);
      expect((await catalogue()).copies).toEqual([]);

      // Still live after both.
      await appendStreams(1, 2);
      await waitUntil(async () => (await rows()).counts.length === before.rows.counts.length + 1);
    } finally {
      await projector.stop();
    }
  });
});

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
}
