import { DAY_MS, formatYuan, isWholeFen, shanghaiDate, shanghaiMidnight, shareOfFen } from '@chengguo/kernel';

describe('money in fen', () => {
  it('accepts only whole, non-negative, exactly representable amounts', () => {
    expect([0, 1, 123_456_78, Number.MAX_SAFE_INTEGER].every(isWholeFen)).toBe(true);
    expect([-1, 0.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, '100', null].some(isWholeFen)).toBe(false);
  });

  it('takes a share in basis points, rounding half a fen up, exactly beyond 2^53 / 10 000', () => {
    expect(shareOfFen(1_000, 3_000)).toBe(300);
    expect(shareOfFen(5, 1_000)).toBe(1); // 0.5 fen → 1
    expect(shareOfFen(4, 1_000)).toBe(0); // 0.4 fen → 0
    expect(shareOfFen(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => shareOfFen(100, 10_001)).toThrow(RangeError);
    expect(() => shareOfFen(1.5, 100)).toThrow(RangeError);
  });

  it('shows yuan with two decimals', () => {
    expect(formatYuan(1_234_567)).toBe('12345.67');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-120)).toBe('-1.20');
  });
});

describe('Asia/Shanghai calendar days', () => {
  it('puts an instant on its Shanghai date (UTC+8, no daylight saving)', () => {
    expect(shanghaiDate('2026-02-28T15:59:59.999Z')).toBe('2026-02-28');
    expect(shanghaiDate('2026-02-28T16:00:00.000Z')).toBe('2026-03-01');
  });

  it('gives the instant a Shanghai day starts, days later, across month and year ends', () => {
    expect(shanghaiMidnight('2026-03-01')).toBe('2026-02-28T16:00:00.000Z');
    expect(shanghaiMidnight('2026-12-31', 1)).toBe('2026-12-31T16:00:00.000Z');
    expect(Date.parse(shanghaiMidnight('2026-03-01', 15)) - Date.parse(shanghaiMidnight('2026-03-01'))).toBe(15 * DAY_MS);
  });
});
