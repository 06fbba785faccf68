import { canonicalJson, termsHash } from '@chengguo/kernel';

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

  it('keeps U+0000 and astral characters as JSON escapes/characters', () => {
    expect(canonicalJson({ t: 'a\u0000b😀' })).toBe('{"t":"a\\u0000b😀"}');
  });
});
