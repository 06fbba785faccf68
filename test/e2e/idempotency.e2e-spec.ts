import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { IDEMPOTENCY_LEASE_SECONDS } from '../../apps/api/src/idempotency/idempotency.guard';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { RunningApps, startApps } from '../fixtures/apps';
import { disclosureContent } from '../fixtures/http-flows';
import { as, devToken } from '../support/tokens';

/** Idempotency-Key on command endpoints: same key and body → the original answer, nothing appended. */
describe('idempotent commands', () => {
  let apps: RunningApps;
  let api: INestApplication;
  const li = as('li.lei', 'inventor');
  const content = disclosureContent([{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }]);

  beforeAll(async () => {
    apps = await startApps('idempotency', { worker: false });
    api = apps.api;
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  const events = () => apps.eventCount();

  it('answers a retry with the original response and appends nothing', async () => {
    const first = await http().post('/disclosures').set(li).set('Idempotency-Key', 'draft-0001-abcdef').send(content).expect(201);
    const before = await events();
    const retry = await http().post('/disclosures').set(li).set('Idempotency-Key', 'draft-0001-abcdef').send(content).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replay']).toBe('true');
    expect(await events()).toBe(before);

    await http()
      .post(`/disclosures/${first.body.disclosureId}/submission`)
      .set(li)
      .set('Idempotency-Key', 'submit-0001-abcdef')
      .expect(200);
    const afterSubmit = await events();
    const again = await http()
      .post(`/disclosures/${first.body.disclosureId}/submission`)
      .set(li)
      .set('Idempotency-Key', 'submit-0001-abcdef')
      .expect(200);
    expect(again.body.eventIds).toHaveLength(1);
    expect(await events()).toBe(afterSubmit);
  });

  describe('a key whose first request never finished (its holder was killed)', () => {
    const stranded = async (key: string, ageSeconds: number, body: unknown) => {
      // What a crashed holder leaves: the row claimed "in progress", never completed.
      const { createHash } = await import('node:crypto');
      const { canonicalJson } = await import('@chengguo/kernel');
      const hash = createHash('sha256')
        .update(`POST /disclosures\n${canonicalJson(body)}`)
        .digest('hex');
      const pg = new (await import('pg')).Client({ connectionString: apps.databaseUrl });
      await pg.connect();
      try {
        await pg.query(
          `INSERT INTO api.idempotency_keys (user_id, key, request_hash, created_at) VALUES ($1, $2, $3, now() - make_interval(secs => $4))`,
          ['li.lei', key, hash, ageSeconds],
        );
      } finally {
        await pg.end();
      }
    };

    it('answers 409 while the holder may still be running', async () => {
      await stranded('stranded-fresh-0001', 5, content);
      const res = await http().post('/disclosures').set(li).set('Idempotency-Key', 'stranded-fresh-0001').send(content).expect(409);
      expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    });

    it('lets the same request take the key over once the lease has run out, and then replays its answer', async () => {
      await stranded('stranded-stale-0001', IDEMPOTENCY_LEASE_SECONDS + 5, content);
      const first = await http().post('/disclosures').set(li).set('Idempotency-Key', 'stranded-stale-0001').send(content).expect(201);
      const again = await http().post('/disclosures').set(li).set('Idempotency-Key', 'stranded-stale-0001').send(content).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replay']).toBe('true');
    });

    it('never lets a different request take an expired key', async () => {
      await stranded('stranded-other-0001', IDEMPOTENCY_LEASE_SECONDS + 5, content);
      const res = await http()
        .post('/disclosures')
        .set(li)
        .set('Idempotency-Key', 'stranded-other-0001')
        .send({ ...content, title: 'another' })
        .expect(422);
      expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });
  });

  it('refuses the same key with a different body (422) and changes nothing', async () => {
    await http().post('/disclosures').set(li).set('Idempotency-Key', 'draft-0002-abcdef').send(content).expect(201);
    const before = await events();
    const res = await http()
      .post('/disclosures')
      .set(li)
      .set('Idempotency-Key', 'draft-0002-abcdef')
      .send({ ...content, title: 'another' })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await events()).toBe(before);
  });

  it('replays a refusal as the same problem', async () => {
    const { body } = await http()
      .post('/disclosures')
      .set(li)
      .send({ ...content, inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10 }] })
      .expect(201);
    const first = await http()
      .post(`/disclosures/${body.disclosureId}/submission`)
      .set(li)
      .set('Idempotency-Key', 'submit-0003-abcdef')
      .expect(422);
    const retry = await http()
      .post(`/disclosures/${body.disclosureId}/submission`)
      .set(li)
      .set('Idempotency-Key', 'submit-0003-abcdef')
      .expect(422);
    expect(retry.body.code).toBe('R1_SHARES_NOT_100_PERCENT');
    expect(retry.body).toEqual(first.body);
  });

  it('keeps an invalid body’s 422 (found after the key was claimed) and replays it', async () => {
    const invalid = { ...content, title: 42 };
    const first = await http().post('/disclosures').set(li).set('Idempotency-Key', 'invalid-0001-abcdef').send(invalid).expect(422);
    expect(first.body.code).toBe('VALIDATION_FAILED');
    const retry = await http().post('/disclosures').set(li).set('Idempotency-Key', 'invalid-0001-abcdef').send(invalid).expect(422);
    expect(retry.body).toEqual(first.body);
  });

  it('runs concurrent duplicates once: one answer, the other replayed or told to retry, one append', async () => {
    const start = await events();
    await http().post('/disclosures').set(li).send(content).expect(201);
    const before = await events();
    const perDraft = before - start;
    const send = () => http().post('/disclosures').set(li).set('Idempotency-Key', 'draft-race-abcdef').send(content);
    const answers = await Promise.all([send(), send(), send()]);
    const fresh = answers.filter((a) => a.status === 201 && a.headers['idempotent-replay'] === undefined);
    expect(fresh).toHaveLength(1);
    for (const other of answers.filter((a) => a !== fresh[0])) {
      if (other.status === 201) expect(other.body).toEqual(fresh[0].body);
      else expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    }
    expect(await events()).toBe(before + perDraft);
  });

  it('keeps nothing for requests without a key, and answers without a computed ETag', async () => {
    const keys = async () => {
      const pg = new (await import('pg')).Client({ connectionString: apps.databaseUrl });
      await pg.connect();
      try {
        return Number((await pg.query('SELECT count(*) FROM api.idempotency_keys')).rows[0].count);
      } finally {
        await pg.end();
      }
    };
    const before = await keys();
    const created = await http().post('/disclosures').set(li).send(content).expect(201);
    expect(created.headers['idempotent-replay']).toBeUndefined();
    expect(created.headers.etag).toBeUndefined();
    expect(await keys()).toBe(before);
  });

  it('keeps keys apart per caller', async () => {
    const a = await http().post('/disclosures').set(li).set('Idempotency-Key', 'shared-key-000001').send(content).expect(201);
    const b = await http()
      .post('/disclosures')
      .set(as('han.meimei', 'inventor'))
      .set('Idempotency-Key', 'shared-key-000001')
      .send(disclosureContent([{ userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 10_000 }]))
      .expect(201);
    expect(b.body.disclosureId).not.toBe(a.body.disclosureId);
  });
});

describe('rate limiting', () => {
  let apps: RunningApps;

  beforeAll(async () => {
    apps = await startApps('ratelimit', { worker: false, env: { RATE_LIMIT_PER_MINUTE: '5', LOG_LEVEL: 'error' } });
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  it('answers 429 problem+json with Retry-After past the limit, per caller', async () => {
    const li = as('li.lei', 'inventor');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await request(apps.api.getHttpServer()).get('/disclosures/mine').set(li)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await request(apps.api.getHttpServer()).get('/disclosures/mine').set(li).expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await request(apps.api.getHttpServer()).get('/disclosures/mine').set(as('han.meimei', 'inventor')).expect(200);
  });

  it('counts only verified callers: tokens forging someone else’s subject neither lock them out nor dodge the limit', async () => {
    const forged = (sub: string) => ({
      Authorization: `Bearer ${devToken(sub, 'inventor', 'internal', 'not-the-issuer-secret')}`,
    });
    // Ten forged tokens naming wang.wu are refused as unauthenticated…
    for (let i = 0; i < 10; i++) await request(apps.api.getHttpServer()).get('/disclosures/mine').set(forged('wang.wu')).expect(401);
    // …and spent none of wang.wu's own budget.
    await request(apps.api.getHttpServer()).get('/disclosures/mine').set(as('wang.wu', 'inventor')).expect(200);
  });

  it('is shared by API replicas: a caller’s requests to two instances count against one limit (PostgreSQL)', async () => {
    // A second API process on the same database, as a second replica would be.
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = apps.databaseUrl;
    const second = await createApiApp();
    await second.init();
    try {
      const zhao = as('zhao.liu', 'inventor');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await request(apps.api.getHttpServer()).get('/disclosures/mine').set(zhao)).status);
      for (let i = 0; i < 3; i++) statuses.push((await request(second.getHttpServer()).get('/disclosures/mine').set(zhao)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = await request(apps.api.getHttpServer()).get('/disclosures/mine').set(zhao).expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
    } finally {
      await second.close();
      process.env.DATABASE_URL = previous;
    }
  });

  it('limits an address before authentication, so a flood of forged tokens with random subjects ends in 429', async () => {
    const statuses = new Set<number>();
    // The per-address limit defaults to ten times the per-caller one (5 here), shared by this file's requests.
    for (let i = 0; i < 60; i++) {
      const token = devToken(`random-${i}`, 'inventor', 'internal', 'not-the-issuer-secret');
      statuses.add(
        (
          await request(apps.api.getHttpServer())
            .get('/disclosures/mine')
            .set({ Authorization: `Bearer ${token}` })
        ).status,
      );
    }
    expect([...statuses].sort()).toEqual([401, 429]);
  });
});
