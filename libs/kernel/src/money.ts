/**
 * Money is integer fen (1 yuan = 100 fen) everywhere in events and state, so sums are exact and the
 * canonical JSON of an amount never depends on float formatting.
 */
export type Fen = number;

/** A whole, non-negative number of fen that survives JSON and arithmetic exactly. */
export function isWholeFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * `basisPoints` / 10 000 of an amount, rounded half up, computed exactly (BigInt: amount × 10 000
 * can pass 2^53 for large sums).
 */
export function shareOfFen(amount: Fen, basisPoints: number): Fen {
  if (!isWholeFen(amount)) throw new RangeError('amount must be a non-negative whole number of fen');
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) throw new RangeError('basisPoints must be 0–10000');
  return Number((BigInt(amount) * BigInt(basisPoints) + 5_000n) / 10_000n);
}

/** Yuan with two decimals for people (e.g. 1234567 fen → "12345.67"); never parsed back. */
export function formatYuan(amount: Fen): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
