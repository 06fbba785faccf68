import 'reflect-metadata';
import { GlobalPosition, PostgresEventStore, RecordedEvent, START_OF_ALL, upcastEvent } from '@chengguo/eventstore';
import { Pool, types as pgTypes } from 'pg';
import { isDeepStrictEqual } from 'node:util';
import { PerformanceObserver } from 'node:perf_hooks';
import { achievementTemplates, eventsPerAchievement, fillAchievements } from '../../test/fixtures/achievements';
import { clusterCpu, createDatabase, postmasterOf, startPostgres } from './infra';
import { ALL_PROJECTIONS } from './rebuild';
import { log } from './report';

/**
 * A/B of the rebuild's read (not part of `npm run bench`): reads the whole achievement store, pages
 * of 2,000 of the types the projections read, through `readAllOfTypes` and through other forms of
 * the same query decoded into the same events (checked equal first), alternated in one process;
 * reports this process's CPU, its GC pauses and PostgreSQL's CPU (every process of the cluster)
 * per event. The forms are those tried in ADR 27 (issue 21, round six):
 *   - `row json`: each row one `json_build_array` of the columns, one JSON.parse per row;
 *   - `page json`: each page one `json_agg` of those arrays, one JSON.parse per page;
 *   - `four fields`: the scalar columns joined into one text, then stream id, data and metadata.
 *   node bench/dist/bench/src/read-ab.js [events=100000] [rounds=6] [variant,…]
 * READ_AB_URL=<url>: read a store filled already (by an earlier run) instead of a fresh one.
 */
const PAGE = 2000;
const WHERE = `WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot()) AND event_type = ANY($4::text[])`;
const ORDER = 'ORDER BY transaction_id, global_position';
const ARRAY = `json_build_array(global_position::text, transaction_id::text, stream_id, stream_revision::text, event_id,
    event_type, schema_version, data, metadata, recorded_at::text, prev_hash, hash)`;
const FOUR = `concat_ws(',', global_position, transaction_id, stream_revision, schema_version, event_id,
    coalesce('=' || prev_hash, ''), coalesce('=' || hash, ''), recorded_at, event_type), stream_id, data, metadata`;

type Tuple = [
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  unknown,
  RecordedEvent['metadata'],
  string,
  string | null,
  string | null,
];
type Reader = (after: GlobalPosition) => Promise<RecordedEvent[]>;

const asText = (value: string): string => value;
const parseJson = (text: string): unknown => JSON.parse(text);
const jsonTypes = { getTypeParser: (oid: number) => (oid === 114 || oid === 3802 ? parseJson : asText) };
const parseTimestamp = pgTypes.getTypeParser(1184, 'text') as (value: string) => Date;

/** The event `readAll` makes of these values (key order included); one per page, caching recorded_at's parse. */
function builder() {
  let lastText: string | null = null;
  let lastIso = '';
  return (
    gp: string,
    cp: string,
    streamId: string,
    rev: string,
    eventId: string,
    type: string,
    version: number,
    data: unknown,
    metadata: RecordedEvent['metadata'],
    at: string,
    prevHash: string | null,
    hash: string | null,
  ): RecordedEvent => {
    if (at !== lastText) {
      lastIso = parseTimestamp(at).toISOString();
      lastText = at;
    }
    metadata.eventId = eventId;
    metadata.type = type;
    metadata.schemaVersion = version;
    metadata.recordedAt = lastIso;
    const event: RecordedEvent = {
      streamId,
      revision: Number(rev),
      position: { commit: BigInt(cp), prepare: BigInt(gp) },
      eventId,
      type,
      schemaVersion: version,
      data,
      metadata,
    };
    if (hash !== null) event.hash = hash;
    if (prevHash !== null) event.prevHash = prevHash;
    return upcastEvent(event);
  };
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 6);
  const only = process.argv[4]?.split(',');
  const pg = process.env.READ_AB_URL ? null : await startPostgres();
  try {
    const url = process.env.READ_AB_URL ?? (await createDatabase(pg!, 'bench_read_ab'));
    if (pg) {
      const templates = achievementTemplates();
      await fillAchievements(url, templates, Math.round(events / eventsPerAchievement(templates)), log);
    }
    const store = new PostgresEventStore({ connectionString: url });
    const pool = new Pool({ connectionString: url, max: 2 });
    const types = [...new Set(ALL_PROJECTIONS.flatMap((p) => p.eventTypes))];
    const postmaster = await postmasterOf(url);
    const values = (after: GlobalPosition) => [after.commit.toString(), after.prepare.toString(), PAGE, types];

    const variants: Record<string, Reader> = {
      readAllOfTypes: (after) => store.readAllOfTypes(types, { after, maxCount: PAGE }),
      'row json': async (after) => {
        const { rows } = await pool.query<[Tuple]>({
          text: `SELECT ${ARRAY} FROM event_store.events ${WHERE} ${ORDER} LIMIT $3`,
          values: values(after),
          rowMode: 'array',
          types: jsonTypes,
        });
        const build = builder();
        return rows.map(([r]) => build(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]));
      },
      'page json': async (after) => {
        const { rows } = await pool.query<[Tuple[] | null]>({
          text: `SELECT json_agg(${ARRAY} ${ORDER}) FROM (SELECT * FROM event_store.events ${WHERE} ${ORDER} LIMIT $3) e`,
          values: values(after),
          rowMode: 'array',
          types: jsonTypes,
        });
        const build = builder();
        return (rows[0][0] ?? []).map((r) => build(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]));
      },
      'four fields': async (after) => {
        const { rows } = await pool.query<[string, string, unknown, RecordedEvent['metadata']]>({
          text: `SELECT ${FOUR} FROM event_store.events ${WHERE} ${ORDER} LIMIT $3`,
          values: values(after),
          rowMode: 'array',
          types: jsonTypes,
        });
        const build = builder();
        return rows.map(([k, streamId, data, metadata]) => {
          const c: number[] = [];
          for (let at = k.indexOf(','); c.length < 8; at = k.indexOf(',', at + 1)) c.push(at);
          return build(
            k.slice(0, c[0]),
            k.slice(c[0] + 1, c[1]),
            streamId,
            k.slice(c[1] + 1, c[2]),
            k.slice(c[3] + 1, c[4]),
            k.slice(c[7] + 1),
            Number(k.slice(c[2] + 1, c[3])),
            data,
            metadata,
            k.slice(c[6] + 1, c[7]),
            c[5] > c[4] + 1 ? k.slice(c[4] + 2, c[5]) : null,
            c[6] > c[5] + 1 ? k.slice(c[5] + 2, c[6]) : null,
          );
        });
      },
    };
    const names = Object.keys(variants).filter((n) => !only || n === 'readAllOfTypes' || only.includes(n));

    const readAll = async (reader: Reader, keep: RecordedEvent[] | null): Promise<number> => {
      let count = 0;
      let after = START_OF_ALL;
      for (;;) {
        const page = await reader(after);
        count += page.length;
        keep?.push(...page);
        if (page.length < PAGE) return count;
        after = page[page.length - 1].position;
      }
    };
    const reference: RecordedEvent[] = [];
    await readAll(variants.readAllOfTypes, reference);
    for (const name of names.slice(1)) {
      const got: RecordedEvent[] = [];
      await readAll(variants[name], got);
      const same =
        got.length === reference.length &&
        got.every(
          (e, i) =>
            isDeepStrictEqual(e, reference[i]) &&
            Object.keys(e).join() === Object.keys(reference[i]).join() &&
            Object.keys(e.metadata).join() === Object.keys(reference[i].metadata).join(),
        );
      log(`${name}: ${got.length} events, the same as readAllOfTypes: ${same}`);
      if (!same) throw new Error(`${name} reads other events`);
    }
    reference.length = 0;

    const gc = { ms: 0 };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gc.ms += entry.duration;
    }).observe({ entryTypes: ['gc'] });
    const results: Record<string, Array<{ node: number; pg: number; gc: number }>> = {};
    for (let round = 0; round < rounds; round++) {
      for (const name of names) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        gc.ms = 0;
        const pgBefore = clusterCpu(postmaster);
        const before = process.cpuUsage();
        const count = await readAll(variants[name], null);
        const used = process.cpuUsage(before);
        const pgCpu = clusterCpu(postmaster) - pgBefore;
        await new Promise((resolve) => setTimeout(resolve, 10));
        const r = { node: (used.user + used.system) / count, pg: (pgCpu * 1e6) / count, gc: (gc.ms * 1000) / count };
        (results[name] ??= []).push(r);
        log(`round ${round} ${name}: node ${r.node.toFixed(1)} µs/event (GC ${r.gc.toFixed(1)}), postgres ${r.pg.toFixed(1)} µs/event`);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const [name, r] of Object.entries(results)) {
      log(
        `${name}: median per event over ${r.length} rounds: node ${median(r.map((x) => x.node)).toFixed(1)} µs ` +
          `(GC ${median(r.map((x) => x.gc)).toFixed(1)}), postgres ${median(r.map((x) => x.pg)).toFixed(1)} µs`,
      );
    }
    await pool.end();
    await store.close();
  } finally {
    pg?.stop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
