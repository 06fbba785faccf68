import { newId, PostgresEventStore, RecordedEvent } from '@chengguo/eventstore';
import { Column, DataSource, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { createTestDatabase } from '../../../test/support/databases';
import { loadCheckpoint } from './checkpoints';
import { createReadModelDataSource, migrateReadModels } from './data-source';
import { applyPage, PageUnitOfWork } from './page-unit-of-work';
import { Projection } from './projection';
import { Projector, projectorSubscriber } from './projector';

/** A keyed row folded across events (composite key), its children replaced as a set, and a log. */
@Entity({ schema: 'uow_spec', name: 'tallies' })
class TallyRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' }) streamId: string;
  @PrimaryColumn({ type: 'integer' }) round: number;
  @Column({ type: 'integer' }) total: number;
  @Column({ type: 'jsonb' }) members: string[];
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
}

@Entity({ schema: 'uow_spec', name: 'tally_members' })
class TallyMemberRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' }) streamId: string;
  @PrimaryColumn({ type: 'integer' }) round: number;
  @PrimaryColumn({ type: 'text' }) member: string;
  @Column({ type: 'integer' }) position: number;
}

@Entity({ schema: 'uow_spec', name: 'tally_log' })
class TallyLogRow {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'stream_id', type: 'text' }) streamId: string;
  @Column({ type: 'text' }) type: string;
}

type TallyData = { round: number; member?: string; amount?: number };

const tallyProjection: Projection = {
  name: 'uow-spec-tallies',
  eventTypes: ['TallyOpened', 'TallyAdded', 'TallyRemoved', 'TallyBoom'],

  async prefetch(events, page) {
    await page.rows(TallyRow).load(events.map((e) => ({ streamId: e.streamId, round: (e.data as TallyData).round })));
  },

  async apply(recorded, page) {
    const data = recorded.data as TallyData;
    const key = { streamId: recorded.streamId, round: data.round };
    const tallies = page.rows(TallyRow);
    const members = page.rows(TallyMemberRow);
    page.appends(TallyLogRow).add({ eventId: recorded.eventId, streamId: recorded.streamId, type: recorded.type });
    const row = await tallies.get(key);
    if (row && Number(row.revision) >= recorded.revision) return; // the skip rule the real projections keep
    switch (recorded.type) {
      case 'TallyBoom':
        throw new Error('boom');
      case 'TallyOpened':
        tallies.put({
          ...key,
          total: 0,
          members: [],
          revision: String(recorded.revision),
          openedAt: new Date(recorded.metadata.occurredAt),
        });
        members.deleteWhere(key);
        return;
      case 'TallyAdded': {
        if (!row) return;
        const next = {
          ...row,
          total: row.total + (data.amount ?? 0),
          members: [...new Set([...row.members, data.member!])],
          revision: String(recorded.revision),
        };
        tallies.put(next);
        members.deleteWhere(key);
        next.members.forEach((member, position) => members.put({ ...key, member, position }));
        return;
      }
      case 'TallyRemoved':
        tallies.delete(key);
        members.deleteWhere(key);
        return;
    }
  },

  async reset(manager) {
    await manager.query('TRUNCATE uow_spec.tallies, uow_spec.tally_members, uow_spec.tally_log');
  },
};

const SCHEMA = [
  'CREATE SCHEMA IF NOT EXISTS uow_spec',
  `CREATE TABLE uow_spec.tallies (stream_id text, round integer, total integer NOT NULL, members jsonb NOT NULL,
     revision bigint NOT NULL, opened_at timestamptz NOT NULL, PRIMARY KEY (stream_id, round))`,
  `CREATE TABLE uow_spec.tally_members (stream_id text, round integer, member text, position integer NOT NULL,
     PRIMARY KEY (stream_id, round, member))`,
  'CREATE TABLE uow_spec.tally_log (event_id uuid PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL)',
];

/** Events of a few streams, interleaved, many on the same key, with a removal and a re-opening. */
function givenEvents(): RecordedEvent[] {
  const script: Array<[string, string, TallyData]> = [
    ['s-1', 'TallyOpened', { round: 1 }],
    ['s-2', 'TallyOpened', { round: 1 }],
    ['s-1', 'TallyAdded', { round: 1, member: 'li.lei', amount: 5 }],
    ['s-1', 'TallyAdded', { round: 1, member: 'han.meimei', amount: 7 }],
    ['s-2', 'TallyAdded', { round: 1, member: 'li.lei', amount: 1 }],
    ['s-1', 'TallyAdded', { round: 1, member: 'li.lei', amount: 2 }],
    ['s-2', 'TallyRemoved', { round: 1 }],
    ['s-1', 'TallyOpened', { round: 2 }],
    ['s-1', 'TallyAdded', { round: 2, member: 'wang.tto', amount: 3 }],
    ['s-2', 'TallyOpened', { round: 1 }],
    ['s-2', 'TallyAdded', { round: 1, member: 'han.meimei', amount: 4 }],
    ['s-3', 'TallyAdded', { round: 1, member: 'nobody', amount: 9 }], // no tally: changes nothing
    ['s-1', 'TallyAdded', { round: 1, member: 'zhao.tto', amount: 1 }],
  ];
  const revisions = new Map<string, number>();
  return script.map(([streamId, type, data], i) => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    const eventId = newId();
    const at = new Date(Date.UTC(2026, 10, 25, 8, i)).toISOString();
    return {
      streamId,
      revision,
      position: { commit: BigInt(100 + i), prepare: BigInt(i + 1) },
      eventId,
      type,
      schemaVersion: 1,
      data,
      metadata: {
        eventId,
        type,
        schemaVersion: 1,
        occurredAt: at,
        recordedAt: at,
        actor: { userId: 'spec', role: 'system' },
        correlationId: 'uow-spec',
        causationId: null,
      },
    } as RecordedEvent;
  });
}

describe('page unit of work: a page folded in memory and written in bulk', () => {
  let url: string;
  let dataSource: DataSource;
  const statements: string[] = [];

  beforeAll(async () => {
    url = await createTestDatabase('uow');
    dataSource = createReadModelDataSource(url, [{ entities: [TallyRow, TallyMemberRow, TallyLogRow], migrations: [] }]);
    dataSource.setOptions({
      logging: ['query'],
      logger: {
        logQuery: (q) => void statements.push(q),
        logQueryError: () => undefined,
        logQuerySlow: () => undefined,
        logSchemaBuild: () => undefined,
        logMigration: () => undefined,
        log: () => undefined,
      },
    });
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    for (const sql of SCHEMA) await dataSource.query(sql);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  async function rows() {
    const m = dataSource.manager;
    return {
      tallies: await m.query('SELECT stream_id, round, total, members, revision, opened_at FROM uow_spec.tallies ORDER BY 1, 2'),
      members: await m.query('SELECT * FROM uow_spec.tally_members ORDER BY 1, 2, 3'),
      log: await m.query('SELECT * FROM uow_spec.tally_log ORDER BY event_id'),
    };
  }

  async function project(pages: RecordedEvent[][]) {
    await dataSource.transaction((m) => tallyProjection.reset(m));
    for (const page of pages) await dataSource.transaction((m: EntityManager) => applyPage(tallyProjection, page, m));
    return rows();
  }

  it('gives, for a page with several events on the same key, the rows that event-by-event application gives', async () => {
    const events = givenEvents();
    const oneByOne = await project(events.map((e) => [e]));
    expect(oneByOne.tallies.map((r: { stream_id: string; round: number; total: number }) => [r.stream_id, r.round, r.total])).toEqual([
      ['s-1', 1, 15],
      ['s-1', 2, 3],
      ['s-2', 1, 4],
    ]);
    expect(oneByOne.members).toHaveLength(5);
    expect(oneByOne.log).toHaveLength(events.length);

    expect(await project([events])).toEqual(oneByOne);
    expect(await project([events.slice(0, 4), events.slice(4, 9), events.slice(9)])).toEqual(oneByOne);
  });

  it('is idempotent over a redelivered page: the skip rule sees the rows the page itself wrote', async () => {
    const events = givenEvents();
    const once = await project([events]);
    await dataSource.transaction((m) => applyPage(tallyProjection, events, m));
    expect(await rows()).toEqual(once);
  });

  it('reads all keys of a page with one query per table and writes each table with one statement', async () => {
    const events = givenEvents();
    await dataSource.transaction((m) => tallyProjection.reset(m));
    statements.length = 0;
    await dataSource.transaction((m) => applyPage(tallyProjection, events, m));
    const touching = (table: string, verb: string) => statements.filter((q) => q.includes(table) && q.trimStart().startsWith(verb)).length;
    expect(touching('"tallies"', 'SELECT')).toBe(1);
    expect(touching('"tallies"', 'INSERT')).toBe(1);
    expect(touching('"tallies"', 'DELETE')).toBe(0); // s-2 round 1 removed, then opened again: one upsert covers both
    expect(touching('"tally_members"', 'DELETE')).toBe(1);
    expect(touching('"tally_members"', 'INSERT')).toBe(1);
    expect(touching('"tally_log"', 'INSERT')).toBe(1);
  });

  it('reads a key nobody prefetched on its own, and sees rows deleted earlier in the page as gone', async () => {
    await dataSource.transaction((m) => tallyProjection.reset(m));
    await dataSource.transaction((m) => applyPage(tallyProjection, givenEvents(), m));
    await dataSource.transaction(async (m) => {
      const page = new PageUnitOfWork(m);
      const tallies = page.rows(TallyRow);
      expect((await tallies.get({ streamId: 's-1', round: 1 }))?.total).toBe(15);
      const members = page.rows(TallyMemberRow);
      members.deleteWhere({ streamId: 's-1', round: 1 });
      expect(await members.get({ streamId: 's-1', round: 1, member: 'li.lei' })).toBeNull();
      expect(await members.get({ streamId: 's-1', round: 2, member: 'wang.tto' })).not.toBeNull();
      tallies.delete({ streamId: 's-1', round: 2 });
      expect(await tallies.get({ streamId: 's-1', round: 2 })).toBeNull();
      await page.flush();
    });
    const after = await rows();
    expect(after.tallies.map((r: { stream_id: string; round: number }) => `${r.stream_id}/${r.round}`)).toEqual(['s-1/1', 's-2/1']);
    expect(after.members.filter((r: { stream_id: string; round: number }) => r.stream_id === 's-1' && r.round === 1)).toEqual([]);
  });

  it('leaves rows and checkpoint untouched when a page fails part-way (the projector rolls it back)', async () => {
    const store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 20 });
    await store.migrate();
    await dataSource.transaction((m) => tallyProjection.reset(m));
    const projector = new Projector(store, dataSource, [tallyProjection]);
    const metadata = {
      occurredAt: new Date().toISOString(),
      actor: { userId: 'spec', role: 'system' },
      correlationId: 'uow-spec',
      causationId: null,
    };
    const event = (type: string, data: TallyData) => ({ eventId: newId(), type, schemaVersion: 1, data, metadata });
    try {
      await projector.start();
      await store.append(
        'tally-a',
        [event('TallyOpened', { round: 1 }), event('TallyAdded', { round: 1, member: 'li.lei', amount: 5 })],
        'no_stream',
      );
      await waitUntil(() => projector.appliedCount === 2);
      const before = await rows();
      const checkpoint = await loadCheckpoint(dataSource.manager, projectorSubscriber(tallyProjection));

      // One append, so one page: two good events, then one the projection throws on.
      await store.append(
        'tally-a',
        [
          event('TallyAdded', { round: 1, member: 'han.meimei', amount: 7 }),
          event('TallyOpened', { round: 2 }),
          event('TallyBoom', { round: 1 }),
        ],
        1,
      );
      await new Promise((r) => setTimeout(r, 1_500)); // the page is tried (and rolled back) at least once, then retried
      expect(projector.appliedCount).toBe(2);
      expect(await rows()).toEqual(before);
      expect(await loadCheckpoint(dataSource.manager, projectorSubscriber(tallyProjection))).toEqual(checkpoint);
    } finally {
      await projector.stop();
      await store.close();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
}
