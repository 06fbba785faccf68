import { shanghaiDate, shanghaiMidnight } from '@chengguo/kernel';
import { publicityDaysRemaining, publicityPeriodEnd, publicityPeriodOver } from './publicity-period';

/** R7-DAYS: Asia/Shanghai calendar days; the publication day does not count; the end is 24:00 of day N. */
describe('publicity period day counting (R7-DAYS)', () => {
  // 2026-03-01 in Shanghai runs from 2026-02-28T16:00:00Z to 2026-03-01T16:00:00Z.
  const firstSecondOfMarch1 = '2026-02-28T16:00:00.000Z'; // 00:00:00 +08:00
  const lastSecondOfMarch1 = '2026-03-01T15:59:59.000Z'; // 23:59:59 +08:00
  const end15 = '2026-03-16T16:00:00.000Z'; // 2026-03-17 00:00:00 +08:00 = 24:00 of day 15 (March 16)

  it('reads Shanghai calendar dates at the day boundary', () => {
    expect(shanghaiDate(firstSecondOfMarch1)).toBe('2026-03-01');
    expect(shanghaiDate('2026-02-28T15:59:59.999Z')).toBe('2026-02-28');
    expect(shanghaiDate(lastSecondOfMarch1)).toBe('2026-03-01');
    expect(shanghaiDate('2026-03-01T16:00:00.000Z')).toBe('2026-03-02');
    expect(shanghaiMidnight('2026-03-17')).toBe(end15);
  });

  it('a notice published at 00:00:00 and one published at 23:59:59 of the same Shanghai day end together', () => {
    expect(publicityPeriodEnd(firstSecondOfMarch1, 15)).toBe(end15);
    expect(publicityPeriodEnd(lastSecondOfMarch1, 15)).toBe(end15);
  });

  it('one second later, on the next Shanghai day, the end moves by a whole day', () => {
    expect(publicityPeriodEnd('2026-03-01T16:00:00.000Z', 15)).toBe('2026-03-17T16:00:00.000Z');
    // …and one second before 00:00:00 of March 1 it is still February 28: a day earlier.
    expect(publicityPeriodEnd('2026-02-28T15:59:59.000Z', 15)).toBe('2026-03-15T16:00:00.000Z');
  });

  it('a UTC date differs from the Shanghai date in the evening (UTC) — the Shanghai date decides', () => {
    // 2026-03-01T20:00Z is 2026-03-02 04:00 in Shanghai.
    expect(publicityPeriodEnd('2026-03-01T20:00:00.000Z', 15)).toBe('2026-03-17T16:00:00.000Z');
  });

  it('the period is over at the end instant itself, not one second (or millisecond) earlier', () => {
    expect(publicityPeriodOver(end15, '2026-03-16T15:59:59.000Z')).toBe(false);
    expect(publicityPeriodOver(end15, '2026-03-16T15:59:59.999Z')).toBe(false);
    expect(publicityPeriodOver(end15, end15)).toBe(true);
    expect(publicityPeriodOver(end15, '2026-03-16T16:00:01.000Z')).toBe(true);
  });

  it('a unit policy of more days extends the end by whole Shanghai days', () => {
    expect(publicityPeriodEnd(firstSecondOfMarch1, 20)).toBe('2026-03-21T16:00:00.000Z');
  });

  it('counts across month and year ends (and February of a leap year)', () => {
    // Published 2027-12-20 10:00 +08:00: day 15 is 2028-01-04; ends 2028-01-05 00:00 +08:00.
    expect(publicityPeriodEnd('2027-12-20T02:00:00.000Z', 15)).toBe('2028-01-04T16:00:00.000Z');
    // Published 2028-02-20 (leap year): day 15 is 2028-03-06; ends 2028-03-07 00:00 +08:00.
    expect(publicityPeriodEnd('2028-02-20T02:00:00.000Z', 15)).toBe('2028-03-06T16:00:00.000Z');
  });

  it('refuses nonsense input', () => {
    expect(() => publicityPeriodEnd('not a date', 15)).toThrow();
    expect(() => publicityPeriodEnd(firstSecondOfMarch1, 0)).toThrow();
    expect(() => publicityPeriodEnd(firstSecondOfMarch1, 1.5)).toThrow();
  });

  describe('days remaining on the notice board', () => {
    it('shows all N days on the publication day, however late it was published', () => {
      expect(publicityDaysRemaining(end15, 15, firstSecondOfMarch1)).toBe(15);
      expect(publicityDaysRemaining(end15, 15, lastSecondOfMarch1)).toBe(15);
    });

    it('counts down at Shanghai midnight', () => {
      expect(publicityDaysRemaining(end15, 15, '2026-03-01T16:00:00.000Z')).toBe(15); // day 1 begins
      expect(publicityDaysRemaining(end15, 15, '2026-03-02T15:59:59.000Z')).toBe(15); // day 1 ends
      expect(publicityDaysRemaining(end15, 15, '2026-03-02T16:00:00.000Z')).toBe(14); // day 2 begins
      expect(publicityDaysRemaining(end15, 15, '2026-03-15T16:00:00.000Z')).toBe(1); // day 15 begins
      expect(publicityDaysRemaining(end15, 15, '2026-03-16T15:59:59.000Z')).toBe(1); // its last second
      expect(publicityDaysRemaining(end15, 15, end15)).toBe(0);
      expect(publicityDaysRemaining(end15, 15, '2026-04-01T00:00:00.000Z')).toBe(0);
    });
  });
});
