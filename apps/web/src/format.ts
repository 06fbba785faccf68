import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every date the portal shows is Beijing time, whatever the browser's zone: the rules count days there (R7-DAYS). */
export const ZONE = 'Asia/Shanghai';

export function dateTime(value: string | Date | null | undefined): string {
  return value ? dayjs(value).tz(ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

export function date(value: string | Date | null | undefined): string {
  return value ? dayjs(value).tz(ZONE).format('YYYY-MM-DD') : '—';
}

/** Integer fen → "¥1,234.56": integer arithmetic, so no float ever rounds a price. */
export function yuan(fen: number | string | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  const value = BigInt(typeof fen === 'number' ? Math.round(fen) : fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${whole}.${cents}`;
}

/** "1234.5" (yuan, as typed) → 123450 fen; null when it is not an amount with at most two decimals. */
export function fenFromYuan(text: string): number | null {
  const match = /^\s*(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(text.replace(/,/g, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Shares are stored in basis points (10000 = 100 %). */
export const percent = (basisPoints: number): string => `${(basisPoints / 100).toFixed(2)} %`;

/** Time left until an instant, in whole days and hours (a publicity countdown). */
export function timeLeft(until: string | Date, now: Date = new Date()): { days: number; hours: number; over: boolean } {
  const ms = new Date(until).getTime() - now.getTime();
  if (ms <= 0) return { days: 0, hours: 0, over: true };
  return { days: Math.floor(ms / 86_400_000), hours: Math.floor((ms % 86_400_000) / 3_600_000), over: false };
}
