/**
 * Calendar days in Asia/Shanghai, the time zone every deadline of the rules is counted in.
 * Asia/Shanghai has had a fixed +08:00 offset without daylight saving since 1991, so a fixed offset
 * is exact for every date the system handles; no time-zone database is needed, and workflow code
 * may use these too.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant 00:00:00 Asia/Shanghai of a calendar date (YYYY-MM-DD) plus `days`, as an ISO UTC string. */
export function shanghaiMidnight(date: string, days = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days) - SHANGHAI_OFFSET_MS).toISOString();
}
