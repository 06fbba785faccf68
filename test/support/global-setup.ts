import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, startTemporalDevServer } from './processes';

/**
 * Real servers for the whole run: one PostgreSQL cluster per jest worker (each test file makes its
 * own database in its worker's cluster) and one Temporal dev server. Time-skipping tests start their
 * own test server. A cluster per worker because `$all` reads stop at the cluster-wide snapshot xmin:
 * a long transaction of a file running in the other worker (a rebuild's swap waiting for its lock)
 * would otherwise hold back every read of `$all` in every database; files of one worker run one at
 * a time.
 */
export default async function globalSetup(globalConfig: { maxWorkers?: number } = {}): Promise<void> {
  // The development token issuer's secret for this run; test/support/tokens.ts signs with it.
  process.env.AUTH_DEV_SECRET = process.env.AUTH_DEV_SECRET ?? randomBytes(32).toString('hex');
  // Tests poll the API far faster than people do; the rate limit has its own test.
  process.env.RATE_LIMIT_PER_MINUTE = process.env.RATE_LIMIT_PER_MINUTE ?? '100000';
  // Workers started by tests (in process or as child processes) listen on any free port, never on
  // the default 3001 that parallel files, or a running `npm start`, would share.
  process.env.WORKER_HTTP_PORT = process.env.WORKER_HTTP_PORT ?? '0';
  const clusters = await Promise.all(Array.from({ length: Math.max(1, globalConfig.maxWorkers ?? 1) }, () => startPostgres()));
  process.env.TEST_PG_ADMIN_URLS = clusters.map((pg) => pg.adminUrl).join(' ');
  const temporal = await startTemporalDevServer();
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.EVENTSTORE_REACHABLE = (await eventStoreDbReachable()) ? '1' : '0';
  const state = { pgDataDirs: clusters.map((pg) => pg.dataDir), temporalPid: temporal.process.pid };
  writeFileSync(join(tmpdir(), `chengguo-jest-${process.pid}.json`), JSON.stringify(state));
  (globalThis as Record<string, unknown>).__CHENGGUO_TEMPORAL__ = temporal;
}

async function eventStoreDbReachable(): Promise<boolean> {
  const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
  if (!connectionString) return false;
  const { EventStoreDBClient } = await import('@eventstore/db-client');
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    await Promise.race([
      (async () => {
        for await (const _ of client.readAll({ maxCount: 1 })) break;
      })(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5_000)),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    await client.dispose().catch(() => undefined);
  }
}
