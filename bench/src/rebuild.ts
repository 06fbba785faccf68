// The list of processes registers their audit folds and upcasters.
import { PROCESS_PROJECTION_SOURCE, PROCESS_PROJECTIONS, PROCESS_READ_MODELS } from '@chengguo/processes';
import { PostgresEventStore } from '@chengguo/eventstore';
import { createReadModelDataSource, migrateReadModels, Projection, Projector, RebuildTimings } from '@chengguo/read-models';
import { Client } from 'pg';
import { now, Row, row, seconds } from './report';

/** Page size of both the raw scan and the rebuild's reads. */
export const SCAN_PAGE = 2_000;

/**
 * A keyset SELECT of every column of every event, in $all order, pages of SCAN_PAGE; events/s. One
 * warm pass first unless the caller has just read the whole store (the growth stage has).
 */
export async function rawScanRate(url: string, warm = true): Promise<{ rate: number; events: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const scan = async (): Promise<number> => {
    let after = '0';
    let count = 0;
    for (;;) {
      const { rows } = await client.query<{ global_position: string }>(
        `SELECT global_position, transaction_id::text AS commit_position, stream_id, stream_revision, event_id, event_type, schema_version,
                data, metadata, recorded_at, prev_hash, hash
           FROM event_store.events WHERE global_position > $1 ORDER BY global_position LIMIT ${SCAN_PAGE}`,
        [after],
      );
      count += rows.length;
      if (rows.length < SCAN_PAGE) return count;
      after = rows[rows.length - 1].global_position;
    }
  };
  if (warm) await scan();
  const start = now();
  const events = await scan();
  const rate = events / seconds(start);
  await client.end();
  return { rate, events };
}

/** The projections the worker runs, every one of them (its list: the processes' manifests). */
export const ALL_PROJECTIONS: readonly Projection[] = PROCESS_PROJECTIONS;

export interface RebuildResult {
  rate: number;
  events: number;
  seconds: number;
  rows: Record<string, number>;
  /** The projector's own account of the rebuild: its phases and each projection's apply time. */
  timings: RebuildTimings | null;
  /** CPU of this process per event (µs): the fold and the decoding of the events read. */
  nodeCpuPerEvent: number;
}

/**
 * `Projector.rebuild()` of every projection together, as the worker would (its projector over the
 * same list), timed until it resolves (the pass has reached the head); then the read models' row counts.
 */
export async function rebuildAll(url: string, events: number): Promise<RebuildResult> {
  const store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 50 });
  const dataSource = createReadModelDataSource(url, PROCESS_READ_MODELS);
  await dataSource.initialize();
  await migrateReadModels(dataSource);
  // As `npm run rebuild-read-models` runs it: half of the projections folded in a second thread
  // once that half is large enough (REBUILD_THREAD_MIN_EVENTS alike: `Infinity` keeps one thread).
  const minEvents = process.env.REBUILD_THREAD_MIN_EVENTS;
  const projector = new Projector(store, dataSource, ALL_PROJECTIONS, {
    rebuildThread: { source: PROCESS_PROJECTION_SOURCE, eventStoreUrl: url, minEvents: minEvents ? Number(minEvents) : undefined },
  });
  const cpu = process.cpuUsage();
  const start = now();
  await projector.rebuild();
  const elapsed = seconds(start);
  const used = process.cpuUsage(cpu);
  await projector.stop();
  const counts: Record<string, number> = {};
  for (const table of ['disclosures', 'achievement_register']) {
    counts[table] = Number((await dataSource.query(`SELECT count(*) AS n FROM read_models.${table}`))[0].n);
  }
  await dataSource.destroy();
  await store.close();
  return {
    rate: events / elapsed,
    events,
    seconds: elapsed,
    rows: counts,
    timings: projector.lastRebuild,
    nodeCpuPerEvent: (used.user + used.system) / events,
  };
}

/** Where the time went: phases, the two heaviest projections' fold, waits, and Node's CPU per event. */
function timingsNote(result: RebuildResult): string {
  const t = result.timings;
  const cpu = `Node CPU ${result.nodeCpuPerEvent.toFixed(1)} µs/event`;
  if (!t) return cpu;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const heaviest = Object.entries(t.applyMs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([name, ms]) => `${name} ${s(ms)}`)
    .join(', ');
  const thread =
    t.threaded.length > 0
      ? `, ${t.threaded.length} of them folded in a second thread${t.threaded.includes('achievement-register') ? ' (the register among them)' : ''}`
      : '';
  return (
    `${t.mode}${thread}: fill ${s(t.fillMs)} (folding ${heaviest}; the event loop's turns between folds${thread ? " (both threads' summed)" : ''}, decoding reads and sending writes, ${s(t.turnsMs)}; waiting for reads ${s(t.readWaitMs)}, for writes ${s(t.writeWaitMs)}), ` +
    `logged + indexes ${s(t.finishMs)}, tail + swap ${s(t.swapMs)}; ${cpu}`
  );
}

/** Item 3: every projection rebuilt together vs a raw keyset scan of the same events. */
export function rebuildRow(result: RebuildResult, raw: { rate: number }): Row {
  return row({
    item: 3,
    name: `rebuild of all ${ALL_PROJECTIONS.length} projections together, ${result.events.toLocaleString('en-US')} events`,
    ours: result.rate,
    unit: 'events/s',
    baselineName: `raw keyset SELECT scan, pages of ${SCAN_PAGE.toLocaleString('en-US')}`,
    baseline: raw.rate,
    goal: 0.7,
    note:
      `Projector.rebuild(): one pass over $all for every projection, pages of ${SCAN_PAGE.toLocaleString('en-US')} (types filtered in SQL, next page read ` +
      `while this one is folded), into fresh unlogged tables written while the next page is folded (new rows by COPY), made logged, GIN and query-only indexes built, analysed, ` +
      `swapped in with the checkpoints in one transaction; ${timingsNote(result)}; ` +
      Object.entries(result.rows)
        .map(([t, n]) => `${n.toLocaleString('en-US')} ${t} rows`)
        .join(', '),
  });
}
