/**
 * R7 publicity period — the day-counting rule (docs/adr/0006-publicity-period-day-counting.md).
 *
 * R7-DAYS: with agreement pricing the unit publishes the achievement's name and proposed price for
 * no less than 15 days (公示期不少于15日, XZ-12; HN-6). We count calendar days in Asia/Shanghai:
 * - the period starts at the instant the notice is published;
 * - the publication day itself does not count (a notice published at 23:59:59 and one published at
 *   00:00:00 of the same Shanghai day get the same end): day 1 is the next Shanghai calendar day;
 * - the period ends at 24:00 Asia/Shanghai of day N, i.e. 00:00:00.000 of day N + 1; from that instant
 *   on (inclusive) the period is over, one millisecond earlier it is not;
 * - N is the unit's policy, at least 15 (a unit may set more, never less).
 * Shanghai calendar days come from the kernel (fixed +08:00, exact since 1991).
 */
import { DAY_MS, shanghaiDate, shanghaiMidnight } from '@chengguo/kernel';

export const MIN_PUBLICITY_DAYS = 15;
/** Upper bound on a unit's policy, only to catch typing mistakes (a year). */
export const MAX_PUBLICITY_DAYS = 366;

/** R7-DAYS: the instant the publicity period of a notice published at `publishedAt` ends (exclusive). */
export function publicityPeriodEnd(publishedAt: string, days: number): string {
  if (!Number.isInteger(days) || days < 1) throw new Error(`days must be a positive whole number, got ${days}`);
  const publishedMs = Date.parse(publishedAt);
  if (Number.isNaN(publishedMs)) throw new Error(`publishedAt is not an instant: ${publishedAt}`);
  // Publication day = day 0; the last counted day is day `days`; the period ends when it ends.
  return shanghaiMidnight(shanghaiDate(new Date(publishedMs)), days + 1);
}

/** R7-DAYS: whether the period has run its course at `now` (the end instant itself counts as over). */
export function publicityPeriodOver(periodEndsAt: string, now: string): boolean {
  return Date.parse(now) >= Date.parse(periodEndsAt);
}

/**
 * Counted days not yet over at `now`, for the notice board: `days` on the publication day, 1 during
 * the last counted day, 0 once the period has ended. Exact because the end lies on a Shanghai
 * midnight and Shanghai days are all 24 hours long.
 */
export function publicityDaysRemaining(periodEndsAt: string, days: number, now: string | Date): number {
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const left = Date.parse(periodEndsAt) - nowMs;
  if (left <= 0) return 0;
  return Math.min(days, Math.ceil(left / DAY_MS));
}
