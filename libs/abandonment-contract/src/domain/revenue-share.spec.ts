import { unitRevenueShare } from './revenue-share';

describe('unit revenue share (R3)', () => {
  it('deducts costs first, then takes the share of the net', () =>
    expect(unitRevenueShare({ revenueFen: 1_000_000, costsCarriedFen: 200_000, shareBasisPoints: 3_000 })).toEqual({
      deductedFen: 200_000,
      netRevenueFen: 800_000,
      unitShareFen: 240_000,
      costsCarriedForwardFen: 0,
    }));

  it('carries costs larger than the revenue forward, and owes nothing', () =>
    expect(unitRevenueShare({ revenueFen: 50_000, costsCarriedFen: 120_000, shareBasisPoints: 3_000 })).toEqual({
      deductedFen: 50_000,
      netRevenueFen: 0,
      unitShareFen: 0,
      costsCarriedForwardFen: 70_000,
    }));

  it('owes nothing at a zero share', () =>
    expect(unitRevenueShare({ revenueFen: 999_999, costsCarriedFen: 0, shareBasisPoints: 0 }).unitShareFen).toBe(0));

  it('rounds half a fen up and less than half down', () => {
    expect(unitRevenueShare({ revenueFen: 5, costsCarriedFen: 0, shareBasisPoints: 1_000 }).unitShareFen).toBe(1); // 0.5 → 1
    expect(unitRevenueShare({ revenueFen: 4, costsCarriedFen: 0, shareBasisPoints: 1_000 }).unitShareFen).toBe(0); // 0.4 → 0
    expect(unitRevenueShare({ revenueFen: 333, costsCarriedFen: 0, shareBasisPoints: 3_333 }).unitShareFen).toBe(111); // 110.9889 → 111
  });

  it('stays exact for revenues beyond 2^53 / 10000', () =>
    expect(unitRevenueShare({ revenueFen: 9_007_199_254_740, costsCarriedFen: 0, shareBasisPoints: 9_999 }).unitShareFen).toBe(
      9_006_298_534_815,
    ));

  it('refuses fractional or negative money', () => {
    expect(() => unitRevenueShare({ revenueFen: 1.5, costsCarriedFen: 0, shareBasisPoints: 1 })).toThrow(RangeError);
    expect(() => unitRevenueShare({ revenueFen: 1, costsCarriedFen: -1, shareBasisPoints: 1 })).toThrow(RangeError);
  });
});
