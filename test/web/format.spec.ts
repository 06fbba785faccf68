import { date, dateTime, fenFromYuan, percent, timeLeft, yuan } from '../../apps/web/src/format';

/** What the portal shows for money (stored in fen), shares (basis points) and instants (Beijing time). */
describe('portal formatting', () => {
  it('shows fen as yuan with two decimals and thousands separators, without floating-point rounding', () => {
    expect(yuan(120_000_050)).toBe('¥1,200,000.50');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(-1999)).toBe('-¥19.99');
    expect(yuan('900719925474099')).toBe('¥9,007,199,254,740.99');
    expect(yuan(null)).toBe('—');
  });

  it('reads typed yuan into whole fen, refusing more than two decimals or anything else', () => {
    expect(fenFromYuan('1200000.5')).toBe(120_000_050);
    expect(fenFromYuan('1,234.56')).toBe(123_456);
    expect(fenFromYuan(' 7 ')).toBe(700);
    expect(fenFromYuan('0.005')).toBeNull();
    expect(fenFromYuan('-1')).toBeNull();
    expect(fenFromYuan('1e3')).toBeNull();
  });

  it('shows instants in Asia/Shanghai whatever the zone of the machine', () => {
    expect(dateTime('2026-03-01T16:30:00Z')).toBe('2026-03-02 00:30');
    expect(date('2026-03-01T16:30:00Z')).toBe('2026-03-02');
    expect(dateTime(null)).toBe('—');
  });

  it('shows basis points as percent, and counts down to an instant', () => {
    expect(percent(6000)).toBe('60.00 %');
    expect(percent(3333)).toBe('33.33 %');
    const now = new Date('2026-03-01T00:00:00Z');
    expect(timeLeft('2026-03-16T05:00:00Z', now)).toEqual({ days: 15, hours: 5, over: false });
    expect(timeLeft('2026-02-28T00:00:00Z', now)).toEqual({ days: 0, hours: 0, over: true });
  });
});
