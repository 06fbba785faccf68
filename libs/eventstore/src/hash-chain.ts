import { hash } from 'node:crypto';

/**
 * Tamper evidence: every event's hash chains to the previous event of its stream (ADR 7).
 *
 * hash = SHA-256 over the concatenation of, in this order, each field as a 4-byte big-endian byte
 * length followed by its UTF-8 bytes:
 *   "cg-event-v1", prevHash (hex; 64 zeros for revision 0), streamId, revision (decimal), eventId
 *   (lower-case uuid), type, schemaVersion (decimal), data text, metadata text, recordedAt text.
 * PostgreSQL: data/metadata text is the stored `json` text, the writer's `JSON.stringify` (schema
 * v6; before it, the jsonb text output, which the upgrade kept byte for byte), recordedAt is
 * `to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`; the hash is computed
 * by the writer (this function, schema v7) and checked under the row lock, or by
 * `event_store.append_events` / `append_batch` when the writer does not know the stream's head.
 * EventStoreDB: canonical JSON (sorted keys) and an empty recordedAt, because the server assigns
 * its timestamp after the hash is fixed.
 */
export const HASH_CHAIN_VERSION = 'cg-event-v1';
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  prevHash: string;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  dataText: string;
  metadataText: string;
  recordedAtText: string;
}

/**
 * The fields framed into one reused buffer and hashed in one call: a writer hashes every event it
 * appends (schema v7), and a Hash object plus two small buffers per field cost 3–4× the SHA-256 of
 * a 1.5 KB event. Safe to reuse: the hash is computed synchronously before the buffer is written again.
 */
let frame = Buffer.allocUnsafe(16 * 1024);
/** A larger frame is kept for the next event up to this size; beyond, it is allocated once and let go. */
const KEPT_FRAME_BYTES = 1 << 20;

export function computeEventHash(fields: HashedFields): string {
  const parts = [
    HASH_CHAIN_VERSION,
    fields.prevHash,
    fields.streamId,
    String(fields.revision),
    fields.eventId.toLowerCase(),
    fields.type,
    String(fields.schemaVersion),
    fields.dataText,
    fields.metadataText,
    fields.recordedAtText,
  ];
  // A UTF-16 code unit takes at most 3 UTF-8 bytes: room for every part without measuring it first.
  let room = 0;
  for (const part of parts) room += 4 + 3 * part.length;
  if (room > frame.length && room <= KEPT_FRAME_BYTES) frame = Buffer.allocUnsafe(room);
  const buffer = room <= frame.length ? frame : Buffer.allocUnsafe(room);
  let at = 0;
  for (const part of parts) {
    const length = buffer.write(part, at + 4, 'utf8');
    buffer.writeUInt32BE(length, at);
    at += 4 + length;
  }
  return hash('sha256', buffer.subarray(0, at), 'hex');
}

/** One stored event as the integrity walk sees it: the hashes it carries and the one its bytes give. */
export interface ChainLink {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  /** Hash stored with the event (null when the store holds none, e.g. a stripped row). */
  storedHash: string | null;
  storedPrevHash: string | null;
  /** Hash recomputed now from the stored fields and the stored prevHash. */
  computedHash: string;
}

export interface StreamHead {
  streamId: string;
  /** Revision of the last event according to the store's stream catalogue. */
  revision: number;
}

export interface ReadChainOptions {
  /** Only this stream; the whole store otherwise. */
  streamId?: string;
  /** Links per page (at least 1). */
  pageSize: number;
}

/**
 * Optional capability of an adapter: reading the raw chain for verification. `readChain` walks the
 * whole scope once, in (streamId, revision) order, every link rehashed in Node from the stored
 * bytes; it yields pages of exactly `pageSize` links, then a last, shorter page (possibly empty)
 * that marks the end. Stopping the iteration early releases what the walk holds.
 */
export interface HashChainReader {
  readChain(options: ReadChainOptions): AsyncIterable<ChainLink[]>;
  /** Every stream the catalogue knows, ordered by id; `streamId` narrows to one. */
  streamHeads(streamId?: string): Promise<StreamHead[]>;
  /** Number of events a whole-store walk will visit (for progress reporting). */
  countEvents(streamId?: string): Promise<number>;
}

/** A break in one stream's chain, as a walk finds it (verify reports it as it is). */
export interface ChainFinding {
  /**
   * missing_revision: the event at `revision` is absent (found names the revision that came);
   * prev_hash_mismatch: the event does not carry its predecessor's stored hash;
   * hash_mismatch: the event's bytes do not give its stored hash.
   */
  kind: 'missing_revision' | 'prev_hash_mismatch' | 'hash_mismatch';
  streamId: string;
  revision: number;
  eventId: string;
  expected: string;
  found: string;
}

export interface StoreChainWalkOptions {
  /** Called every `progressEvery` events with the number walked so far. */
  onProgress?: (events: number) => void;
  progressEvery?: number;
  /** Findings to keep: the first this many in (stream id, revision) order. */
  maxFindings: number;
}

/** A whole store's chains checked in one walk, and the stream catalogue, both as of one snapshot. */
export interface StoreChainWalk {
  events: number;
  /** Every stream with events: the last revision walked. */
  lastRevisions: ReadonlyMap<string, number>;
  /** The stream catalogue (`streamHeads()`), read in the walk's snapshot. */
  heads: StreamHead[];
  findings: ChainFinding[];
}

/**
 * Optional capability: the whole-store walk done inside the adapter, on the stored bytes as they
 * arrive, with the checks `readChain`'s consumer makes per link — every stream's revisions from 0
 * without gaps, each event carrying the stored hash of its predecessor (GENESIS_HASH first) and
 * its bytes giving its stored hash — reporting the same findings a walk of `readChain` in
 * (stream, revision) order would, without a ChainLink per event.
 */
export interface StoreChainWalker {
  walkStoreChains(options: StoreChainWalkOptions): Promise<StoreChainWalk>;
}

export function isStoreChainWalker(store: unknown): store is StoreChainWalker {
  return typeof (store as Partial<StoreChainWalker> | null)?.walkStoreChains === 'function';
}

export function isHashChainReader(store: unknown): store is HashChainReader {
  const candidate = store as Partial<HashChainReader> | null;
  return typeof candidate?.readChain === 'function' && typeof candidate.streamHeads === 'function';
}
