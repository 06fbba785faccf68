#!/usr/bin/env node
/**
 * rebuild-read-models: the operator's repair of the read models (`npm run rebuild-read-models`).
 *   rebuild-read-models [--projection NAME ...] [--database-url URL]
 * Rebuilds the projections named (all by default) from the events into fresh tables and swaps them
 * in (ADR 27), beside running workers: the API serves the old rows until the swap's instant, the
 * workers' live projections go on from the swapped checkpoints. Use it when `chengguo-audit verify
 * --read-models` lists differences (someone edited read-model rows), or after a projection's code
 * changed what it writes. Exit 0 rebuilt, 64 usage, 1 failed (the live read models are then as
 * they were; run it again).
 * Connection as the worker's: DATABASE_URL (read models, and the events when EVENT_STORE=postgres),
 * or EVENT_STORE=eventstoredb with EVENTSTORE_CONNECTION_STRING. REBUILD_THREAD_MIN_EVENTS: see ADR 27.
 */
import { EventStore, EventStoreDbEventStore, PostgresEventStore } from '@chengguo/eventstore';
import { apiTables } from '@chengguo/operations';
import { PROCESS_PROJECTION_SOURCE, PROCESS_PROJECTIONS, PROCESS_READ_MODELS } from '@chengguo/processes';
import { createReadModelDataSource, migrateReadModels, Projector } from '@chengguo/read-models';
import { parseArgs } from 'node:util';

export interface RebuildIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
}

const USAGE = 'usage: rebuild-read-models [--projection NAME ...] [--database-url URL]';

export async function rebuildReadModels(argv: string[], io: RebuildIo): Promise<number> {
  let values: { projection?: string[]; 'database-url'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { projection: { type: 'string', multiple: true }, 'database-url': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 64;
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const all = PROCESS_PROJECTIONS;
  const names = values.projection ?? [];
  const unknown = names.filter((name) => !all.some((p) => p.name === name));
  if (unknown.length > 0) {
    io.stderr.write(`unknown projection: ${unknown.join(', ')}\nprojections: ${all.map((p) => p.name).join(', ')}\n`);
    return 64;
  }
  // Events the second thread's half must have for it to start; `Infinity` keeps one thread (ADR 27).
  const minEventsText = io.env.REBUILD_THREAD_MIN_EVENTS?.trim();
  const minEvents = minEventsText ? Number(minEventsText) : undefined;
  if (minEvents !== undefined && !(minEvents >= 0)) {
    io.stderr.write(`REBUILD_THREAD_MIN_EVENTS must be a number of events ≥ 0 or Infinity, not ${JSON.stringify(minEventsText)}\n`);
    return 64;
  }
  const url = values['database-url'] ?? io.env.DATABASE_URL;
  if (!url) {
    io.stderr.write(`No read-model database: pass --database-url or set DATABASE_URL.\n${USAGE}\n`);
    return 64;
  }
  const store: EventStore =
    io.env.EVENT_STORE === 'eventstoredb' && io.env.EVENTSTORE_CONNECTION_STRING
      ? new EventStoreDbEventStore({ connectionString: io.env.EVENTSTORE_CONNECTION_STRING })
      : new PostgresEventStore({ connectionString: url, poolSize: 2 });
  // The same entities and migrations as the worker's, so the tables are there and alike.
  const dataSource = createReadModelDataSource(url, [...PROCESS_READ_MODELS, apiTables]);
  try {
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    const projections = names.length > 0 ? all.filter((p) => names.includes(p.name)) : all;
    // A projector of its own, never started: it rebuilds and swaps; the workers project live. On
    // PostgreSQL half of the projections fold in a second thread (ADR 27).
    const projector = new Projector(
      store,
      dataSource,
      projections,
      store instanceof PostgresEventStore
        ? {
            rebuildThread: {
              source: PROCESS_PROJECTION_SOURCE,
              eventStoreUrl: url,
              minEvents,
            },
          }
        : {},
    );
    await projector.rebuild();
    const timings = projector.lastRebuild!;
    io.stdout.write(
      `${JSON.stringify(
        {
          rebuilt: projections.map((p) => p.name),
          // Those folded in a second thread (ADR 27).
          threaded: timings.threaded,
          events: timings.events,
          seconds: Math.round(timings.totalMs) / 1000,
          phases: { fillMs: Math.round(timings.fillMs), finishMs: Math.round(timings.finishMs), swapMs: Math.round(timings.swapMs) },
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`rebuild failed, the read models are as they were: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await store.close().catch(() => undefined);
  }
}

if (require.main === module) {
  rebuildReadModels(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
