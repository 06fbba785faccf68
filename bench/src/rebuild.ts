// The list of processes registers their audit folds and upcasters.
import { PROCESS_READ_MODELS, PROCESSES } from '@chengguo/processes';
import { PostgresEventStore } from '@chengguo/eventstore';
import { createReadModelDataSource, migrateReadModels, Projector } from '@chengguo/read-models';
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
export const ALL_PROJECTIONS = PROCESSES.flatMap((p) => p.projections ?? []);

export interface RebuildResult {
  rate: number;
  events: number;
  seconds: number;
  rows: Record<string, number>;
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
  const projector = new Projector(store, dataSource, ALL_PROJECTIONS);
  const start = now();
  await projector.rebuild();
  const elapsed = seconds(start);
  await projector.stop();
  const counts: Record<string, number> = {};
  for (const table of ['disclosures', 'achievement_register']) {
    counts[table] = Number((await dataSource.query(`SELECT count(*) AS n FROM read_models.${table}`))[0].n);
  }
  await dataSource.destroy();
  await store.close();
  return { rate: events / elapsed, events, seconds: elapsed, rows: counts };
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
      `while this one is applied), one transaction per page with every projection's rows and checkpoint; ` +
      Object.entries(result.rows)
        .map(([t, n]) => `${n.toLocaleString('en-US')} ${t} rows`)
        .join(', '),
  });
}
