import { shanghaiMidnight } from '@chengguo/kernel';
import type { AchievementRights, PatentKind } from './achievement.events';

/**
 * Rights maintenance (权利维护, R12 / XZ-17): the annual fees (年费) that keep a patent alive, as the
 * Patent Law and its Implementing Rules fix them. Pure calendar arithmetic, no clock:
 * - the patentee pays annual fees from the year in which the patent is granted (Patent Law Art. 43);
 *   the grant year's fee is paid with the registration formalities, without which no grant is
 *   recorded, so the schedule here starts with the year after it;
 * - years are counted from the filing date: patent year n runs from the (n-1)th anniversary of the
 *   filing date, and the fee for year n is due by that anniversary (Implementing Rules, the article
 *   on annual fees: "授予专利权当年以后的年费应当在上一年度期满前缴纳");
 * - an unpaid fee may still be paid within six months of its due date with a late fee of 5 % of
 *   that year's full fee for each whole month late (same article); unpaid at the end of those six
 *   months, the right terminates as from the due date (same article; Patent Law Art. 44);
 * - the term is 20 years for an invention patent, 10 for a utility model and 15 for a design, from
 *   the filing date (Patent Law Art. 42, as amended in 2020).
 * Dates are Asia/Shanghai calendar dates (YYYY-MM-DD); an anniversary of 29 February falls on
 * 28 February in a common year.
 */

export const PATENT_TERM_YEARS: Record<PatentKind, number> = { invention_patent: 20, utility_model: 10, design: 15 };
export const ANNUITY_GRACE_MONTHS = 6;
/** The late fee per whole month past the due date, in basis points of that year's fee. */
export const LATE_FEE_BASIS_POINTS_PER_MONTH = 500;

export interface AnnuityDue {
  /** Patent year (1 = the year from the filing date). */
  year: number;
  /** The filing date's anniversary that opens the year: the fee is due by it. */
  dueDate: string;
  /** The last day the fee can still be paid, with a late fee. */
  graceEndsOn: string;
}

/** A calendar date plus whole months, the day clamped to the month's end (29 Feb + 12 months → 28 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  // Plain arithmetic: the ledger's annuity column calls this dozens of times per event folded.
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  if (year < 0 || year > 9999 || !Number.isInteger(index) || !Number.isInteger(d)) {
    const first = new Date(Date.UTC(y, m - 1 + months, 1));
    const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay))).toISOString().slice(0, 10);
  }
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The patent year (from 1) a calendar date falls in, counted from the filing date. */
export function patentYearOf(filingDate: string, date: string): number {
  let year = 1;
  while (addMonths(filingDate, 12 * year) <= date) year++;
  return year;
}

/** The due date and grace end of year `year` of a right filed on `filingDate`. */
export function annuityDue(filingDate: string, year: number): AnnuityDue {
  const dueDate = addMonths(filingDate, 12 * (year - 1));
  return { year, dueDate, graceEndsOn: addMonths(dueDate, ANNUITY_GRACE_MONTHS) };
}

/**
 * Every annual fee a granted patent still owes after its grant year, up to the end of its term;
 * empty until it is granted (no fee is due on an application alone).
 */
export function annuitySchedule(rights: AchievementRights): AnnuityDue[] {
  if (!rights.filingDate || !rights.grantDate || !rights.patentKind) return [];
  const grantYear = patentYearOf(rights.filingDate, rights.grantDate);
  const term = PATENT_TERM_YEARS[rights.patentKind];
  const schedule: AnnuityDue[] = [];
  for (let year = grantYear + 1; year <= term; year++) schedule.push(annuityDue(rights.filingDate, year));
  return schedule;
}

/** Whole months from the due date to the payment date (0 within the first month). */
export function wholeMonthsLate(dueDate: string, paidOn: string): number {
  let months = 0;
  while (months < ANNUITY_GRACE_MONTHS && addMonths(dueDate, months + 1) <= paidOn) months++;
  return months;
}

/** The statutory late fee for paying `amountFen` on `paidOn`, rounded down to whole fen. */
export function statutoryLateFeeFen(amountFen: number, dueDate: string, paidOn: string): number {
  return Math.floor((amountFen * LATE_FEE_BASIS_POINTS_PER_MONTH * wholeMonthsLate(dueDate, paidOn)) / 10_000);
}

/** The instant a calendar date ends in Asia/Shanghai (its next midnight): deadlines "by" a date run to it. */
export const endOfShanghaiDay = (date: string): string => shanghaiMidnight(date, 1);
