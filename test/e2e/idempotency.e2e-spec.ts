import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { disclosureContent } from '../fixtures/http-flows';
import { as } from '../support/tokens';

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
});
