import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * The one canonical JSON of the system: the value as JSON.stringify would see it (toJSON honoured,
 * undefined object members dropped, undefined array items written as null), with object keys sorted
 * by UTF-16 code unit and no insignificant whitespace. Two parties looking at the same value compute
 * the same bytes, so a signature (terms hash) and the hash chain can both bind to them. Non-finite
 * numbers have no JSON form and are refused rather than silently turned into null.
 */
export function canonicalJson(value: unknown): string {
  const text = canonical(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form (undefined or a function)');
  return text;
}

function canonical(value: unknown): string | undefined {
  const toJson = (value as { toJSON?: () => unknown } | null | undefined)?.toJSON;
  if (typeof toJson === 'function') return canonical(toJson.call(value));
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? undefined;
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(value as object).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = canonical((value as Record<string, unknown>)[key]);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}

/**
 * SHA-256 (lower-case hex) of the canonical JSON of the terms a party signs. Pure JavaScript, so
 * domain code and workflow code may call it without Node's crypto module.
 */
export function termsHash(terms: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(terms))));
}
