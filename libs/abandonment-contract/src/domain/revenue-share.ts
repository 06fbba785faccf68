import { shareOfFen } from '@chengguo/kernel';

/**
 * R3: of the revenue the inventors earn from the abandoned-then-granted patent, after deducting the
 * application and maintenance costs, they pay the unit the agreed share. Money is integer fen.
 *
 * For each revenue report: deducted = min(revenue, costs not yet deducted); the unit's share =
 * round_half_up((revenue − deducted) × shareBasisPoints / 10000); costs beyond the revenue carry
 * forward to later reports. Rounding: half a fen or more rounds up, less rounds down (round half
 * up), computed exactly in integers.
 */
export interface RevenueShareInput {
  revenueFen: number;
  /** Deductible costs paid so far and not yet deducted from earlier reports. */
  costsCarriedFen: number;
  shareBasisPoints: number;
}

export interface RevenueShareOutcome {
  deductedFen: number;
  netRevenueFen: number;
  unitShareFen: number;
  costsCarriedForwardFen: number;
}

export function unitRevenueShare({ revenueFen, costsCarriedFen, shareBasisPoints }: RevenueShareInput): RevenueShareOutcome {
  for (const [name, value] of Object.entries({ revenueFen, costsCarriedFen })) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative whole number of fen`);
  }
  if (!Number.isInteger(shareBasisPoints) || shareBasisPoints < 0 || shareBasisPoints > 10_000) {
    throw new RangeError('shareBasisPoints must be 0–10000');
  }
  const deductedFen = Math.min(revenueFen, costsCarriedFen);
  const netRevenueFen = revenueFen - deductedFen;
  const unitShareFen = shareOfFen(netRevenueFen, shareBasisPoints);
  return { deductedFen, netRevenueFen, unitShareFen, costsCarriedForwardFen: costsCarriedFen - deductedFen };
}

/** A patent fee on record: what was paid, when (its receipt's date), and whether the terms let it be deducted. */
export interface FeeOnRecord {
  paidOn: string;
  amountFen: number;
  deductible: boolean;
}

/** A revenue report as the inventors stated it. */
export interface PeriodRevenue {
  periodStart: string;
  periodEnd: string;
  revenueFen: number;
  shareBasisPoints: number;
}

export type ShareFigures = RevenueShareOutcome;
export type PeriodShare = PeriodRevenue & ShareFigures;

/**
 * R3, fees by the period they were paid in: walking the reports in period order, each report may
 * deduct the deductible fees paid (by receipt date) up to its period's end that earlier periods
 * did not use. The outcome depends only on the sets of fees and reports, never on the order in
 * which they were recorded, so a late receipt changes the figures exactly as if it had come first.
 */
export function revenueSchedule(fees: readonly FeeOnRecord[], reports: readonly PeriodRevenue[]): PeriodShare[] {
  const deductible = fees.filter((f) => f.deductible);
  let deductedSoFar = 0;
  return [...reports]
    .sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0))
    .map((report) => {
      const paidByEnd = deductible.filter((f) => f.paidOn <= report.periodEnd).reduce((sum, f) => sum + f.amountFen, 0);
      const figures = unitRevenueShare({
        revenueFen: report.revenueFen,
        costsCarriedFen: paidByEnd - deductedSoFar,
        shareBasisPoints: report.shareBasisPoints,
      });
      deductedSoFar += figures.deductedFen;
      return { ...report, ...figures };
    });
}
