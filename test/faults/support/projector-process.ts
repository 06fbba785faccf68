/**
 * A projector process of its own for the projector-crash fault test: the real Projector with the
 * real disclosures projection, nothing else, so the test can SIGKILL it in the middle of a page.
 * Run with `node -r test/faults/support/register-ts.js test/faults/support/projector-process.ts`.
 */
import { disclosureReadModels, disclosuresProjection } from '@chengguo/disclosure';
import { PostgresEventStore } from '@chengguo/eventstore';
import { createReadModelDataSource, migrateReadModels, Projector } from '@chengguo/read-models';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const store = new PostgresEventStore({ connectionString: url });
  const dataSource = createReadModelDataSource(url, [disclosureReadModels]);
  await dataSource.initialize();
  await migrateReadModels(dataSource);
  await new Projector(store, dataSource, [disclosuresProjection]).start();
  process.stdout.write('projector running\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
