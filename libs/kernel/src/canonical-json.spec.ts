import { canonicalJson, termsHash, useNativeSha256 } from '@chengguo/kernel';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { createHash } from 'node:crypto';

describe('terms hash', () => {
  it('is independent of key order and whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: '专利申请权' } })).toBe('{"a":{"c":"专利申请权","d":[1,2]},"b":1}');
    expect(termsHash({ b: 1, a: 2 })).toBe(termsHash({ a: 2, b: 1 }));
  });

  it('changes with any change of the terms', () => {
    expect(termsHash({ unitShareBasisPoints: 3000 })).not.toBe(termsHash({ unitShareBasisPoints: 3001 }));
  });

  it('is the SHA-256 of the canonical bytes', () => {
    // sha256('{"a":1}')
    expect(termsHash({ a: 1 })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });

  it('is the same with a native SHA-256 installed as with the pure one', () => {
    const values = [{ a: 1 }, { title: '低温固态电池 😀', inventors: [{ userId: 'u1', sharePercent: 60 }], lone: '\ud800' }, []];
    const pure = values.map(termsHash);
    try {
      useNativeSha256((text) => createHash('sha256').update(text, 'utf8').digest('hex'));
      expect(values.map(termsHash)).toEqual(pure);
      useNativeSha256(() => 'installed');
      expect(termsHash({ a: 1 })).toBe('installed'); // the installed one is the one used
    } finally {
      useNativeSha256((text) => bytesToHex(sha256(utf8ToBytes(text))));
    }
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
  });
});

describe('canonical JSON', () => {
  it('sees a value as JSON.stringify does: toJSON honoured, undefined members dropped, undefined items null', () => {
    const at = new Date('2026-11-30T00:00:00.000Z');
    const value = { z: undefined, at, list: [1, undefined, 'x'], nested: { b: true, a: null } };
    expect(canonicalJson(value)).toBe('{"at":"2026-11-30T00:00:00.000Z","list":[1,null,"x"],"nested":{"a":null,"b":true}}');
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('gives the same bytes for a value and for that value read back from JSON (what the store returns)', () => {
    const value = { terms: { shares: [{ id: 'a', bp: 5000 }], at: new Date(0) }, note: undefined };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });

  it('refuses a value with no JSON form at all', () => {
    expect(() => canonicalJson(undefined)).toThrow();
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow();
  });

  it('writes what the former map-and-join form wrote, holes and nesting included', () => {
    const former = (value: unknown): string | undefined => {
      const toJson = (value as { toJSON?: () => unknown } | null | undefined)?.toJSON;
      if (typeof toJson === 'function') return former(toJson.call(value));
      if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? undefined;
      if (Array.isArray(value)) return `[${value.map((item) => former(item) ?? 'null').join(',')}]`;
      const members: string[] = [];
      for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        const text = former((value as Record<string, unknown>)[key]);
        if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${members.join(',')}}`;
    };
    // eslint-disable-next-line no-sparse-arrays
    const holed = [1, , 3];
    const values = [
      {},
      [],
      { b: [1, 'two', null, true, false, undefined, () => 1, { z: 1, a: [] }], a: { '10': 1, '9': 2, B: 3, b: 4, é: 5, '😀': 6 } },
      { holed, at: new Date(0), n: -0, big: 1e21, small: 5e-7 },
      [[[]], [{}], { x: undefined }],
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(former(value));
  });

  it('keeps U+0000 and astral characters as JSON escapes/characters', () => {
    expect(canonicalJson({ t: 'a\u0000b😀' })).toBe('{"t":"a\\u0000b😀"}');
  });
});
