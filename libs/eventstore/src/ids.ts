import { useNativeSha256 } from '@chengguo/kernel';
import { hash, randomUUID } from 'node:crypto';

// Deciders run in this process: their terms hashes use Node's SHA-256 (the same bytes as the kernel's pure one).
useNativeSha256((text) => hash('sha256', text, 'hex'));

/** Namespace for Chengguo's name-based (v5) UUIDs. Fixed forever: ids derived from it are stored. */
const CHENGGUO_NAMESPACE = '6b1f0c9e-3d55-4b8e-9b59-2f1c6e1f7a10';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** The namespace's bytes, computed once: every command derives its event ids from them. */
const NAMESPACE_BYTES = uuidBytes(CHENGGUO_NAMESPACE);

/**
 * The namespace and a name, framed in one reused buffer (the namespace stays in its first 16 bytes)
 * and hashed in one call: every event a command appends derives its id here, and a Hash object per
 * id cost twice the hashing. Safe to reuse: the hash is computed before the buffer is written again.
 */
let named = Buffer.allocUnsafe(1024);
NAMESPACE_BYTES.copy(named, 0);

/**
 * RFC 9562 version-5 UUID of `name`. Retried writers (activities, HTTP retries with an
 * Idempotency-Key) derive the same event id, so the event store's idempotent append absorbs them.
 */
export function deterministicUuid(...nameParts: string[]): string {
  const name = nameParts.join('\u001f');
  // A UTF-16 code unit takes at most 3 UTF-8 bytes.
  const room = NAMESPACE_BYTES.length + 3 * name.length;
  if (room > named.length) {
    named = Buffer.allocUnsafe(room);
    NAMESPACE_BYTES.copy(named, 0);
  }
  const length = named.write(name, NAMESPACE_BYTES.length, 'utf8');
  const bytes = hash('sha1', named.subarray(0, NAMESPACE_BYTES.length + length), 'buffer');
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newId(): string {
  return randomUUID();
}

/**
 * The id of a resource a command creates (a disclosure, a case, a claim, an objection). With an
 * Idempotency-Key a retry lands on the same resource; without one every request makes a new one.
 * `scope` names the kind and whose key it is (keys are the caller's, never global).
 */
export function idForCreation(idempotencyKey: string | undefined, ...scope: string[]): string {
  return idempotencyKey ? deterministicUuid(...scope, idempotencyKey) : newId();
}

/**
 * The id of the `index`-th event a command appends to a stream. Knowing it before the append lets
 * an event cite itself (e.g. an evaluation's id is its event id) and lets retries find their event.
 */
export function commandEventId(commandId: string, streamId: string, index: number): string {
  return deterministicUuid(commandId, streamId, String(index));
}
