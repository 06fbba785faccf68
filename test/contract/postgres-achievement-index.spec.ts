import { EventToAppend, newId, PostgresEventStore, READ_ACHIEVEMENT_SQL, WrongExpectedRevisionError } from '@chengguo/eventstore';
import { Client } from 'pg';
import { untilVisible } from '../fixtures/until-visible';
import { createTestDatabase } from '../support/databases';

/**
 * The achievement index (schema v5, ADR 17) is written by the append itself: an event and its index
 * row commit together or not at all, and one achievement's events read back in commit order.
 */
describe('PostgreSQL achievement index', () => {
  let url: string;
  let store: PostgresEventStore;
  let pg: Client;

  beforeAll(async () => {
    url = await createTestDatabase('achievement_index');
    store = new PostgresEventStore({ connectionString: url });
    await store.migrate();
    pg = new Client({ connectionString: url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await store?.close();
  });

  const indexRows = async (achievementId: string) =>
    (
      await pg.query<{ event_id: string; same_transaction: boolean }>(
        `SELECT e.event_id, a.transaction_id = e.transaction_id AS same_transaction
           FROM event_store.achievement_events a JOIN event_store.events e USING (global_position)
          WHERE a.achievement_id = $1 ORDER BY a.transaction_id, a.global_position`,
        [achievementId],
      )
    ).rows;

  it('indexes each event that names its achievement, in the transaction that appends it; others are not indexed', async () => {
    const achievementId = newId();
    const mine = [anEvent(achievementId), anEvent(achievementId)];
    await store.append(`disclosure-${achievementId}`, mine, 'no_stream');
    await store.append(`policy-${newId()}`, [anEvent(undefined)], 'no_stream');

    const rows = await indexRows(achievementId);
    expect(rows.map((r) => r.event_id)).toEqual(mine.map((e) => e.eventId));
    expect(rows.every((r) => r.same_transaction)).toBe(true);
    const { rows: unindexed } = await pg.query(
      `SELECT 1 FROM event_store.events e LEFT JOIN event_store.achievement_events a USING (global_position)
        WHERE a.global_position IS NULL AND e.metadata::jsonb ? 'achievementId'`,
    );
    expect(unindexed).toHaveLength(0);
  });

  it('writes neither the events nor their index rows when the index refuses one: the append is one statement', async () => {
    const achievementId = newId();
    const streamId = `case-${newId()}`;
    const invalid = anEvent('x'.repeat(201)); // longer than an achievement id may be
    await expect(store.append(streamId, [anEvent(achievementId), invalid], 'no_stream')).rejects.toMatchObject({
      constraint: 'achievement_events_id_valid',
    });
    expect(await store.readStream(streamId)).toHaveLength(0);
    expect(await indexRows(achievementId)).toHaveLength(0);
    const { rows } = await pg.query('SELECT 1 FROM event_store.streams WHERE stream_id = $1', [streamId]);
    expect(rows).toHaveLength(0);
  });

  it('an append in flight shows neither its events nor its index rows; a rollback leaves neither, a commit both', async () => {
    const writer = new Client({ connectionString: url });
    await writer.connect();
    try {
      for (const commit of [false, true]) {
        const achievementId = newId();
        const streamId = `disclosure-${achievementId}`;
        const event = anEvent(achievementId);
        await writer.query('BEGIN');
        await writer.query(
          `SELECT * FROM event_store.append_events($1, 'no_stream', NULL, ARRAY[$2::uuid], ARRAY['SomethingRecorded'], ARRAY[1],
             ARRAY[$3::json], ARRAY[$4::json])`,
          [streamId, event.eventId, JSON.stringify(event.data), JSON.stringify(event.metadata)],
        );
        expect(await indexRows(achievementId)).toHaveLength(0);
        expect(await store.readStream(streamId)).toHaveLength(0);
        await writer.query(commit ? 'COMMIT' : 'ROLLBACK');
        expect((await indexRows(achievementId)).map((r) => r.event_id)).toEqual(commit ? [event.eventId] : []);
        expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual(commit ? [event.eventId] : []);
      }
    } finally {
      await writer.end();
    }
  });

  it('a refused append (wrong expected revision, unmet condition) leaves no index row', async () => {
    const achievementId = newId();
    const streamId = `disclosure-${achievementId}`;
    await store.append(streamId, [anEvent(achievementId)], 'no_stream');
    await expect(store.append(streamId, [anEvent(achievementId)], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    const facts = `facts-${newId()}`;
    await store.append(facts, [anEvent(undefined)], 'no_stream');
    await expect(
      store.append(streamId, [anEvent(achievementId)], 0, { alsoExpect: [{ streamId: facts, revision: 7 }] }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await indexRows(achievementId)).toHaveLength(1);
  });

  it('reads one achievement across its streams in commit order, page by page, and nothing of another', async () => {
    const achievementId = newId();
    const other = newId();
    const written: string[] = [];
    for (let i = 0; i < 7; i++) {
      const event = anEvent(achievementId);
      await store.append(i % 2 === 0 ? `disclosure-${achievementId}-x` : `case-${achievementId}`, [event], 'any');
      written.push(event.eventId);
      await store.append(`disclosure-${other}`, [anEvent(other)], 'any');
    }
    await untilIndexed(achievementId, written.length);
    const read: string[] = [];
    for (let after; ;) {
      const page = await store.readAchievement(achievementId, { after, maxCount: 3 });
      read.push(...page.map((e) => e.eventId));
      if (page.length < 3) break;
      after = page[page.length - 1].position;
    }
    expect(read).toEqual(written);
    const [first] = await store.readAchievement(achievementId, { maxCount: 1 });
    expect(first.metadata.achievementId).toBe(achievementId);
  });

  it('reads an achievement by index scans only: its cost does not grow with the store', async () => {
    const achievementId = newId();
    await store.append(`disclosure-${achievementId}`, [anEvent(achievementId), anEvent(achievementId)], 'no_stream');
    // 20,000 events of 2,000 other achievements around it.
    for (let batch = 0; batch < 20; batch++) {
      await store.append(
        `bulk-${newId()}`,
        Array.from({ length: 1000 }, (_, i) => anEvent(`other-${batch}-${i % 100}`)),
        'no_stream',
      );
    }
    await pg.query('ANALYZE event_store.events; ANALYZE event_store.achievement_events');
    const plan = JSON.stringify(
      (await pg.query(`EXPLAIN (FORMAT JSON) ${READ_ACHIEVEMENT_SQL}`, [achievementId, '0', '0', 1000])).rows[0]['QUERY PLAN'],
    );
    expect(plan).not.toContain('Seq Scan');
    expect(plan).toContain('achievement_events_commit_order');
    expect(await untilIndexed(achievementId, 2)).toHaveLength(2);
  });

  /**
   * The index is read in $all order, only below every older transaction of the cluster
   * (pg_snapshot_xmin): another test file's open transaction may hold fresh events back a moment.
   */
  function untilIndexed(achievementId: string, count: number) {
    return untilVisible(
      () => store.readAchievement(achievementId),
      (events) => events.length >= count,
    );
  }
});

function anEvent(achievementId: string | undefined): EventToAppend {
  return {
    eventId: newId(),
    type: 'SomethingRecorded',
    schemaVersion: 1,
    data: { note: '成果 索引' },
    metadata: {
      occurredAt: '2026-03-01T08:00:00.000Z',
      actor: { userId: 'wang.tto', role: 'tto_officer' },
      correlationId: newId(),
      causationId: null,
      ...(achievementId !== undefined ? { achievementId } : {}),
    },
  };
}
