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
  // Strings and numbers first: most members are, and their prototypes carry no toJSON.
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  const toJson = (value as { toJSON?: () => unknown } | null | undefined)?.toJSON;
  if (typeof toJson === 'function') return canonical(toJson.call(value));
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? undefined;
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      // A hole stays empty, as Array.prototype.map left it (the bytes hashed so far).
      if (i in value) text += canonical(value[i]) ?? 'null';
    }
    return `${text}]`;
  }
  // Object.keys gives strings: the default sort is by UTF-16 code unit.
  const keys = Object.keys(value as object).sort();
  let text = '{';
  for (const key of keys) {
    const member = canonical((value as Record<string, unknown>)[key]);
    if (member === undefined) continue;
    text += text.length === 1 ? `${JSON.stringify(key)}:${member}` : `,${JSON.stringify(key)}:${member}`;
  }
  return `${text}}`;
}

/** The SHA-256 used for terms hashes: the pure one until a Node process installs its native one. */
let sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));

/**
 * Lets a Node process hash terms with its native SHA-256 (`crypto.hash`, ≈ 3× faster on a command's
 * terms). The bytes and so the hashes are the same; workflow code, which has no Node built-ins,
 * keeps the pure JavaScript one.
 */
export function useNativeSha256(hex: (text: string) => string): void {
  sha256Hex = hex;
}

/**
 * SHA-256 (lower-case hex) of the canonical JSON of the terms a party signs. Pure JavaScript unless
 * the process installed a native SHA-256, so domain code and workflow code may call it without
 * Node's crypto module.
 */
export function termsHash(terms: unknown): string {
  return sha256Hex(canonicalJson(terms));
}
