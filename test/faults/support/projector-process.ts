/**
 * A projector process of its own for the projector-crash fault test: the real Projector with the
 * real disclosures projection (paused inside each page, see below), nothing else, so the test can
 * SIGKILL it in the middle of a page.
 * Run with `node -r test/faults/support/register-ts.js test/faults/support/projector-process.ts`.
 */
import { disclosureReadModels, disclosuresProjection } from '@chengguo/disclosure';
import { PostgresEventStore } from '@chengguo/eventstore';
import { createReadModelDataSource, migrateReadModels, Projection, Projector } from '@chengguo/read-models';

/**
 * The real projection with a pause inside each page's transaction. A page is applied in a few
 * tens of milliseconds now (rows folded in memory, one bulk write), faster than the test can see
 * progress and kill; the pause keeps every page's transaction open long enough for the SIGKILL to
 * land in the middle of one, which is the scenario under test.
 */
const PAGE_PAUSE_MS = 300;
const slowedDisclosures: Projection = {
  ...disclosuresProjection,
  async prefetch(events, page) {
    await new Promise((r) => setTimeout(r, PAGE_PAUSE_MS));
    await disclosuresProjection.prefetch?.(events, page);
  },
};

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const store = new PostgresEventStore({ connectionString: url });
  const dataSource = createReadModelDataSource(url, [disclosureReadModels]);
  await dataSource.initialize();
  await migrateReadModels(dataSource);
  await new Projector(store, dataSource, [slowedDisclosures]).start();
  process.stdout.write('projector running\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
