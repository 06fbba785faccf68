/** One measured figure beside the baseline measured in the same run. */
export interface Row {
  /** Issue 21's item (1–7), or the name of an extra row kept from earlier issues (peer, replay, subscriber, Temporal). */
  item: number | string;
  name: string;
  ours: number | null;
  unit: string;
  baselineName: string;
  baseline: number | null;
  /** ours / baseline (or the speed-up for item 6); null when not measured. */
  ratio: number | null;
  /** The goal for the ratio, e.g. 0.6 means ≥ 0.6× (or, with `goalOn`, for `ours` or at most). */
  goal: number | null;
  /**
   * What the goal bounds: by default the ratio, at least (≥ goal×). `ours` + `at-most` is a latency
   * bound (p99 ≤ 50 ms); `ratio` + `at-most` a growth bound (≤ 2× from 10^4 to 10^6 events: flat).
   */
  goalOn?: { value: 'ratio' | 'ours'; direction: 'at-least' | 'at-most' };
  /** Met, missed, or no goal / not measured. */
  status: 'met' | 'missed' | 'info' | 'not measured';
  note: string;
  extra?: Record<string, unknown>;
}

export function row(r: Omit<Row, 'ratio' | 'status'> & { ratio?: number | null; status?: Row['status'] }): Row {
  const ratio = r.ratio !== undefined ? r.ratio : r.ours !== null && r.baseline ? r.ours / r.baseline : null;
  const measured = (r.goalOn?.value ?? 'ratio') === 'ours' ? r.ours : ratio;
  const status =
    r.status ??
    (measured === null
      ? 'not measured'
      : r.goal === null
        ? 'info'
        : shortfall({ ...r, ratio }) === null
          ? 'info'
          : shortfall({ ...r, ratio })! <= 1
            ? 'met'
            : 'missed');
  return { ...r, ratio, status };
}

/**
 * How far a row is from its goal, as a factor (1 = exactly on it, 2 = twice as far off as allowed,
 * below 1 = met with room); null without a goal or a figure. Orders the misses for "furthest".
 */
export function shortfall(r: Pick<Row, 'ours' | 'ratio' | 'goal' | 'goalOn'>): number | null {
  const measured = (r.goalOn?.value ?? 'ratio') === 'ours' ? r.ours : r.ratio;
  if (measured === null || r.goal === null || measured <= 0) return null;
  return (r.goalOn?.direction ?? 'at-least') === 'at-least' ? r.goal / measured : measured / r.goal;
}

export function goalText(r: Pick<Row, 'goal' | 'goalOn' | 'unit'>): string {
  if (r.goal === null) return '—';
  const sign = (r.goalOn?.direction ?? 'at-least') === 'at-least' ? '≥' : '≤';
  return (r.goalOn?.value ?? 'ratio') === 'ours' ? `${sign} ${r.goal} ${r.unit}` : `${sign} ${r.goal}×`;
}

export function notMeasured(item: number | string, name: string, reason: string): Row {
  return {
    item,
    name,
    ours: null,
    unit: '',
    baselineName: '',
    baseline: null,
    ratio: null,
    goal: null,
    status: 'not measured',
    note: reason,
  };
}

const fmt = (n: number | null, digits = 0): string =>
  n === null ? '—' : n >= 100 || digits === 0 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits);

export function table(rows: Row[]): string {
  const lines = [
    '| # | measure | ours | baseline | ratio | goal | status | note |',
    '| --- | --- | ---: | --- | ---: | ---: | --- | --- |',
  ];
  for (const r of rows) {
    const ours = r.ours === null ? '—' : `${fmt(r.ours, r.ours < 100 ? 2 : 0)} ${r.unit}`;
    const base = r.baseline === null ? r.baselineName || '—' : `${r.baselineName}: ${fmt(r.baseline, r.baseline < 100 ? 2 : 0)} ${r.unit}`;
    const ratio = r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`;
    const goal = goalText(r);
    lines.push(`| ${r.item} | ${r.name} | ${ours} | ${base} | ${ratio} | ${goal} | ${r.status} | ${r.note.replace(/\|/g, '/')} |`);
  }
  return lines.join('\n');
}

export function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs `tasks` with at most `concurrency` in flight; resolves when all are done. */
export async function pool<T>(items: T[], concurrency: number, worker: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await worker(items[index], index);
    }
  });
  await Promise.all(lanes);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const seconds = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e9;
export const now = (): bigint => process.hrtime.bigint();
