import { EventStore, GlobalPosition, newId, PostgresEventStore, ReadAllOptions, RecordedEvent } from '@chengguo/eventstore';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { untilVisible } from '../../../test/fixtures/until-visible';
import { createTestDatabase } from '../../../test/support/databases';
import { loadCheckpoint } from './checkpoints';
import { createReadModelDataSource, migrateReadModels } from './data-source';
import { Projection } from './projection';
import { Projector, projectorSubscriber } from './projector';

@Entity({ schema: 'rebuild_spec', name: 'counts' })
class CountRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' }) streamId: string;
  @Column({ type: 'integer' }) n: number;
  @Column({ type: 'bigint' }) revision: string;
}

@Entity({ schema: 'rebuild_spec', name: 'notes' })
class NoteRow {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'stream_id', type: 'text' }) streamId: string;
  @Column({ type: 'text' }) note: string;
}

const counts: Projection = {
  name: 'rebuild-spec-counts',
  eventTypes: ['Counted'],
  async apply(recorded, page) {
    const rows = page.rows(CountRow);
    const row = await rows.get({ streamId: recorded.streamId });
    if (row && Number(row.revision) >= recorded.revision) return;
    rows.put({ streamId: recorded.streamId, n: (row?.n ?? 0) + 1, revision: String(recorded.revision) });
  },
  async reset(manager) {
    await manager.query('TRUNCATE rebuild_spec.counts');
  },
};

const notes: Projection = {
  name: 'rebuild-spec-notes',
  eventTypes: ['Noted'],
  async apply(recorded, page) {
    page.appends(NoteRow).add({ eventId: recorded.eventId, streamId: recorded.streamId, note: (recorded.data as { note: string }).note });
  },
  async reset(manager) {
    await manager.query('TRUNCATE rebuild_spec.notes');
  },
};

const positionText = (position: GlobalPosition | undefined): string => (position ? `${position.commit}/${position.prepare}` : 'none');

/** The store, counting how $all is read. */
function spied(store: PostgresEventStore) {
  const reads: Array<{ types: readonly string[] | null; after?: GlobalPosition }> = [];
  const spy = Object.assign(Object.create(store) as PostgresEventStore, {
    readAll: (options?: ReadAllOptions) => {
      reads.push({ types: null, after: options?.after });
      return store.readAll(options);
    },
    readAllOfTypes: (types: readonly string[], options?: ReadAllOptions) => {
      reads.push({ types, after: options?.after });
      return store.readAllOfTypes(types, options);
    },
  });
  return { spy: spy as EventStore, reads };
}

describe('projector rebuild: every projection in one pass over $all', () => {
  let url: string;
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    url = await createTestDatabase('projector_rebuild');
    store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 20 });
    await store.migrate();
    dataSource = createReadModelDataSource(url, [{ entities: [CountRow, NoteRow], migrations: [] }]);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    await dataSource.query('CREATE SCHEMA rebuild_spec');
    await dataSource.query('CREATE TABLE rebuild_spec.counts (stream_id text PRIMARY KEY, n integer NOT NULL, revision bigint NOT NULL)');
    await dataSource.query('CREATE TABLE rebuild_spec.notes (event_id uuid PRIMARY KEY, stream_id text NOT NULL, note text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
  });

  const metadata = {
    occurredAt: '2026-11-30T08:00:00.000Z',
    actor: { userId: 'spec', role: 'system' },
    correlationId: 'rebuild-spec',
    causationId: null,
  };
  const event = (type: string, note = '') => ({ eventId: newId(), type, schemaVersion: 1, data: { note }, metadata });
  const rows = async () => ({
    counts: await dataSource.query('SELECT stream_id, n, revision FROM rebuild_spec.counts ORDER BY stream_id'),
    notes: await dataSource.query('SELECT event_id, stream_id, note FROM rebuild_spec.notes ORDER BY event_id'),
  });

  it('gives the rows the live projections wrote, reads $all once for both (their types only) and leaves both checkpoints at the head', async () => {
    const { spy, reads } = spied(store);
    const projector = new Projector(spy, dataSource, [counts, notes]);
    await projector.start();
    let last: RecordedEvent | undefined;
    try {
      for (let s = 0; s < 5; s++) {
        await store.append(
          `rebuild-spec-${s}`,
          [event('Counted'), event('Ignored'), event('Noted', `第${s}条`), event('Counted'), event('Noted', `note ${s}`)],
          'no_stream',
        );
      }
      expect(
        await untilVisible(
          async () => projector.appliedCount,
          (n) => n === 20,
        ),
      ).toBe(20);
      // Read once the projector has applied them: $all shows events only below every older
      // transaction of the cluster (pg_snapshot_xmin), which another test file's may hold back.
      const all = await store.readAll();
      last = all.filter((e) => e.streamId.startsWith('rebuild-spec-')).pop();
      const live = await rows();
      expect(live.counts).toHaveLength(5);
      expect(live.notes).toHaveLength(10);

      reads.length = 0;
      await projector.rebuild();
      // Resolved once the pass reached the head: the rows are there without waiting.
      expect(await rows()).toEqual(live);
      const rebuildReads = reads.filter((r) => r.types !== null);
      expect(rebuildReads).toHaveLength(1); // one short page: $all read once for both projections
      expect([...rebuildReads[0].types!].sort()).toEqual(['Counted', 'Noted']);
      for (const projection of [counts, notes]) {
        // Compared as text: a failing BigInt comparison cannot be reported across jest's workers.
        expect(positionText(await loadCheckpoint(dataSource.manager, projectorSubscriber(projection)))).toBe(positionText(last!.position));
      }

      // Live again after the rebuild, from those checkpoints: nothing applied twice.
      await store.append('rebuild-spec-0', [event('Counted')], 4);
      expect(
        await untilVisible(
          async () => projector.appliedCount,
          (n) => n === 41,
        ),
      ).toBe(41);
      expect((await rows()).counts[0]).toMatchObject({ stream_id: 'rebuild-spec-0', n: 3 });
    } finally {
      await projector.stop();
    }
  });

  it('rebuilds one projection by name and leaves the others as they are', async () => {
    const projector = new Projector(store, dataSource, [counts, notes]);
    const before = await rows();
    await dataSource.query("INSERT INTO rebuild_spec.notes VALUES ($1, 'not-from-events', 'kept')", [newId()]);
    await projector.rebuild(counts.name);
    await projector.stop();
    const after = await rows();
    expect(after.counts).toEqual(before.counts);
    expect(after.notes).toHaveLength(before.notes.length + 1);
  });
});
