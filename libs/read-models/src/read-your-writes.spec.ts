import { newId, PostgresEventStore } from '@chengguo/eventstore';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/databases';
import { loadCheckpoint } from './checkpoints';
import { createReadModelDataSource, migrateReadModels } from './data-source';
import { Projection } from './projection';
import { parseProgressPayload, progressPayload } from './projection-progress';
import { Projector, projectorSubscriber } from './projector';
import { parseReadAfter, parseWaitMs, ReadYourWrites } from './read-your-writes';

describe('read your writes: parsing the headers', () => {
  it('reads writes as commands answered them, up to eight, and refuses anything else with 422 READ_AFTER_INVALID', () => {
    expect(parseReadAfter(undefined)).toEqual([]);
    expect(parseReadAfter('disclosure-0b7e3c9a-5f7e-4c51-9a52-1d0c4f1b2a11@3')).toEqual([
      { streamId: 'disclosure-0b7e3c9a-5f7e-4c51-9a52-1d0c4f1b2a11', revision: 3 },
    ]);
    expect(parseReadAfter(' a-1@0 , disclosure-policy@12')).toEqual([
      { streamId: 'a-1', revision: 0 },
      { streamId: 'disclosure-policy', revision: 12 },
    ]);
    for (const bad of ['', '@3', 'a-1', 'a-1@', 'a-1@-1', 'a-1@1.5', 'a 1@2', 'a-1@1234567890123456', Array(9).fill('a@1').join(',')]) {
      expect(() => parseReadAfter(bad)).toThrow(expect.objectContaining({ status: 422, code: 'READ_AFTER_INVALID' }));
    }
  });

  it('waits 2,000 ms unless told 0–10,000', () => {
    expect(parseWaitMs(undefined)).toBe(2_000);
    expect(parseWaitMs('0')).toBe(0);
    expect(parseWaitMs('10000')).toBe(10_000);
    for (const bad of ['', '-1', '10001', '1e3', 'soon', '2.5']) {
      expect(() => parseWaitMs(bad)).toThrow(expect.objectContaining({ status: 422, code: 'READ_AFTER_INVALID' }));
    }
  });

  it('round-trips the progress announcement and ignores foreign payloads', () => {
    const position = { commit: 9_007_199_254_740_993n, prepare: 42n };
    expect(parseProgressPayload(progressPayload('projector:disclosures', position))).toEqual({
      subscriber: 'projector:disclosures',
      position,
    });
    expect(parseProgressPayload('hello')).toBeNull();
    expect(parseProgressPayload(undefined)).toBeNull();
  });
});

/** Counts notes of one type; reads nothing of the other. */
const noted = (name: string, type: string): Projection => ({
  name,
  eventTypes: [type],
  async apply(event, page) {
    await page.manager.query(`INSERT INTO ryw_spec.seen (projection, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      name,
      event.eventId,
    ]);
  },
  async reset(manager) {
    await manager.query('DELETE FROM ryw_spec.seen WHERE projection = $1', [name]);
  },
});

describe('read your writes: waiting for the projector', () => {
  let url: string;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let readYourWrites: ReadYourWrites;
  const apples = noted('ryw-apples', 'AppleNoted');
  const pears = noted('ryw-pears', 'PearNoted');
  const subscribers = [projectorSubscriber(apples), projectorSubscriber(pears)];

  beforeAll(async () => {
    url = await createTestDatabase('ryw');
    // The pollMs is long on purpose: only announcements may make these waits short.
    store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 5_000 });
    await store.migrate();
    dataSource = createReadModelDataSource(url, []);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    await dataSource.query('CREATE SCHEMA ryw_spec');
    await dataSource.query('CREATE TABLE ryw_spec.seen (projection text, event_id uuid, PRIMARY KEY (projection, event_id))');
    readYourWrites = new ReadYourWrites(store, dataSource);
  });

  afterAll(async () => {
    await readYourWrites.onApplicationShutdown();
    await dataSource?.destroy();
    await store?.close();
  });

  const metadata = () => ({
    occurredAt: new Date().toISOString(),
    actor: { userId: 'spec', role: 'system' },
    correlationId: 'ryw-spec',
    causationId: null,
  });
  const apple = () => ({ eventId: newId(), type: 'AppleNoted', schemaVersion: 1, data: {}, metadata: metadata() });

  async function write(streamId: string): Promise<{ streamId: string; revision: number }> {
    const result = await store.append(streamId, [apple()], 'any');
    return { streamId, revision: result.nextExpectedRevision };
  }

  it('resolves the position of a write from its stream and revision, and none for a write the store does not hold', async () => {
    const written = await write(`basket-${newId()}`);
    const [event] = await store.readStream(written.streamId);
    expect(await readYourWrites.positionOf([written])).toEqual(event.position);
    expect(await readYourWrites.positionOf([{ streamId: written.streamId, revision: 7 }])).toBeNull();
    expect(await readYourWrites.positionOf([{ streamId: `basket-${newId()}`, revision: 0 }])).toBeNull();
  });

  it('answers once every projection has passed the write, also one that reads nothing of it', async () => {
    const projector = new Projector(store, dataSource, [apples, pears]);
    await projector.start();
    try {
      const written = await write(`basket-${newId()}`);
      const target = (await readYourWrites.positionOf([written]))!;
      expect(await readYourWrites.waitFor(subscribers, target, 10_000)).toBe(true);
      expect(await dataSource.query('SELECT projection FROM ryw_spec.seen')).toEqual(
        expect.arrayContaining([{ projection: 'ryw-apples' }]),
      );
      // The pear projection applied nothing, yet its checkpoint stands at the write.
      const pearCheckpoint = await loadCheckpoint(dataSource.manager, projectorSubscriber(pears));
      expect(pearCheckpoint).toBeDefined();
      expect(pearCheckpoint!.commit >= target.commit).toBe(true);
      // Already there: answered from the checkpoints at once.
      expect(await readYourWrites.waitFor(subscribers, target, 0)).toBe(true);
    } finally {
      await projector.stop();
    }
  });

  it('times out while the projector is stopped, and answers once it is started again', async () => {
    const written = await write(`basket-${newId()}`);
    const target = (await readYourWrites.positionOf([written]))!;
    const started = performance.now();
    expect(await readYourWrites.waitFor(subscribers, target, 300)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    const waiting = readYourWrites.waitFor(subscribers, target, 10_000);
    const projector = new Projector(store, dataSource, [apples, pears]);
    await projector.start();
    try {
      expect(await waiting).toBe(true);
    } finally {
      await projector.stop();
    }
  });

  it('never moves a checkpoint back, nor past a reset made while the projection was stopped (rebuild)', async () => {
    const projector = new Projector(store, dataSource, [apples, pears]);
    await projector.start();
    try {
      const written = await write(`basket-${newId()}`);
      const target = (await readYourWrites.positionOf([written]))!;
      expect(await readYourWrites.waitFor(subscribers, target, 10_000)).toBe(true);
      await projector.rebuild('ryw-pears');
      expect(await readYourWrites.waitFor(subscribers, target, 10_000)).toBe(true);
      const apples = (await dataSource.query("SELECT count(*)::int AS n FROM ryw_spec.seen WHERE projection = 'ryw-apples'"))[0].n;
      expect(apples).toBe(await store.countEvents());
    } finally {
      await projector.stop();
    }
  });
});

describe('the projector’s live pages', () => {
  let url: string;
  let dataSource: DataSource;
  let store: PostgresEventStore;

  /** Notes the transaction that applied each event; throws on a `Rotten` one if told to. */
  const transactions = (name: string, rejectRotten = false): Projection => ({
    name,
    eventTypes: ['PlumNoted', 'Rotten'],
    async apply(event, page) {
      if (event.type === 'Rotten' && rejectRotten) throw new Error(`${name} refuses rotten plums`);
      await page.manager.query(
        'INSERT INTO live_spec.applied (projection, event_id, txid) VALUES ($1, $2, txid_current()) ON CONFLICT DO NOTHING',
        [name, event.eventId],
      );
    },
    async reset(manager) {
      await manager.query('DELETE FROM live_spec.applied WHERE projection = $1', [name]);
    },
  });

  beforeAll(async () => {
    url = await createTestDatabase('ryw_live');
    store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 5_000 });
    await store.migrate();
    dataSource = createReadModelDataSource(url, []);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    await dataSource.query('CREATE SCHEMA live_spec');
    await dataSource.query(
      'CREATE TABLE live_spec.applied (projection text, event_id uuid, txid bigint, PRIMARY KEY (projection, event_id))',
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
  });

  const plum = (type = 'PlumNoted') => ({
    eventId: newId(),
    type,
    schemaVersion: 1,
    data: {},
    metadata: { occurredAt: new Date().toISOString(), actor: { userId: 'spec', role: 'system' }, correlationId: 'live', causationId: null },
  });

  async function until(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  const checkpointOf = async (name: string) => loadCheckpoint(dataSource.manager, projectorSubscriber({ name } as Projection));

  it('commits a page of $all for every projection in one transaction, each checkpoint moved with its rows', async () => {
    const projections = ['live-a', 'live-b', 'live-c'].map((name) => transactions(name));
    const projector = new Projector(store, dataSource, projections);
    await projector.start();
    try {
      // Once every subscription is live and at the head, they read the next page together.
      const caughtUp = async () => {
        const [last] = (await store.readAll({ maxCount: 1_000 })).slice(-1);
        for (const name of ['live-a', 'live-b', 'live-c'])
          await until(async () => (await checkpointOf(name))?.commit === last.position.commit);
        return last;
      };
      await store.append(`plums-${newId()}`, [plum()], 'any');
      await caughtUp();
      await new Promise((r) => setTimeout(r, 100));
      const page = [plum(), plum()];
      await store.append(`plums-${newId()}`, page, 'any');
      const last = await caughtUp();
      const rows: Array<{ projection: string; txid: string }> = await dataSource.query(
        'SELECT projection, txid FROM live_spec.applied WHERE event_id = ANY($1)',
        [page.map((e) => e.eventId)],
      );
      expect(rows).toHaveLength(6);
      expect(new Set(rows.map((r) => r.txid)).size).toBe(1);
      for (const name of ['live-a', 'live-b', 'live-c']) expect(await checkpointOf(name)).toEqual(last.position);
    } finally {
      await projector.stop();
    }
  });

  it('stops only the projection that fails: the others apply the page and move on', async () => {
    const healthy = transactions('live-healthy');
    const failing = transactions('live-failing', true);
    const projector = new Projector(store, dataSource, [healthy, failing]);
    await projector.start();
    try {
      await until(async () => (await checkpointOf('live-failing')) !== undefined);
      const before = await checkpointOf('live-failing');
      await store.append(`plums-${newId()}`, [plum('Rotten')], 'any');
      await store.append(`plums-${newId()}`, [plum()], 'any');
      const [last] = await store.readAll({ maxCount: 1_000 }).then((all) => all.slice(-1));
      await until(async () => (await checkpointOf('live-healthy'))?.commit === last.position.commit);
      expect(await checkpointOf('live-healthy')).toEqual(last.position);
      expect(await checkpointOf('live-failing')).toEqual(before);
      const failed: Array<{ n: number }> = await dataSource.query(
        `SELECT count(*)::int AS n FROM live_spec.applied WHERE projection = 'live-failing' AND event_id = $1`,
        [(await store.readAll({ maxCount: 1_000 })).find((e) => e.type === 'Rotten')!.eventId],
      );
      expect(failed[0].n).toBe(0);
    } finally {
      await projector.stop();
    }
  });
});
