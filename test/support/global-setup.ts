import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, startTemporalDevServer } from './processes';

/**
 * Real servers for the whole run: one PostgreSQL cluster (each test file makes its own database
 * in it) and one Temporal dev server. Time-skipping tests start their own test server.
 */
export default async function globalSetup(): Promise<void> {
  // The development token issuer's secret for this run; test/support/tokens.ts signs with it.
  process.env.AUTH_DEV_SECRET = process.env.AUTH_DEV_SECRET ?? randomBytes(32).toString('hex');
  // Tests poll the API far faster than people do; the rate limit has its own test.
  process.env.RATE_LIMIT_PER_MINUTE = process.env.RATE_LIMIT_PER_MINUTE ?? '100000';
  // Workers started by tests (in process or as child processes) listen on any free port, never on
  // the default 3001 that parallel files, or a running `npm start`, would share.
  process.env.WORKER_HTTP_PORT = process.env.WORKER_HTTP_PORT ?? '0';
  const pg = await startPostgres();
  process.env.TEST_PG_ADMIN_URL = pg.adminUrl;
  const temporal = await startTemporalDevServer();
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.EVENTSTORE_REACHABLE = (await eventStoreDbReachable()) ? '1' : '0';
  const state = { pgDataDir: pg.dataDir, temporalPid: temporal.process.pid };
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
