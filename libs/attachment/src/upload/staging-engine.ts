import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';

/** What the staging engine learned while the bytes went by. */
export interface StagedFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  /** Valid UTF-8 without control characters other than tab, line feed, form feed and carriage return. */
  isText: boolean;
}

/** Plain text is recognised while streaming: one UTF-8 decoder in streaming mode, never the whole file. */
class TextSniffer {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private text = true;

  push(chunk: Buffer): void {
    if (!this.text) return;
    try {
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(this.decoder.decode(chunk, { stream: true }))) this.text = false;
    } catch {
      this.text = false;
    }
  }

  end(): boolean {
    if (!this.text) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * A multer storage engine that streams the one uploaded file into a staging file while hashing and
 * measuring it: nothing is held in memory but the chunk in flight. Multer removes the staging file
 * when it aborts (size limit, a second file); the controller removes it after every other outcome.
 */
export class StagingEngine implements StorageEngine {
  constructor(private readonly directory: string) {}

  _handleFile(
    _request: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
  ): void {
    const path = join(this.directory, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    const sniffer = new TextSniffer();
    let sizeBytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        sniffer.push(chunk);
        done(null, chunk);
      },
    });
    pipeline(file.stream, measure, createWriteStream(path, { flags: 'wx' })).then(
      () => {
        const staged: StagedFile = { path, sha256: hash.digest('hex'), sizeBytes, isText: sniffer.end() };
        callback(null, { path, size: sizeBytes, staged } as Partial<Express.Multer.File>);
      },
      (error: unknown) => void rm(path, { force: true }).finally(() => callback(error)),
    );
  }

  _removeFile(_request: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    rm(file.path, { force: true }).then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }
}
