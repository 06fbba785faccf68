import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { createTestDatabase } from '../support/databases';

/**
 * The pipe end to end over HTTP: command → event → projector row → Temporal workflow, on real
 * PostgreSQL and the real Temporal dev server.
 */
describe('disclosure slice over HTTP', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let databaseUrl: string;
  let temporal: Client;
  let connection: Connection;

  const inventor = { 'X-Actor-Id': 'li.lei', 'X-Actor-Role': 'inventor' };
  const tto = { 'X-Actor-Id': 'wang.tto', 'X-Actor-Role': 'tto_officer' };
  const body = {
    title: '一种低温固态电池电解质',
    technicalField: 'materials science',
    abstract: 'A solid electrolyte that conducts at -20 °C.',
    inventors: [
      { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
      { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
    ],
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('e2e');
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      EVENT_STORE: 'postgres',
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: `e2e-${Date.now()}`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    });
    api = await createApiApp();
    await api.init();
    worker = await createWorkerApp();
    await worker.init();
    connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
    temporal = new Client({ connection });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await connection?.close();
  });

  async function countEvents(): Promise<number> {
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events');
      return Number(rows[0].n);
    } finally {
      await pg.end();
    }
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('reports every dependency up', async () => {
    const response = await request(api.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({
      status: 'up',
      checks: { eventStore: { status: 'up' }, readModels: { status: 'up' }, temporal: { status: 'up' } },
    });
  });

  it('submits, projects, starts the deadline workflow, and acknowledges', async () => {
    const submitted = await request(api.getHttpServer()).post('/disclosures').set(inventor).send(body).expect(201);
    const { disclosureId, revision, eventIds } = submitted.body as { disclosureId: string; revision: number; eventIds: string[] };
    expect(revision).toBe(0);
    expect(eventIds).toHaveLength(1);
    expect(submitted.headers.location).toBe(`/disclosures/${disclosureId}`);

    const row = await eventually(async () => {
      const res = await request(api.getHttpServer()).get(`/disclosures/${disclosureId}`);
      return res.status === 200 ? res.body : undefined;
    });
    expect(row).toMatchObject({ disclosureId, title: body.title, status: 'submitted', submittedBy: 'li.lei', revision: 0 });

    const deadline = await eventually(async () => {
      const res = await request(api.getHttpServer()).get(`/disclosures/${disclosureId}/acknowledgement-deadline`);
      return res.status === 200 ? res.body : undefined;
    });
    expect(deadline).toMatchObject({ disclosureId, acknowledged: false, overdue: false });
    expect(Date.parse(deadline.dueAt) - Date.parse(row.submittedAt)).toBe(15 * 24 * 60 * 60 * 1000);

    await request(api.getHttpServer())
      .post(`/disclosures/${disclosureId}/acknowledgement`)
      .set(tto)
      .set('If-Match', '"0"')
      .expect(200);

    const handle = temporal.workflow.getHandle(`disclosure-${disclosureId}-acknowledgement`);
    await expect(handle.result()).resolves.toMatchObject({ acknowledged: true, overdue: false });
    await eventually(async () => {
      const res = await request(api.getHttpServer()).get(`/disclosures/${disclosureId}`);
      return res.body.status === 'acknowledged' ? true : undefined;
    });
  });

  it('answers a stale If-Match with 409 and changes nothing', async () => {
    const { body: accepted } = await request(api.getHttpServer()).post('/disclosures').set(inventor).send(body).expect(201);
    const before = await countEvents();
    const res = await request(api.getHttpServer())
      .post(`/disclosures/${accepted.disclosureId}/acknowledgement`)
      .set(tto)
      .set('If-Match', '"5"')
      .expect(409);
    expect(res.body).toMatchObject({ code: 'STALE_REVISION', currentRevision: 0 });
    expect(await countEvents()).toBe(before);
  });

  describe('bad input gets problem+json and appends nothing', () => {
    const cases: Array<[string, () => request.Test, number, string]> = [
      ['shares not totalling 100% (R1)', () => request(api.getHttpServer()).post('/disclosures').set(inventor).send({ ...body, inventors: [{ ...body.inventors[0], shareBasisPoints: 5000 }] }), 422, 'R1_SHARES_NOT_100_PERCENT'],
      ['a submitter who is not an inventor (R1)', () => request(api.getHttpServer()).post('/disclosures').set({ ...inventor, 'X-Actor-Id': 'zhao' }).send(body), 422, 'R1_SUBMITTER_NOT_INVENTOR'],
      ['an unknown field', () => request(api.getHttpServer()).post('/disclosures').set(inventor).send({ ...body, secret: 1 }), 400, 'VALIDATION_FAILED'],
      ['a wrong type', () => request(api.getHttpServer()).post('/disclosures').set(inventor).send({ ...body, title: 42 }), 400, 'VALIDATION_FAILED'],
      ['malformed JSON', () => request(api.getHttpServer()).post('/disclosures').set(inventor).set('Content-Type', 'application/json').send('{"title": '), 400, 'MALFORMED_JSON'],
      ['no actor', () => request(api.getHttpServer()).post('/disclosures').send(body), 401, 'ACTOR_MISSING'],
      ['the wrong role acknowledging', () => request(api.getHttpServer()).post(`/disclosures/00000000-0000-4000-8000-000000000000/acknowledgement`).set(inventor), 403, 'ROLE_NOT_ALLOWED'],
      ['an unknown disclosure', () => request(api.getHttpServer()).post(`/disclosures/00000000-0000-4000-8000-000000000000/acknowledgement`).set(tto), 404, 'DISCLOSURE_NOT_FOUND'],
      ['a malformed id', () => request(api.getHttpServer()).get('/disclosures/not-a-uuid'), 400, 'BAD_REQUEST'],
    ];

    it.each(cases)('%s', async (_, send, status, code) => {
      const before = await countEvents();
      const res = await send().expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code });
      expect(typeof res.body.type).toBe('string');
      expect(typeof res.body.title).toBe('string');
      expect(await countEvents()).toBe(before);
    });
  });
});
