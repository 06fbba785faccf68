import { canonicalJson, termsHash } from './terms-hash';

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
