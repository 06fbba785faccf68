import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { Moto, startMoto } from '../support/moto';
import { as } from '../support/tokens';

/**
 * Attachments over HTTP on real PostgreSQL and Temporal, stored on local disk: uploads are
 * content-addressed and recorded per uploader, refused uploads leave nothing behind, downloads are
 * for the uploader and the readers of a disclosure listing the file, and a disclosure lists only
 * files its author uploaded.
 */
describe('attachments over HTTP', () => {
  const MAX = 64 * 1024;
  const dir = mkdtempSync(join(tmpdir(), 'chengguo-attachments-'));
  let apps: RunningApps;
  let api: INestApplication;
  const li = as('li.lei', 'inventor');
  const han = as('han.meimei', 'inventor');
  const zhao = as('zhao', 'inventor');
  const tto = as('wang.tto', 'tto_officer');

  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 1)]);
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    apps = await startApps('e2eattachments', { env: { ATTACHMENTS_DIR: dir, ATTACHMENT_MAX_BYTES: String(MAX) } });
    api = apps.api;
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());
  const upload = (who: Record<string, string>, bytes: Buffer, filename: string) =>
    http().post('/attachments').set(who).attach('file', bytes, { filename, contentType: 'application/octet-stream' });

  /** Every stored file and every staging leftover: what a refused upload must leave unchanged. */
  function storedFiles(): string[] {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length))
      .sort();
  }

  async function streamEvents(streamId: string): Promise<Array<{ event_type: string; data: Record<string, unknown> }>> {
    const pg = new PgClient({ connectionString: apps.databaseUrl });
    await pg.connect();
    try {
      return (await pg.query('SELECT event_type, data FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision', [streamId]))
        .rows;
    } finally {
      await pg.end();
    }
  }

  async function eventually(probe: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await probe().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('condition not met in time');
  }

  const content = (attachments: unknown[]) => ({
    title: '一种低温固态电池电解质',
    abstract: 'A solid electrolyte that conducts at -20 °C.',
    technicalField: 'materials science',
    funding: { kind: 'self_funded' },
    conceptionDate: '2026-01-15',
    confidentiality: 'internal',
    involvesNationalSecurity: false,
    isKeyCoreTechnology: false,
    inventors: [
      { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
      { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
    ],
    attachments,
  });

  it('stores an upload under its SHA-256, records who stored it, and stores the same bytes once', async () => {
    const res = await upload(li, pdf, '实验结果.pdf').expect(201);
    expect(res.body).toEqual({ sha256: sha256(pdf), sizeBytes: pdf.length, contentType: 'application/pdf', name: '实验结果.pdf' });
    const path = join(dir, sha256(pdf).slice(0, 2), sha256(pdf));
    expect(readFileSync(path).equals(pdf)).toBe(true);
    const events = await streamEvents(`attachment-${sha256(pdf)}-li.lei`);
    expect(events).toEqual([
      {
        event_type: 'AttachmentStored',
        data: expect.objectContaining({ sha256: sha256(pdf), sizeBytes: pdf.length, contentType: 'application/pdf', uploadedBy: 'li.lei' }),
      },
    ]);

    // The same bytes again, even under another name: nothing new on disk, nothing new on record.
    const files = storedFiles();
    const count = await apps.eventCount();
    await upload(li, pdf, 'copy.pdf').expect(201);
    expect(storedFiles()).toEqual(files);
    expect(await apps.eventCount()).toBe(count);

    // Another uploader of the same bytes: recorded for them, stored once.
    await upload(han, pdf, 'han.pdf').expect(201);
    expect(storedFiles()).toEqual(files);
    expect(await streamEvents(`attachment-${sha256(pdf)}-han.meimei`)).toHaveLength(1);
  });

  it('gives the uploader their file back with its type and name', async () => {
    await upload(li, png, 'figure 1.png').expect(201);
    const res = await http()
      .get(`/attachments/${sha256(png)}`)
      .set(li)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="figure 1.png"; filename*=UTF-8''figure%201.png`);
    expect((res.body as Buffer).equals(png)).toBe(true);
  });

  it('detects UTF-8 text and CSV from the bytes', async () => {
    const csv = Buffer.from('编号,名称\n1,电解质\n');
    expect((await upload(li, csv, 'data.csv').expect(201)).body.contentType).toBe('text/csv; charset=utf-8');
    expect((await upload(li, Buffer.from('notes\n'), 'notes.txt').expect(201)).body.contentType).toBe('text/plain; charset=utf-8');
  });

  it('refuses an oversized file with 413 and stores nothing', async () => {
    const files = storedFiles();
    const count = await apps.eventCount();
    const res = await upload(li, Buffer.alloc(MAX + 1, 'a'), 'big.txt').expect(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, code: 'ATTACHMENT_TOO_LARGE', maxBytes: MAX });
    expect(storedFiles()).toEqual(files);
    expect(await apps.eventCount()).toBe(count);
    // Exactly the limit is accepted.
    await upload(li, Buffer.alloc(MAX, 'b'), 'limit.txt').expect(201);
  });

  it.each([
    ['bytes of no known type', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x03, 0x04, 0x05]), 'blob.pdf', 'application/octet-stream'],
    ['a gzip archive', Buffer.from('1f8b0800000000000003030000000000000000', 'hex'), 'x.txt', 'application/gzip'],
    [
      'a Windows executable',
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]),
      'tool.pdf',
      'application/x-msdownload',
    ],
  ])('refuses %s with 415 and stores nothing', async (_, bytes, name, sniffed) => {
    const files = storedFiles();
    const count = await apps.eventCount();
    const res = await upload(li, bytes, name).expect(415);
    expect(res.body).toMatchObject({ status: 415, code: 'ATTACHMENT_TYPE_NOT_ALLOWED' });
    expect(res.body.contentType).toBe(sniffed);
    expect(storedFiles()).toEqual(files);
    expect(await apps.eventCount()).toBe(count);
  });

  it('refuses a body that is not multipart, a form without the file, and an unstorable file name', async () => {
    expect((await http().post('/attachments').set(li).send({ file: 'x' }).expect(415)).body.code).toBe('ATTACHMENT_MULTIPART_REQUIRED');
    expect((await http().post('/attachments').set(li).field('other', 'x').expect(422)).body.code).toBe('ATTACHMENT_FILE_MISSING');
    const files = storedFiles();
    const count = await apps.eventCount();
    // Multipart bypasses the JSON middleware: the file name is checked by the upload itself. As in
    // JSON, a raw NUL byte is malformed syntax (400) and an encoded one is unstorable text (422); a
    // lone surrogate can only arrive through a name declared as UTF-16.
    const part = (disposition: string) =>
      Buffer.concat([
        Buffer.from(`--XYZ\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: application/pdf\r\n\r\n`),
        pdf,
        Buffer.from('\r\n--XYZ--\r\n'),
      ]);
    const loneSurrogate = Buffer.from([0x00, 0xd8, 0x61, 0x00]).toString('hex').replace(/(..)/g, '%$1');
    for (const [disposition, status, code] of [
      [`filename*=utf-8''a%00b.pdf`, 422, 'INPUT_CONTAINS_NUL'],
      [`filename*=utf-16le''${loneSurrogate}`, 422, 'INPUT_CONTAINS_LONE_SURROGATE'],
      ['filename="a\u0000b.pdf"', 400, 'ATTACHMENT_MULTIPART_MALFORMED'],
      ['filename="con\ttrol.pdf"', 422, 'ATTACHMENT_INVALID_NAME'],
    ] as const) {
      const res = await http()
        .post('/attachments')
        .set(li)
        .set('Content-Type', 'multipart/form-data; boundary=XYZ')
        .send(part(disposition));
      expect({ disposition, status: res.status, code: res.body.code }).toEqual({ disposition, status, code });
    }
    expect(storedFiles()).toEqual(files);
    expect(await apps.eventCount()).toBe(count);
  });

  it('answers 404 to anyone else, existing or not, until a disclosure they may read lists the file', async () => {
    const hash = sha256(pdf);
    await http().get(`/attachments/${hash}`).set(zhao).expect(404);
    await http()
      .get(`/attachments/${'0'.repeat(64)}`)
      .set(li)
      .expect(404);
    // A malformed id is an invalid request, like any other path id.
    await http().get('/attachments/not-a-hash').set(li).expect(422);

    const drafted = await http()
      .post('/disclosures')
      .set(li)
      .send(content([{ name: '实验结果.pdf', sha256: hash }]))
      .expect(201);
    const id: string = drafted.body.disclosureId;
    // The record, not the request, says what the file is.
    const [draftedEvent] = await streamEvents(`disclosure-${id}`);
    expect((draftedEvent.data.content as { attachments: unknown }).attachments).toEqual([
      { name: '实验结果.pdf', sha256: hash, sizeBytes: pdf.length, contentType: 'application/pdf' },
    ]);
    // A draft is its drafter's alone; the TTO and co-inventors read it once submitted. han uploaded
    // the same bytes too, so zhao (who did not) is the one to ask.
    await http().post(`/disclosures/${id}/submission`).set(li).expect(200);
    await eventually(async () => (await http().get(`/attachments/${hash}`).set(tto)).status === 200);
    const res = await http().get(`/attachments/${hash}`).set(tto).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('实验结果.pdf')}`);
    await http().get(`/attachments/${hash}`).set(zhao).expect(404);
  });

  it('refuses a disclosure listing a file its author did not upload, unknown or someone else’s alike', async () => {
    const hansOnly = Buffer.from('%PDF-1.4\n% han only\n%%EOF\n');
    await upload(han, hansOnly, 'han.pdf').expect(201);
    const count = await apps.eventCount();
    for (const hash of ['e'.repeat(64), sha256(hansOnly)]) {
      const res = await http()
        .post('/disclosures')
        .set(li)
        .send(content([{ name: 'x.pdf', sha256: hash }]))
        .expect(422);
      expect(res.body).toMatchObject({ code: 'DISCLOSURE_ATTACHMENT_NOT_UPLOADED', sha256: hash });
    }
    const mismatch = await http()
      .post('/disclosures')
      .set(li)
      .send(content([{ name: 'x.pdf', sha256: sha256(pdf), sizeBytes: 1 }]))
      .expect(422);
    expect(mismatch.body.code).toBe('DISCLOSURE_ATTACHMENT_DIFFERS_FROM_RECORD');
    expect(await apps.eventCount()).toBe(count);
    // han's file stays han's.
    await http()
      .get(`/attachments/${sha256(hansOnly)}`)
      .set(li)
      .expect(404);
    expect(existsSync(join(dir, sha256(hansOnly).slice(0, 2), sha256(hansOnly)))).toBe(true);
  });
});

/** The same API with ATTACHMENT_STORAGE=s3, on moto's S3-compatible server. */
describe('attachments over HTTP, stored in an S3-compatible bucket', () => {
  const BUCKET = 'e2e-attachments';
  let moto: Moto;
  let apps: RunningApps;
  let s3: S3Client;
  const li = as('li.lei', 'inventor');
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    moto = await startMoto();
    await moto.createBucket(BUCKET);
    s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: moto.credentials });
    apps = await startApps('e2eattachmentss3', {
      worker: false,
      env: {
        ATTACHMENT_STORAGE: 's3',
        S3_BUCKET: BUCKET,
        S3_ENDPOINT: moto.endpoint,
        AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey,
        ATTACHMENT_MAX_BYTES: String(64 * 1024),
      },
    });
  }, 600_000);

  afterAll(async () => {
    await apps?.close();
    s3?.destroy();
    await moto?.stop();
  });

  const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key).sort();

  it('puts the file in the bucket under its SHA-256, once, and serves it back', async () => {
    const http = () => request(apps.api.getHttpServer());
    const jpeg = Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), Buffer.alloc(100, 7)]);
    const res = await http().post('/attachments').set(li).attach('file', jpeg, '照片.jpg').expect(201);
    expect(res.body).toEqual({ sha256: sha256(jpeg), sizeBytes: jpeg.length, contentType: 'image/jpeg', name: '照片.jpg' });
    expect(await keys()).toEqual([`attachments/${sha256(jpeg)}`]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `attachments/${sha256(jpeg)}` }));
    expect(head.ContentType).toBe('image/jpeg');

    await http().post('/attachments').set(li).attach('file', jpeg, 'again.jpg').expect(201);
    await http()
      .post('/attachments')
      .set(li)
      .attach('file', Buffer.alloc(64 * 1024 + 1, 'a'), 'big.txt')
      .expect(413);
    expect(await keys()).toEqual([`attachments/${sha256(jpeg)}`]);

    const back = await http()
      .get(`/attachments/${sha256(jpeg)}`)
      .set(li)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(back.headers['content-type']).toBe('image/jpeg');
    expect((back.body as Buffer).equals(jpeg)).toBe(true);
  });
});
