/**
 * The worker's projector on its own (item 21.4): every process's projection, as apps/worker runs
 * them, in a process of its own so that the API under measurement does not share its event loop.
 * Started by read-your-writes.ts with DATABASE_URL; prints "ready" once running, and "cpu <µs>" on SIGUSR2.
 */
import 'reflect-metadata';
import { PostgresEventStore } from '@chengguo/eventstore';
import { PROCESS_PROJECTIONS, PROCESS_READ_MODELS } from '@chengguo/processes';
import { createReadModelDataSource, migrateReadModels, Projector } from '@chengguo/read-models';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const store = new PostgresEventStore({ connectionString: url });
  await store.migrate();
  const dataSource = createReadModelDataSource(url, PROCESS_READ_MODELS);
  await dataSource.initialize();
  await migrateReadModels(dataSource);
  const projector = new Projector(store, dataSource, PROCESS_PROJECTIONS);
  await projector.start();
  process.once('SIGTERM', () => {
    void projector
      .stop()
      .then(() => Promise.all([dataSource.destroy(), store.close()]))
      .finally(() => process.exit(0));
  });
  // The bench asks for the process's CPU time (µs) before and after a run: a figure load blurs less than latency.
  process.on('SIGUSR2', () => {
    const used = process.cpuUsage();
    process.stdout.write(`cpu ${used.user + used.system}\n`);
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
