import { Client } from 'pg';
import { EventToAppend, PostgresEventStore, RecordedEvent, comparePositions, newId } from '@chengguo/eventstore';
import { createTestDatabase } from '../support/databases';

/**
 * Concurrent transactions take global positions in one order and commit in another. A catch-up
 * subscriber must still deliver every committed event exactly once, in (transaction, position)
 * order, and never an event whose transaction rolled back.
 */
describe('PostgreSQL $all subscription under concurrent appenders', () => {
  let url: string;
  let store: PostgresEventStore;

  beforeAll(async () => {
    url = await createTestDatabase('gaps');
    store = new PostgresEventStore({ connectionString: url, poolSize: 20, subscriptionPollMs: 20 });
    await store.migrate();
  });

  afterAll(async () => {
    await store.close();
  });

  const event = (n: number): EventToAppend => ({
    eventId: newId(),
    type: 'Counted',
    schemaVersion: 1,
    data: { n },
    metadata: { occurredAt: new Date().toISOString(), actor: { userId: 'bench', role: 'system' }, correlationId: 'c', causationId: null },
  });

  /** Holds its transaction open after taking positions, so later transactions commit first. */
  async function slowAppend(streamId: string, n: number, rollback: boolean): Promise<string[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    const events = [event(n), event(n)];
    try {
      await client.query('BEGIN');
      await client.query('SELECT * FROM event_store.append_events($1, $2, $3, $4, $5, $6, $7, $8)', [
        streamId,
        'any',
        null,
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map(() => 1),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
      ]);
      await client.query('SELECT pg_sleep($1)', [0.05 + Math.random() * 0.25]);
      await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
      return rollback ? [] : events.map((e) => e.eventId);
    } finally {
      await client.end();
    }
  }

  it('delivers every committed event exactly once and in global order', async () => {
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ handler: async (e) => void received.push(e) });
    const naive = sequenceOnlyReader();

    const committed: string[] = [];
    const rolledBack: string[] = [];
    const appenders = Array.from({ length: 16 }, async (_, worker) => {
      for (let i = 0; i < 20; i++) {
        const shared = `counter-${i % 4}`;
        if (i % 5 === 0) {
          const rollback = i % 10 === 0;
          const ids = await slowAppend(rollback ? `rolled-back-${worker}-${i}` : shared, i, rollback);
          committed.push(...ids);
          if (rollback) rolledBack.push(`rolled-back-${worker}-${i}`);
        } else {
          const batch = Array.from({ length: 1 + (i % 3) }, () => event(i));
          await store.append(i % 2 ? shared : `own-${worker}`, batch, 'any');
          committed.push(...batch.map((e) => e.eventId));
        }
      }
    });
    await Promise.all(appenders);

    const deadline = Date.now() + 30_000;
    while (received.length < committed.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Give a duplicate or a stray event the chance to show up before judging.
    await new Promise((r) => setTimeout(r, 300));
    await subscription.stop();
    const naiveSeen = await naive.stop();

    const ids = received.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(committed));
    expect(received.some((e) => rolledBack.includes(e.streamId))).toBe(false);
    for (let i = 1; i < received.length; i++) {
      expect(comparePositions(received[i - 1].position, received[i].position)).toBe(-1);
    }
    // The run really exercised the hazard: a reader that follows global_position alone, running
    // beside ours, skipped events that committed behind a higher position.
    expect(naiveSeen.size).toBeLessThan(committed.length);
  });

  it('wakes subscribers as soon as an append after a quiet interval commits, and at most once per 20 ms in a burst', async () => {
    const writer = new PostgresEventStore({ connectionString: url });
    const pool = (writer as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
    const query = pool.query.bind(pool);
    const notified: number[] = [];
    pool.query = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('pg_notify')) notified.push(performance.now());
      return query(...args);
    };
    try {
      await writer.append(`quiet-${newId()}`, [event(1)], 'any');
      // Sent before the append answered its caller, not on a timer after.
      expect(notified).toHaveLength(1);
      await Promise.all(Array.from({ length: 8 }, (_, i) => writer.append(`burst-${i}-${newId()}`, [event(i)], 'any')));
      await new Promise((r) => setTimeout(r, 100));
      expect(notified.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < notified.length; i++) expect(notified[i] - notified[i - 1]).toBeGreaterThanOrEqual(19);
    } finally {
      await writer.close();
    }
  });

  function sequenceOnlyReader(): { stop(): Promise<Set<string>> } {
    const seen = new Set<string>();
    let stopped = false;
    const client = new Client({ connectionString: url });
    const loop = (async () => {
      await client.connect();
      let last = '0';
      while (!stopped) {
        const { rows } = await client.query<{ event_id: string; global_position: string }>(
          'SELECT event_id, global_position FROM event_store.events WHERE global_position > $1 ORDER BY global_position LIMIT 1000',
          [last],
        );
        for (const row of rows) seen.add(row.event_id);
        if (rows.length) last = rows[rows.length - 1].global_position;
        await new Promise((r) => setTimeout(r, 5));
      }
      await client.end();
    })();
    return {
      async stop() {
        stopped = true;
        await loop;
        return seen;
      },
    };
  }
});
