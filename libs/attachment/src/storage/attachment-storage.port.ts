import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live, addressed by their SHA-256. The upload writes and hashes the bytes
 * into a staging file first (the size limit and the type check need them before anything is kept);
 * `commit` then takes that file over. Storing bytes that are already there stores nothing new.
 */
export interface AttachmentStorage {
  /** A directory for staging files, on the same file system as the local store (atomic rename). */
  readonly stagingDirectory: string;
  /**
   * Keeps the staged file under `sha256` (which the caller computed while writing it) and removes
   * the staging file in every case. `created` is false when the bytes were already stored.
   */
  commit(stagedFile: string, sha256: string, contentType: string): Promise<{ created: boolean }>;
  /** The stored bytes, or null when nothing is stored under `sha256`. */
  open(sha256: string): Promise<Readable | null>;
}

export const ATTACHMENT_STORAGE = Symbol('ATTACHMENT_STORAGE');
