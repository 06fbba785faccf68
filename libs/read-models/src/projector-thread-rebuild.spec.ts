import { newId, PostgresEventStore } from '@chengguo/eventstore';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  FAILS_IN_A_THREAD,
  THREAD_SPEC_PROJECTIONS,
  THREAD_SPEC_READ_MODELS,
  THREAD_SPEC_SOURCE,
} from '../../../test/fixtures/thread-rebuild-projections';
import { createTestDatabase } from '../../../test/support/databases';
import { loadCheckpoint } from './checkpoints';
import { createReadModelDataSource, migrateReadModels } from './data-source';
import { Projector, ProjectorOptions, projectorSubscriber } from './projector';
import { splitInTwo } from './rebuild-threads';

/** The thread runs the TypeScript sources as jest does, transpiled on require. */
const REGISTER_TS = join(__dirname, '../../../test/faults/support/register-ts.js');

describe('splitInTwo', () => {
  const p = (name: string, ...eventTypes: string[]) => ({ name, eventTypes });
  const weights: Record<string, number> = { A: 70, B: 30, C: 5, S: 10 };
  const weight = (t: string) => weights[t] ?? 0;

  it('puts the two heaviest readers of different types apart, and one reading nothing where it adds least', () => {
    const [one, two] = splitInTwo([p('b', 'B'), p('a', 'A'), p('none', 'X')], weight);
    expect(one.map((x) => x.name)).toEqual(['a']);
    expect(two.map((x) => x.name)).toEqual(['b', 'none']);
  });

  it('keeps readers of the same types together when that saves decoding them twice', () => {
    const [one, two] = splitInTwo([p('a', 'A'), p('s1', 'S', 'C'), p('s2', 'S', 'C'), p('b', 'B')], weight);
    expect(one.map((x) => x.name)).toEqual(['a']);
    expect(two.map((x) => x.name)).toEqual(['s1', 's2', 'b']);
  });

  it('leaves the second group empty for a single projection', () => {
    expect(splitInTwo([p('a', 'A')], weight)).toEqual([[p('a', 'A')], []]);
  });
});

/**
 * A rebuild into fresh tables with its projections in two groups, one folded in a worker thread
 * that loads them from a module (ADR 27): the same rows as the live projections, each group's
 * checkpoint where it was read to, live again afterwards; a failure in the thread fails the rebuild
 * with the live tables and checkpoints as they were.
 */
describe('projector rebuild with a second thread', () => {
  let url: string;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let options: ProjectorOptions;

  beforeAll(async () => {
    url = await createTestDatabase('projector_thread');
    store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 20 });
    await store.migrate();
    dataSource = createReadModelDataSource(url, THREAD_SPEC_READ_MODELS);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    await dataSource.query('CREATE SCHEMA thread_spec');
    for (const table of ['apples', 'pears'])
      await dataSource.query(`CREATE TABLE thread_spec.${table} (stream_id text PRIMARY KEY, n integer NOT NULL, notes jsonb NOT NULL)`);
    // A thread even for a few thousand events (by default only from 150,000 in its group).
    options = { rebuildThread: { source: THREAD_SPEC_SOURCE, eventStoreUrl: url, execArgv: ['--require', REGISTER_TS], minEvents: 0 } };
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
  });

  const metadata = {
    occurredAt: '2026-11-30T08:00:00.000Z',
    actor: { userId: 'spec', role: 'system' },
    correlationId: 'thread-spec',
    causationId: null,
  };
  const event = (type: string, note: string) => ({ eventId: newId(), type, schemaVersion: 1, data: { note }, metadata });
  const rows = async () => ({
    apples: await dataSource.query('SELECT stream_id, n, notes FROM thread_spec.apples ORDER BY stream_id'),
    pears: await dataSource.query('SELECT stream_id, n, notes FROM thread_spec.pears ORDER BY stream_id'),
  });
  const checkpoints = async () =>
    Promise.all(
      THREAD_SPEC_PROJECTIONS.map(async (p) => {
        const position = await loadCheckpoint(dataSource.manager, projectorSubscriber(p));
        return position ? `${position.commit}/${position.prepare}` : 'none';
      }),
    );
  const waitUntil = async (condition: () => Promise<boolean> | boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  /** Streams of apples (twice as many) and pears, 150 events each: pages of 2,000 in both groups. */
  const append = async (applesStreams: number, pearStreams: number, size: number) => {
    for (const [type, count, prefix] of [
      ['AppleCounted', applesStreams, 'apple'],
      ['PearCounted', pearStreams, 'pear'],
    ] as const) {
      for (let s = 0; s < count; s++) {
        const id = `${prefix}-${s}`;
        const current = (await store.readStream(id)).length;
        const events = Array.from({ length: size }, (_, i) => event(type, `${id}:${current + i}`));
        await store.append(id, events, current === 0 ? 'no_stream' : current - 1);
      }
    }
  };

  it('folds the lighter group in a thread into the rows the live projections wrote, and goes on live', async () => {
    const projector = new Projector(store, dataSource, THREAD_SPEC_PROJECTIONS, options);
    await projector.start();
    try {
      await append(20, 10, 150);
      await waitUntil(() => projector.appliedCount === 4_500);
      const live = await rows();
      expect(live.apples).toHaveLength(20);
      expect(live.pears).toHaveLength(10);

      await projector.rebuild();
      expect(projector.lastRebuild).toMatchObject({ mode: 'fresh tables', threaded: ['thread-spec-pears'], events: 4_500 });
      expect(projector.lastRebuild!.applyMs['thread-spec-pears']).toBeGreaterThan(0);
      expect(await rows()).toEqual(live);
      // Each group's checkpoint: the head, asked for before the groups read.
      const all = await store.readAll({ maxCount: 10_000 });
      const head = all[all.length - 1].position;
      expect(await checkpoints()).toEqual([`${head.commit}/${head.prepare}`, `${head.commit}/${head.prepare}`]);

      // Live again from those checkpoints: nothing applied twice, nothing skipped.
      await append(1, 1, 1);
      await waitUntil(async () => (await rows()).pears[0].n === 151 && (await rows()).apples[0].n === 151);
      expect((await rows()).pears[0].notes.slice(-1)).toEqual(['pear-0:150']);
    } finally {
      await projector.stop();
    }
  });

  it('folds the thread group on the main thread when the thread cannot load it (here: TypeScript without a loader)', async () => {
    const served = await rows();
    const noLoader: ProjectorOptions = { rebuildThread: { ...options.rebuildThread!, execArgv: [] } };
    const projector = new Projector(store, dataSource, THREAD_SPEC_PROJECTIONS, noLoader);
    await projector.rebuild();
    expect(projector.lastRebuild).toMatchObject({ threaded: [], threadError: expect.stringContaining('.ts') });
    expect(projector.lastRebuild!.applyMs['thread-spec-pears']).toBeGreaterThan(0);
    expect(await rows()).toEqual(served);
    const all = await store.readAll({ maxCount: 10_000 });
    const head = all[all.length - 1].position;
    expect(await checkpoints()).toEqual([`${head.commit}/${head.prepare}`, `${head.commit}/${head.prepare}`]);
  });

  it('fails the rebuild when the thread fails: live tables and checkpoints as they were, no copies left', async () => {
    await store.append('pear-3', [event('PearCounted', FAILS_IN_A_THREAD)], 149);
    const live = new Projector(store, dataSource, THREAD_SPEC_PROJECTIONS);
    await live.start();
    await waitUntil(async () => (await rows()).pears[3].n === 151);
    await live.stop();
    const served = await rows();
    const before = await checkpoints();

    const projector = new Projector(store, dataSource, THREAD_SPEC_PROJECTIONS, options);
    await expect(projector.rebuild()).rejects.toThrow('thread-spec-pears refuses pear-3@150');
    expect(projector.lastRebuild?.threaded).toEqual(['thread-spec-pears']);
    expect(await rows()).toEqual(served);
    expect(await checkpoints()).toEqual(before);
    expect(await dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_\\_%'`)).toEqual([]);

    // In one thread (no thread's options) the same rebuild goes through.
    const single = new Projector(store, dataSource, THREAD_SPEC_PROJECTIONS);
    await single.rebuild();
    expect(single.lastRebuild?.threaded).toEqual([]);
    expect(await rows()).toEqual(served);
  });

  it('ends the thread on stop: the rebuild fails, the live tables and checkpoints as they were', async () => {
    const served = await rows();
    const before = await checkpoints();
    const projector = new Projector(store, dataSource, THREAD_SPEC_PROJECTIONS, options);
    const rebuilding = projector.rebuild();
    rebuilding.catch(() => undefined);
    // The copies are made once the thread has been started (it is still loading its modules).
    await waitUntil(async () => (await dataSource.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'rebuild__thread_spec'`)).length > 0);
    await projector.stop();
    await expect(rebuilding).rejects.toThrow('rebuild thread terminated');
    expect(await rows()).toEqual(served);
    expect(await checkpoints()).toEqual(before);
    expect(await dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_\\_%'`)).toEqual([]);
  });
});
