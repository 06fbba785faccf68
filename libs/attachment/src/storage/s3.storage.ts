import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AttachmentStorage } from './attachment-storage.port';

export interface S3AttachmentStorageOptions {
  bucket: string;
  /** S3-compatible endpoint (MinIO, Ceph, a cloud's S3 API); unset for AWS itself. */
  endpoint?: string;
  region: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most self-hosted servers need. */
  forcePathStyle: boolean;
  /** Object keys start with it, e.g. `attachments/`. */
  prefix: string;
  /** Where uploads are staged before they go to the bucket (local disk). */
  stagingDirectory?: string;
  /** Credentials; unset, the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Attachments in an S3-compatible bucket under `<prefix><sha256>`. The staged file is streamed to
 * the bucket (never held in memory) unless an object with that key is already there: same key,
 * same bytes.
 */
export class S3AttachmentStorage implements AttachmentStorage {
  readonly stagingDirectory: string;
  private readonly client: S3Client;

  constructor(private readonly options: S3AttachmentStorageOptions) {
    this.stagingDirectory = options.stagingDirectory ?? join(tmpdir(), 'chengguo-attachment-staging');
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
    });
  }

  async init(): Promise<void> {
    await mkdir(this.stagingDirectory, { recursive: true });
  }

  private keyOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return `${this.options.prefix}${sha256}`;
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return false;
      throw error;
    }
  }

  async commit(stagedFile: string, sha256: string, contentType: string): Promise<{ created: boolean }> {
    const key = this.keyOf(sha256);
    try {
      if (await this.exists(key)) return { created: false };
      const { size } = await stat(stagedFile);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: createReadStream(stagedFile),
          ContentLength: size,
          ContentType: contentType,
          // The server checks the bytes it received against the hash the upload computed.
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
      return { created: true };
    } finally {
      await rm(stagedFile, { force: true });
    }
  }

  async open(sha256: string): Promise<Readable | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return null;
      throw error;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
