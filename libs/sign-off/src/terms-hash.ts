import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by code point, no insignificant whitespace, numbers in their
 * shortest round-trip form (JSON.stringify's). Two parties looking at the same terms compute the
 * same bytes, so a signature can bind to their hash.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Terms cannot contain NaN or Infinity');
    if (value === undefined) throw new Error('Terms cannot contain undefined');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (lower-case hex) of the canonical JSON of the terms. */
export function termsHash(terms: unknown): string {
  return createHash('sha256').update(canonicalJson(terms), 'utf8').digest('hex');
}
