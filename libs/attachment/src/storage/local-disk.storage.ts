import { createReadStream } from 'node:fs';
import { link, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AttachmentStorage } from './attachment-storage.port';

/**
 * Attachments on local disk: `<root>/<first two hex digits>/<sha256>`, staged in `<root>/.staging`.
 * The staged file is hard-linked into place, which never overwrites: two uploads of the same bytes
 * racing each other leave one file, and a reader never sees a partly written one.
 */
export class LocalDiskAttachmentStorage implements AttachmentStorage {
  readonly stagingDirectory: string;

  constructor(private readonly root: string) {
    this.stagingDirectory = join(root, '.staging');
  }

  async init(): Promise<void> {
    await mkdir(this.stagingDirectory, { recursive: true });
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async commit(stagedFile: string, sha256: string): Promise<{ created: boolean }> {
    const target = this.pathOf(sha256);
    try {
      await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
      // link(2) is atomic and fails with EEXIST instead of replacing: content addressing makes an
      // existing file the same bytes.
      await link(stagedFile, target);
      return { created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false };
      throw error;
    } finally {
      await rm(stagedFile, { force: true });
    }
  }

  async open(sha256: string): Promise<Readable | null> {
    const path = this.pathOf(sha256);
    try {
      await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return createReadStream(path);
  }
}
