import { shanghaiMidnight, shareOfFen } from '@chengguo/kernel';
import type { Consideration, ReportingPeriod } from './licence.events';

/**
 * The calendar of a licence (pure): reporting periods, what falls due when, and what is still owed.
 * The decider refuses and records by it; the licence-term workflow's activities hand its due dates
 * to the workflow, which only waits (ADR 10: the workflow computes no rule).
 */

/** Days after the licence takes effect (or is converted) that an upfront fee falls due. */
export const UPFRONT_PAYMENT_DAYS = 30;
/** Days the licensee has to cure an overdue obligation once the TTO is told (contract practice; the unit's standard terms). */
export const CURE_PERIOD_DAYS = 30;

/** YYYY-MM-DD naming a real day. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant a calendar date ends in Asia/Shanghai: an obligation due that day is overdue from then. */
export const endOfDay = (date: string): string => shanghaiMidnight(date, 1);

export interface Period {
  period: string;
  startsOn: string;
  endsOn: string;
}

/** A period label (`YYYY-Qn` quarterly, `YYYY` annual) as dates, or null when it is not one of that kind. */
export function periodOf(label: string, kind: ReportingPeriod): Period | null {
  if (kind === 'annual') {
    if (!/^\d{4}$/.test(label)) return null;
    return { period: label, startsOn: `${label}-01-01`, endsOn: `${label}-12-31` };
  }
  const match = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!match) return null;
  const quarter = Number(match[2]);
  const startMonth = (quarter - 1) * 3 + 1;
  const startsOn = `${match[1]}-${String(startMonth).padStart(2, '0')}-01`;
  const next = quarter === 4 ? `${Number(match[1]) + 1}-01-01` : `${match[1]}-${String(startMonth + 3).padStart(2, '0')}-01`;
  return { period: label, startsOn, endsOn: addDays(next, -1) };
}

/** The period containing a date. */
export function periodContaining(date: string, kind: ReportingPeriod): Period {
  const year = date.slice(0, 4);
  if (kind === 'annual') return periodOf(year, 'annual')!;
  const quarter = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  return periodOf(`${year}-Q${quarter}`, 'quarterly')!;
}

/** Every reporting period overlapping [from, to], in order. */
export function periodsBetween(from: string, to: string, kind: ReportingPeriod): Period[] {
  const periods: Period[] = [];
  for (let p = periodContaining(from, kind); p.startsOn <= to; p = periodContaining(addDays(p.endsOn, 1), kind)) periods.push(p);
  return periods;
}

/** The royalty on net sales at a rate, rounded half up to the fen (exact: no float drift). */
export const royaltyOn = (netSalesFen: number, rateBasisPoints: number): number => shareOfFen(netSalesFen, rateBasisPoints);

/** The fixed part of a consideration: what the case's price covers (R6, R7); royalties come on top, on sales. */
export function fixedConsiderationFen(consideration: Consideration): number {
  return (
    consideration.upfrontFeeFen +
    consideration.milestones.reduce((sum, m) => sum + m.amountFen, 0) +
    consideration.deferredPayments.reduce((sum, d) => sum + d.amountFen, 0)
  );
}
