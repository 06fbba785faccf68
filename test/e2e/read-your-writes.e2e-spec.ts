import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { WorkerRuntime } from '../../apps/worker/src/worker-runtime';
import { RunningApps, startApps } from '../fixtures/apps';
import { as } from '../support/tokens';

/**
 * Read your writes over HTTP (ADR 26): a read naming the caller's write in X-Chengguo-Read-After
 * answers only once its read model shows the write; with the projector stopped it answers 503
 * READ_MODEL_BEHIND with Retry-After; bad header values are 422.
 */
describe('read your writes over HTTP', () => {
  let apps: RunningApps;
  let api: INestApplication;
  let runtime: WorkerRuntime;
  const li = as('li.lei', 'inventor');
  const tto = as('wang.tto', 'tto_officer');

  const content = {
    title: '一种低温固态电池电解质',
    abstract: 'A solid electrolyte that conducts at -20 °C.',
    technicalField: 'materials science',
    funding: { kind: 'fiscal', projectNumber: 'NSFC-52070001' },
    conceptionDate: '2026-01-15',
    confidentiality: 'internal',
    involvesNationalSecurity: false,
    isKeyCoreTechnology: false,
    inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10000 }],
    attachments: [] as Array<{ name: string; sha256: string; sizeBytes: number }>,
  };

  beforeAll(async () => {
    apps = await startApps('e2eryw');
    api = apps.api;
    runtime = apps.worker!.get(WorkerRuntime);
    const uploaded = await http()
      .post('/attachments')
      .set(li)
      .attach('file', Buffer.from('%PDF-1.4\n% results\n%%EOF\n'), 'results.pdf')
      .expect(201);
    content.attachments = [{ name: 'results.pdf', sha256: uploaded.body.sha256, sizeBytes: uploaded.body.sizeBytes }];
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());
  const token = (answer: { streamId: string; revision: number }) => `${answer.streamId}@${answer.revision}`;

  it('answers a read naming the write only once the read model shows it, without the client polling', async () => {
    const drafted = await http().post('/disclosures').set(li).send(content).expect(201);
    const id: string = drafted.body.disclosureId;
    const draftRead = await http().get(`/disclosures/${id}`).set(li).set('X-Chengguo-Read-After', token(drafted.body)).expect(200);
    expect(draftRead.body.status).toBe('draft');

    const submitted = await http().post(`/disclosures/${id}/submission`).set(li).expect(200);
    const read = await http().get(`/disclosures/${id}`).set(li).set('X-Chengguo-Read-After', token(submitted.body)).expect(200);
    expect(read.body.status).not.toBe('draft');
    expect(read.body.revision).toBe(submitted.body.revision);

    // A list backed by the same read model, and one backed by another that reads nothing of it.
    const mine = await http().get('/disclosures/mine').set(li).set('X-Chengguo-Read-After', token(submitted.body)).expect(200);
    expect(mine.body.items.find((d: { disclosureId: string }) => d.disclosureId === id).status).not.toBe('draft');
    await http()
      .get('/achievements')
      .set(tto)
      .set('X-Chengguo-Read-After', token(submitted.body))
      .set('X-Chengguo-Wait-Ms', '5000')
      .expect(200);
  });

  it('answers 503 READ_MODEL_BEHIND with Retry-After while the projector is stopped, and the new state once it runs', async () => {
    const drafted = await http().post('/disclosures').set(li).send(content).expect(201);
    const id: string = drafted.body.disclosureId;
    await http().get(`/disclosures/${id}`).set(li).set('X-Chengguo-Read-After', token(drafted.body)).expect(200);
    await runtime.projector.stop();
    try {
      const submitted = await http().post(`/disclosures/${id}/submission`).set(li).expect(200);
      const started = Date.now();
      const behind = await http()
        .get(`/disclosures/${id}`)
        .set(li)
        .set('X-Chengguo-Read-After', token(submitted.body))
        .set('X-Chengguo-Wait-Ms', '300')
        .expect(503)
        .expect('Content-Type', /application\/problem\+json/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(behind.body.code).toBe('READ_MODEL_BEHIND');
      expect(behind.headers['retry-after']).toBe('1');
      // Without the header the read answers at once, with what the read model holds.
      expect((await http().get(`/disclosures/${id}`).set(li).expect(200)).body.status).toBe('draft');

      const waiting = http()
        .get(`/disclosures/${id}`)
        .set(li)
        .set('X-Chengguo-Read-After', token(submitted.body))
        .set('X-Chengguo-Wait-Ms', '10000');
      const answered = waiting.then((r) => r);
      await new Promise((r) => setTimeout(r, 200));
      await runtime.projector.start();
      const read = await answered;
      expect(read.status).toBe(200);
      expect(read.body.status).not.toBe('draft');
    } finally {
      await runtime.projector.start().catch(() => undefined);
    }
  });

  it('refuses malformed header values with 422 READ_AFTER_INVALID, and ignores a write the store does not hold', async () => {
    const drafted = await http().post('/disclosures').set(li).send(content).expect(201);
    const id: string = drafted.body.disclosureId;
    for (const [header, value] of [
      ['X-Chengguo-Read-After', 'not a write'],
      ['X-Chengguo-Read-After', `${drafted.body.streamId}@-1`],
      ['X-Chengguo-Read-After', `${drafted.body.streamId}@99999999999999999`],
      ['X-Chengguo-Read-After', Array(9).fill(token(drafted.body)).join(',')],
    ]) {
      const refused = await http().get(`/disclosures/${id}`).set(li).set(header, value).expect(422);
      expect(refused.body.code).toBe('READ_AFTER_INVALID');
    }
    for (const wait of ['-1', '10001', 'soon']) {
      const refused = await http()
        .get(`/disclosures/${id}`)
        .set(li)
        .set('X-Chengguo-Read-After', token(drafted.body))
        .set('X-Chengguo-Wait-Ms', wait)
        .expect(422);
      expect(refused.body.code).toBe('READ_AFTER_INVALID');
    }
    // A write nobody made is nothing to wait for (and says nothing about which records exist).
    const started = Date.now();
    await http()
      .get(`/disclosures/${id}`)
      .set(li)
      .set('X-Chengguo-Read-After', 'disclosure-00000000-0000-4000-8000-000000000000@7')
      .set('X-Chengguo-Wait-Ms', '5000')
      .expect(200);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
