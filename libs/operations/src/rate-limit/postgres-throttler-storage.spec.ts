import { createReadModelDataSource, migrateReadModels } from '@chengguo/read-models';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/databases';
import { apiTables } from '../idempotency';
import { PostgresThrottlerStorage } from './postgres-throttler-storage';

const MINUTE = 60_000;

describe('PostgresThrottlerStorage (per-caller limit shared through PostgreSQL, counted in batches)', () => {
  let dataSource: DataSource;
  let statements = 0;

  beforeAll(async () => {
    dataSource = createReadModelDataSource(await createTestDatabase('throttler'), [apiTables]);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    const query = dataSource.query.bind(dataSource);
    dataSource.query = ((sql: string, parameters?: unknown[]) => {
      if (sql.includes('api.rate_limit_windows')) statements++;
      return query(sql, parameters);
    }) as DataSource['query'];
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const storedHits = async (key: string): Promise<number> => {
    const rows: Array<{ hits: number }> = await dataSource.query(
      'SELECT sum(hits)::int AS hits FROM api.rate_limit_windows WHERE key = $1',
      [key],
    );
    return rows[0].hits ?? 0;
  };

  it('far below the limit, concurrent requests cost a handful of statements, and every hit is added within the interval', async () => {
    const storage = new PostgresThrottlerStorage(dataSource, 50);
    statements = 0;
    const records = await Promise.all(Array.from({ length: 200 }, () => storage.increment('k:busy', MINUTE, 100_000, 0, 'default')));
    expect(records.every((r) => !r.isBlocked)).toBe(true);
    expect(Math.max(...records.map((r) => r.totalHits))).toBe(200);
    expect(statements).toBeLessThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(await storedHits('k:busy')).toBe(200);
  });

  it('past half the limit every request is counted in PostgreSQL before it is decided: exact at the limit', async () => {
    const storage = new PostgresThrottlerStorage(dataSource, 10_000);
    const blocked: boolean[] = [];
    for (let i = 0; i < 12; i++) blocked.push((await storage.increment('k:near', MINUTE, 10, 0, 'default')).isBlocked);
    expect(blocked).toEqual([...Array(10).fill(false), true, true]);
    expect(await storedHits('k:near')).toBe(12);
  });

  it('replicas share one count: hits another replica added are seen once the view is older than the interval', async () => {
    const a = new PostgresThrottlerStorage(dataSource, 30);
    const b = new PostgresThrottlerStorage(dataSource, 30);
    // Each replica adds its hits on a timer; on a busy machine that can lag, so wait for them to be
    // stored, then let the other replica's view grow older than the interval.
    const storedThenAged = async (hits: number) => {
      for (let i = 0; i < 200 && (await storedHits('k:shared')) < hits; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 80));
    };
    for (let i = 0; i < 4; i++) await a.increment('k:shared', MINUTE, 10, 0, 'default');
    await storedThenAged(4);
    for (let i = 0; i < 4; i++) await b.increment('k:shared', MINUTE, 10, 0, 'default');
    await storedThenAged(8);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await a.increment('k:shared', MINUTE, 10, 0, 'default'));
    expect(results.map((r) => r.totalHits)).toEqual([9, 10, 11, 12]);
    expect(results.map((r) => r.isBlocked)).toEqual([false, false, true, true]);
    expect(results[2].timeToBlockExpire).toBeGreaterThan(0);
  });

  it('a hit that could not be added stays counted and goes with the next upsert', async () => {
    const storage = new PostgresThrottlerStorage(dataSource, 10_000);
    await storage.increment('k:outage', MINUTE, 10, 0, 'default');
    const query = dataSource.query;
    dataSource.query = (() => Promise.reject(new Error('connection lost'))) as DataSource['query'];
    await expect(storage.increment('k:outage', MINUTE, 2, 0, 'default')).rejects.toThrow('connection lost');
    dataSource.query = query;
    const record = await storage.increment('k:outage', MINUTE, 2, 0, 'default');
    expect(record.totalHits).toBe(3);
    expect(await storedHits('k:outage')).toBe(3);
  });
});
