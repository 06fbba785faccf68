import { verifyReadModels } from '@chengguo/audit';
import { PostgresEventStore } from '@chengguo/eventstore';
import { PROCESSES, PROCESS_READ_MODELS } from '@chengguo/processes';
import { createReadModelDataSource, migrateReadModels, Projector, projectorSubscriber } from '@chengguo/read-models';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { achievementTemplates, fillAchievements } from '../fixtures/achievements';
import { createTestDatabase } from '../support/databases';
import { ChildApp, checkpointAtHead, checkpointOf, spawnTs, sql, waitFor } from './support/fault-support';

const ACHIEVEMENTS = 1_500; // ≈ 18,000 events: a rebuild long enough to be killed part-way
const PROJECTIONS = PROCESSES.flatMap((p) => p.projections ?? []);
const DISCLOSURES = projectorSubscriber({ name: 'disclosures' } as never);

/**
 * Fault: `rebuild-read-models` SIGKILLed while it fills the fresh copies, and again while its swap
 * transaction waits for a live table (holding the projections' checkpoint locks), beside a live
 * projector (another worker). Each time the served read models must stay exactly the fold of the
 * events up to their checkpoints, and the live projector must go on; the next run must drop what
 * the killed ones left and swap in complete tables.
 */
describe('fault: rebuild-read-models killed mid-fill and mid-swap', () => {
  let url: string;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let live: Projector;
  let rebuild: ChildApp | undefined;
  const templates = achievementTemplates();

  beforeAll(async () => {
    url = await createTestDatabase('faultrebuild');
    await fillAchievements(url, templates, ACHIEVEMENTS);
    store = new PostgresEventStore({ connectionString: url });
    dataSource = createReadModelDataSource(url, PROCESS_READ_MODELS);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    live = new Projector(store, dataSource, PROJECTIONS);
    await live.start();
    await caughtUp();
  }, 180_000);

  afterAll(async () => {
    await rebuild?.kill();
    await live?.stop();
    await dataSource?.destroy();
    await store?.close();
  });

  const disclosures = async () => Number((await sql<{ n: string }>(url, 'SELECT count(*) AS n FROM read_models.disclosures'))[0].n);
  const copies = async () =>
    (await sql<{ nspname: string }>(url, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_\\_%'`)).map((r) => r.nspname);

  const caughtUp = () => checkpointAtHead(url, DISCLOSURES, 120_000, 'live projector caught up');

  /** The served rows are the fold of the events up to each projection's checkpoint, and the live projector goes on. */
  async function expectServedIntactAndLive(): Promise<void> {
    const report = await verifyReadModels(store, url, { projections: PROJECTIONS, readModels: PROCESS_READ_MODELS });
    expect(report.differences).toEqual([]);
    expect(report.ok).toBe(true);
    const before = await disclosures();
    await fillAchievements(url, templates, 1);
    await waitFor(
      async () => ((await disclosures()) === before + 1 ? true : undefined),
      30_000,
      'live projector applied a new achievement',
    );
  }

  // Its second thread too, at this size (by default only from 150,000 events in its group).
  const startRebuild = (): ChildApp =>
    spawnTs('apps/worker/src/rebuild-read-models.ts', { DATABASE_URL: url, REBUILD_THREAD_MIN_EVENTS: '0' }, 'rebuild');

  it('leaves the served read models as they were when killed while filling', async () => {
    const checkpoint = await checkpointOf(url, DISCLOSURES);
    rebuild = startRebuild();
    await waitFor(
      async () => {
        const [row] = await sql<{ n: string }>(url, 'SELECT count(*) AS n FROM rebuild__read_models.disclosures');
        return Number(row.n) > 0 ? true : undefined;
      },
      120_000,
      'fresh copies being filled',
    );
    expect(await rebuild.kill()).toBe('SIGKILL');
    rebuild = undefined;
    expect(await checkpointOf(url, DISCLOSURES)).toEqual(checkpoint);
    await expectServedIntactAndLive();
  }, 240_000);

  it('leaves them as they were when killed while its swap waits for a table, and frees the checkpoints it held', async () => {
    const reader = new Client({ connectionString: url });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM read_models.disclosures'); // a long read: the swap waits for it
      rebuild = startRebuild();
      await waitFor(
        async () =>
          (
            await sql(
              url,
              `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND query LIKE 'LOCK TABLE %disclosures%'`,
            )
          ).length > 0
            ? true
            : undefined,
        120_000,
        'swap waiting for the live tables',
      );
      expect(await rebuild.kill()).toBe('SIGKILL');
      rebuild = undefined;
      await reader.query('COMMIT');
    } finally {
      await reader.end();
    }
    // The killed swap's backend gives up at its lock_timeout and rolls back, releasing the checkpoints.
    await expectServedIntactAndLive();
  }, 240_000);

  it('drops what the killed runs left, swaps in complete tables, and the live projector goes on from them', async () => {
    expect((await copies()).length).toBeGreaterThan(0); // left by the kills above
    rebuild = startRebuild();
    await rebuild.waitForOutput(/"rebuilt"/, 180_000);
    await waitFor(async () => (rebuild!.process.exitCode === null ? undefined : rebuild!.process.exitCode), 30_000, 'rebuild exited');
    expect(rebuild.process.exitCode).toBe(0);
    // The register was folded in the second thread (loaded through this process's TypeScript loader).
    expect(readFileSync(rebuild.logFile, 'utf8')).toMatch(/"threaded": \[[^\]]*"achievement-register"/);
    rebuild = undefined;
    expect(await copies()).toEqual([]);
    await expectServedIntactAndLive();
  }, 300_000);
});
