import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A fresh database in this jest worker's PostgreSQL cluster (global setup starts one per worker),
 * so test files never see each other's events nor hold back each other's reads of `$all`.
 */
export async function createTestDatabase(prefix = 'test'): Promise<string> {
  const clusters = (process.env.TEST_PG_ADMIN_URLS ?? '').split(' ').filter(Boolean);
  if (clusters.length === 0) throw new Error('TEST_PG_ADMIN_URLS is not set: run tests through jest (global setup)');
  const adminUrl = clusters[(Number(process.env.JEST_WORKER_ID ?? '1') - 1) % clusters.length];
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
