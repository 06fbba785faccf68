// Shapes every request body checks the same way (class-validator `Matches`/`Max`): one definition.

/** A calendar date, YYYY-MM-DD (the day itself is checked by the decider where it matters). */
export const CALENDAR_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A document bound by its SHA-256, lower-case hex. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Up to 10^15 fen (10 trillion yuan): far above any amount the unit handles, well inside exact integers. */
export const MAX_FEN = 1_000_000_000_000_000;
