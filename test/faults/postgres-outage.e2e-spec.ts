import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { as, disclosureContent } from '../fixtures/http-flows';
import { startPostgres, stopPostgres, TestPostgres } from '../support/processes';
import { crashPostgres, restartPostgres, sql, waitFor } from './support/fault-support';

/**
 * Fault (3): PostgreSQL stops under a running api and worker (a cluster of this file's own, so it
 * can be stopped). Every command and query answers 503 problem+json DEPENDENCY_UNAVAILABLE, /health
 * says which dependency is down, nothing partial is written, and the same processes (no restart)
 * recover by themselves once PostgreSQL is back on its data directory and port.
 */
describe('fault: PostgreSQL stopped under the api and the worker', () => {
  let pg: TestPostgres;
  let pgRunning = false;
  let api: INestApplication;
  let worker: INestApplicationContext;
  const li = as('li.lei', 'inventor');
  const tto = as('wang.tto', 'tto_officer');
  const sole = [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10000 }];
  const pair = [
    { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
    { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
  ];
  const http = () => request(api.getHttpServer());

  // The commands' own streams: the worker's reactions and timed audit checkpoints write elsewhere meanwhile.
  const countEvents = async () =>
    Number(
      (await sql<{ n: string }>(pg.adminUrl, "SELECT count(*) AS n FROM event_store.events WHERE stream_id LIKE 'disclosure-%'"))[0].n,
    );
  const countStreams = async () =>
    Number(
      (await sql<{ n: string }>(pg.adminUrl, "SELECT count(*) AS n FROM event_store.streams WHERE stream_id LIKE 'disclosure-%'"))[0].n,
    );

  function expectUnavailable(res: request.Response): void {
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
  }

  beforeAll(async () => {
    pg = await startPostgres();
    pgRunning = true;
    Object.assign(process.env, {
      DATABASE_URL: pg.adminUrl,
      EVENT_STORE: 'postgres',
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: `fault-postgres-${Date.now()}`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'fatal',
    });
    api = await createApiApp();
    await api.init();
    worker = await createWorkerApp();
    await worker.init();
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    if (pg) {
      if (pgRunning) stopPostgres(pg.dataDir);
      rmSync(pg.dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers 503 problem+json while it is down, writes nothing partial, and recovers without a restart', async () => {
    const { body } = await http().post('/disclosures').set(li).send(disclosureContent(sole)).expect(201);
    const existing: string = body.disclosureId;
    await waitFor(
      async () => ((await http().get(`/disclosures/${existing}`).set(li)).status === 200 ? true : undefined),
      15_000,
      'projected',
    );
    const eventsBefore = await countEvents();
    const streamsBefore = await countStreams();
    expect((await http().get('/health')).status).toBe(200);

    stopPostgres(pg.dataDir);
    pgRunning = false;

    // Commands: a new stream, and a command on an existing one (load → decide → append).
    expectUnavailable(await http().post('/disclosures').set(li).send(disclosureContent(sole)));
    expectUnavailable(await http().post(`/disclosures/${existing}/submission`).set(li));
    // Queries: the read models.
    expectUnavailable(await http().get(`/disclosures/${existing}`).set(li));
    expectUnavailable(await http().get('/disclosures/mine').set(li));
    expectUnavailable(await http().get('/disclosures/queue').set(tto));
    // Health names what is down.
    const down = await http().get('/health');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'down',
      checks: { eventStore: { status: 'down' }, readModels: { status: 'down' }, temporal: { status: 'up' } },
    });

    restartPostgres(pg.dataDir, pg.port);
    pgRunning = true;

    // Same processes: they reconnect on their own.
    const up = await waitFor(
      async () => {
        const res = await http().get('/health');
        return res.status === 200 ? res.body : undefined;
      },
      30_000,
      'health up again',
    );
    expect(up).toMatchObject({ status: 'up', checks: { eventStore: { status: 'up' }, readModels: { status: 'up' } } });
    // Nothing from the refused commands was written, not even an empty stream row.
    expect(await countEvents()).toBe(eventsBefore);
    expect(await countStreams()).toBe(streamsBefore);

    await waitFor(
      async () => ((await http().get(`/disclosures/${existing}`).set(li)).status === 200 ? true : undefined),
      15_000,
      'queries again',
    );
    await http().post(`/disclosures/${existing}/submission`).set(li).expect(200);
    const created = await http().post('/disclosures').set(li).send(disclosureContent(sole)).expect(201);
    expect(await countEvents()).toBe(eventsBefore + 2);
    // The worker's projector resumed from its checkpoint too.
    await waitFor(
      async () => ((await http().get(`/disclosures/${existing}`).set(li)).body.status === 'confirmed' ? true : undefined),
      20_000,
      'submission projected',
    );
    await waitFor(
      async () => ((await http().get(`/disclosures/${created.body.disclosureId}`).set(li)).status === 200 ? true : undefined),
      20_000,
      'new draft projected',
    );
    const mine = await http().get('/disclosures/mine').set(li).expect(200);
    expect(mine.body.items.map((d: { disclosureId: string }) => d.disclosureId).sort()).toEqual(
      [existing, created.body.disclosureId].sort(),
    );
  }, 120_000);

  it('a crash in the middle of commands leaves each command whole or absent, never half', async () => {
    // A submission with a co-inventor appends two events in one call (submitted + confirmation round opened).
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      const { body } = await http().post('/disclosures').set(li).send(disclosureContent(pair)).expect(201);
      ids.push(body.disclosureId);
    }
    // Four clients submit one after another; the cluster crashes once six have gone through, with
    // others in flight, and the rest arrive while it is down.
    const outcomes: Array<{ id: string; res: request.Response }> = [];
    let next = 0;
    let accepted = 0;
    let crash: Promise<void> | undefined;
    const client = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const res = await http().post(`/disclosures/${id}/submission`).set(li);
        outcomes.push({ id, res });
        if (res.status === 200 && ++accepted === 6) {
          crash = crashPostgres(pg.dataDir);
          pgRunning = false;
        }
      }
    };
    await Promise.all([client(), client(), client(), client()]);
    await crash;
    expect(accepted).toBeGreaterThanOrEqual(6);
    expect(outcomes.some((o) => o.res.status === 503)).toBe(true);
    for (const { res } of outcomes) {
      // Never a 500: either it was appended, or the caller is told to retry (and nothing half-written stays).
      expect([200, 503]).toContain(res.status);
      if (res.status === 503) expect(res.body.code).toBe('DEPENDENCY_UNAVAILABLE');
    }

    restartPostgres(pg.dataDir, pg.port);
    pgRunning = true;
    await waitFor(async () => ((await http().get('/health')).status === 200 ? true : undefined), 30_000, 'health up again');

    for (const { id, res } of outcomes) {
      const types = (
        await sql<{ event_type: string }>(
          pg.adminUrl,
          'SELECT event_type FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision',
          [`disclosure-${id}`],
        )
      ).map((r) => r.event_type);
      if (res.status === 200) expect(types).toEqual(['DisclosureDrafted', 'DisclosureSubmitted', 'SignOffRoundOpened']);
      else expect([['DisclosureDrafted'], ['DisclosureDrafted', 'DisclosureSubmitted', 'SignOffRoundOpened']]).toContainEqual(types);
      const [stream] = await sql<{ revision: string }>(
        pg.adminUrl,
        'SELECT revision::text AS revision FROM event_store.streams WHERE stream_id = $1',
        [`disclosure-${id}`],
      );
      expect(Number(stream.revision)).toBe(types.length - 1);
    }
    // The refused ones can simply be retried: the API serves again without a restart.
    for (const { id } of outcomes.filter((o) => o.res.status === 503)) {
      const retry = await http().post(`/disclosures/${id}/submission`).set(li);
      expect([200, 409, 422]).toContain(retry.status);
    }
  }, 120_000);
});
