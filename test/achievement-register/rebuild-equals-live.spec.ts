import { PROCESS_PROJECTION_SOURCE, PROCESS_PROJECTIONS, PROCESS_READ_MODELS, PROCESSES } from '@chengguo/processes';
import { PostgresEventStore } from '@chengguo/eventstore';
import {
  createReadModelDataSource,
  isAfter,
  loadCheckpoint,
  migrateReadModels,
  Projector,
  projectorSubscriber,
} from '@chengguo/read-models';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { achievementTemplates, fillAchievements } from '../fixtures/achievements';
import { untilVisible } from '../fixtures/until-visible';
import { createTestDatabase } from '../support/databases';

/** A rebuild thread runs the TypeScript sources as jest does, transpiled on require. */
const REGISTER_TS = join(__dirname, '../faults/support/register-ts.js');

/**
 * A rebuild (one pass into fresh tables, ADR 27) writes exactly the rows the live projections
 * wrote, event by event, for whole achievements: multi-event disclosures (drafted, updated,
 * submitted, acknowledged, evaluated, decided) and register streams up to a granted patent's
 * annuity columns — the same histories the benchmark's store is made of; and so does a rebuild folding
 * half of the projections in a second thread.
 */
describe('rebuild of every projection equals the live projection', () => {
  let url: string;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const projections = PROCESSES.flatMap((p) => p.projections ?? []);

  beforeAll(async () => {
    url = await createTestDatabase('rebuild_live');
    store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 20 });
    dataSource = createReadModelDataSource(url, PROCESS_READ_MODELS);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    // Two copies of every variant (filled and not, granted and not), each under its own id.
    for (const template of achievementTemplates()) await fillAchievements(url, [template], 2);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
  });

  const snapshot = async (): Promise<Record<string, unknown[]>> => ({
    disclosures: await dataSource.query('SELECT * FROM read_models.disclosures ORDER BY disclosure_id'),
    register: await dataSource.query('SELECT * FROM read_models.achievement_register ORDER BY achievement_id'),
  });

  it('writes the same disclosure and register rows as the live projections did', async () => {
    const projector = new Projector(store, dataSource, projections);
    await projector.start();
    try {
      const head = (await store.readAll({ maxCount: 100_000 })).pop()!.position;
      const caughtUp = async () => {
        for (const p of projections) {
          const checkpoint = await loadCheckpoint(dataSource.manager, projectorSubscriber(p));
          if (!checkpoint || isAfter(head, checkpoint)) return false;
        }
        return true;
      };
      expect(await untilVisible(caughtUp, (done) => done, 30_000)).toBe(true);
      const live = await snapshot();
      expect(live.disclosures.length).toBeGreaterThanOrEqual(6);
      expect(live.register.length).toBeGreaterThanOrEqual(6);
      expect(live.register.some((r) => (r as { annuity_status: string | null }).annuity_status === 'due')).toBe(true);

      await projector.rebuild();
      expect(projector.lastRebuild?.mode).toBe('fresh tables');
      expect(await snapshot()).toEqual(live);

      // As `rebuild-read-models` runs it: the register (and the projections with few events) folded
      // in a second thread that loads the same projections from @chengguo/processes (ADR 27).
      const threaded = new Projector(store, dataSource, PROCESS_PROJECTIONS, {
        rebuildThread: { source: PROCESS_PROJECTION_SOURCE, eventStoreUrl: url, execArgv: ['--require', REGISTER_TS], minEvents: 0 },
      });
      await threaded.rebuild();
      expect(threaded.lastRebuild?.threaded).toContain('achievement-register');
      expect(threaded.lastRebuild?.threaded).not.toContain('disclosures');
      expect(await snapshot()).toEqual(live);
    } finally {
      await projector.stop();
    }
  });
});
