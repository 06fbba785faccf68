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
