/**
 * A progress bar for long verifications: percentage, count, rate and ETA. On a terminal it
 * redraws one line; elsewhere (CI logs, pipes) it prints a line at most every `intervalMs`.
 */
export interface ProgressOutput {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export class ProgressBar {
  private readonly started: number;
  private lastDrawn = 0;

  constructor(
    private readonly out: ProgressOutput,
    private readonly label: string,
    private readonly options: { width?: number; intervalMs?: number; now?: () => number } = {},
  ) {
    this.started = this.now();
  }

  update(done: number, total: number, force = false): void {
    const now = this.now();
    if (!force && now - this.lastDrawn < (this.options.intervalMs ?? (this.out.isTTY ? 80 : 250))) return;
    this.lastDrawn = now;
    const line = formatProgress(this.label, done, total, now - this.started, this.options.width ?? 28);
    this.out.write(this.out.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
  }

  finish(done: number, total: number): void {
    this.update(done, total, true);
    if (this.out.isTTY) this.out.write('\n');
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }
}

export function formatProgress(label: string, done: number, total: number, elapsedMs: number, width = 28): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const etaSeconds = rate > 0 ? Math.max(0, (total - done) / rate) : NaN;
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}% ${done}/${total} events | ${Math.round(rate)} ev/s | ETA ${formatDuration(etaSeconds)}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
