// A rebuild's second thread (ADR 27): folds its group of projections into the fresh tables the main
// thread created, with its own reads of the store, its own fold and its own writer. Started by
// `RebuildThread`; the copies, their finish and the swap stay with the main thread.
import { PostgresEventStore, START_OF_ALL } from '@chengguo/eventstore';
import { parentPort, workerData } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { createReadModelDataSource, ReadModelModule } from './data-source';
import { RebuildTarget } from './page-unit-of-work';
import { Projection } from './projection';
import { FillPass, newTimings, replayPages } from './rebuild-fill';
import { RebuildThreadInit, ThreadReply, ThreadRequest } from './rebuild-threads';

interface Loaded {
  projections: Projection[];
  store: PostgresEventStore;
  dataSource: DataSource;
}

async function load(init: RebuildThreadInit): Promise<Loaded> {
  // The same module the main thread's projections come from: the same projections, and the
  // upcasters its processes register on load.
  const source = (await import(init.source.module)) as Record<string, unknown>;
  const all = source[init.source.projections] as readonly Projection[];
  const projections = init.names.map((name) => {
    const projection = all.find((p) => p.name === name);
    if (!projection) throw new Error(`rebuild thread: no projection ${name} in ${init.source.module}`);
    return projection;
  });
  const store = new PostgresEventStore({ connectionString: init.eventStoreUrl, poolSize: 2 });
  const dataSource = createReadModelDataSource(init.readModelUrl, source[init.source.readModels] as ReadModelModule[]);
  await dataSource.initialize();
  return { projections, store, dataSource };
}

function serve(port: NonNullable<typeof parentPort>, init: RebuildThreadInit): void {
  const loaded = load(init);
  // Said once loaded (before it, the thread reads and writes nothing); a failure is reported to each request below.
  loaded.then(
    () => port.postMessage({ loaded: true }),
    () => undefined,
  );
  let fill: FillPass | null = null;
  let timings: ReturnType<typeof newTimings> | null = null;
  // One request at a time, in order (the main thread asks for the next pass once this one answered).
  let queue = Promise.resolve();
  port.on('message', (request: ThreadRequest) => {
    queue = queue.then(async () => {
      let reply: ThreadReply;
      try {
        const { projections, store, dataSource } = await loaded;
        if (request.kind === 'close') {
          await fill?.drain();
          await dataSource.destroy();
          await store.close();
          reply = { id: request.id, position: null, timings: timings ?? newTimings(projections, 'fresh tables'), applied: [] };
        } else {
          timings ??= newTimings(projections, 'fresh tables');
          fill ??= new FillPass(dataSource, new RebuildTarget(new Map(request.redirects)), projections, timings);
          const pass = fill;
          const types = [...new Set(projections.flatMap((p) => p.eventTypes))];
          const position = await replayPages(store, types, request.from ?? START_OF_ALL, (page) => pass.apply(page), timings);
          await pass.drain();
          reply = { id: request.id, position, timings, applied: [...pass.applied] };
        }
      } catch (error) {
        const { message, stack, code } = error as { message?: string; stack?: string; code?: string };
        // Not loaded: nothing was read or written, the main thread may fold these projections itself.
        const notLoaded = await loaded.then(
          () => false,
          () => true,
        );
        reply = { id: request.id, error: { message: message ?? String(error), stack, code, notLoaded } };
      }
      port.postMessage(reply);
    });
  });
}

if (parentPort) serve(parentPort, workerData as RebuildThreadInit);
