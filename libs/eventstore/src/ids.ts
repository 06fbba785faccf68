import { hash, randomUUID } from 'node:crypto';

/** Namespace for Chengguo's name-based (v5) UUIDs. Fixed forever: ids derived from it are stored. */
const CHENGGUO_NAMESPACE = '6b1f0c9e-3d55-4b8e-9b59-2f1c6e1f7a10';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** The namespace's bytes, computed once: every command derives its event ids from them. */
const NAMESPACE_BYTES = uuidBytes(CHENGGUO_NAMESPACE);

/**
 * RFC 9562 version-5 UUID of `name`. Retried writers (activities, HTTP retries with an
 * Idempotency-Key) derive the same event id, so the event store's idempotent append absorbs them.
 */
export function deterministicUuid(...nameParts: string[]): string {
  // One-shot hash (no Hash object): every event a command appends derives its id here.
  const hex = hash('sha1', Buffer.concat([NAMESPACE_BYTES, Buffer.from(nameParts.join('\u001f'))]), 'hex');
  // The first 16 bytes, version 5 in the high nibble of byte 6, the RFC variant (10xx) in byte 8's.
  const variant = '89ab'[parseInt(hex[16], 16) & 0x3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
