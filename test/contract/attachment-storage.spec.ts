import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AttachmentStorage, LocalDiskAttachmentStorage, S3AttachmentStorage } from '@chengguo/attachment';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Moto, startMoto } from '../support/moto';

/**
 * The attachment store's contract, run against both adapters: local disk, and S3 on a real
 * S3-compatible server (moto's, from PyPI; scripts/tools/moto-server.sh). Bytes are kept under their
 * SHA-256, the same bytes twice store nothing new, the staged file is gone after every commit, and
 * what is not there opens as null.
 */
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

let moto: Moto;
const BUCKET = 'chengguo-attachments';

beforeAll(async () => {
  moto = await startMoto();
  await moto.createBucket(BUCKET);
}, 600_000);
afterAll(async () => {
  await moto?.stop();
});

type Adapter = { storage: AttachmentStorage; close(): void; contentTypeOf(sha: string): Promise<string | undefined> };

const adapters: Array<[string, () => Promise<Adapter>]> = [
  [
    'local disk',
    async () => {
      const storage = new LocalDiskAttachmentStorage(mkdtempSync(join(tmpdir(), 'chengguo-store-')));
      await storage.init();
      return { storage, close: () => undefined, contentTypeOf: async () => undefined };
    },
  ],
  [
    'S3 (moto)',
    async () => {
      const prefix = `run-${Date.now()}/`;
      const storage = new S3AttachmentStorage({
        bucket: BUCKET,
        endpoint: moto.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        prefix,
        credentials: moto.credentials,
        stagingDirectory: mkdtempSync(join(tmpdir(), 'chengguo-s3-staging-')),
      });
      await storage.init();
      const client = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: moto.credentials });
      return {
        storage,
        close: () => {
          storage.destroy();
          client.destroy();
        },
        contentTypeOf: async (sha) => (await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${prefix}${sha}` }))).ContentType,
      };
    },
  ],
];

describe.each(adapters)('attachment store: %s', (_, make) => {
  let adapter: Adapter;
  beforeAll(async () => {
    adapter = await make();
  });
  afterAll(() => adapter?.close());

  const stage = (bytes: Buffer): string => {
    const path = join(adapter.storage.stagingDirectory, `${sha256(bytes)}-${Math.random()}.part`);
    writeFileSync(path, bytes);
    return path;
  };

  it('keeps the bytes under their SHA-256 and gives them back', async () => {
    const bytes = Buffer.from('%PDF-1.4\n% contract\n%%EOF\n');
    const staged = stage(bytes);
    expect(await adapter.storage.commit(staged, sha256(bytes), 'application/pdf')).toEqual({ created: true });
    expect(existsSync(staged)).toBe(false);
    expect((await readAll((await adapter.storage.open(sha256(bytes)))!)).equals(bytes)).toBe(true);
    const type = await adapter.contentTypeOf(sha256(bytes));
    if (type !== undefined) expect(type).toBe('application/pdf');
  });

  it('stores the same bytes once, and removes the second staged copy', async () => {
    const bytes = Buffer.from('same bytes twice');
    await adapter.storage.commit(stage(bytes), sha256(bytes), 'text/plain; charset=utf-8');
    const again = stage(bytes);
    expect(await adapter.storage.commit(again, sha256(bytes), 'text/plain; charset=utf-8')).toEqual({ created: false });
    expect(existsSync(again)).toBe(false);
    expect(readdirSync(adapter.storage.stagingDirectory)).toEqual([]);
  });

  it('streams a file larger than its buffers', async () => {
    const bytes = Buffer.alloc(6 * 1024 * 1024 + 7, 0x5a);
    await adapter.storage.commit(stage(bytes), sha256(bytes), 'text/plain; charset=utf-8');
    const back = await readAll((await adapter.storage.open(sha256(bytes)))!);
    expect(back.length).toBe(bytes.length);
    expect(sha256(back)).toBe(sha256(bytes));
  });

  it('opens what is not there as null', async () => {
    expect(await adapter.storage.open('0'.repeat(64))).toBeNull();
  });

  it('refuses a key that is not a SHA-256', async () => {
    await expect(adapter.storage.open('../../etc/passwd')).rejects.toThrow('not a SHA-256');
  });
});
