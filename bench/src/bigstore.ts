// The list of processes registers their audit folds and upcasters.
import '@chengguo/processes';
import { verifyStore } from '@chengguo/audit';
import { DISCLOSURE_SCHEMA_VERSIONS } from '@chengguo/disclosure';
import { HASH_CHAIN_VERSION, PostgresEventStore } from '@chengguo/eventstore';
import { createHash } from 'node:crypto';
import { Client, QueryResult } from 'pg';
import { log, now, Row, row, seconds } from './report';
import { content, inventor } from '../../test/fixtures/workload';

const STREAMS_PER_STATEMENT = 500;
const EVENTS_PER_STREAM = 10;

/**
 * Fills a store with `events` disclosure events (streams of 10: one draft, nine updates) through
 * event_store.append_events itself, so every event is hash-chained exactly as in production.
 */
export async function fillStore(url: string, events: number): Promise<void> {
  const store = new PostgresEventStore({ connectionString: url });
  await store.migrate();
  await store.close();
  const client = new Client({ connectionString: url });
  await client.connect();
  const c = content(0);
  const drafted = JSON.stringify({ disclosureId: '__ID__', draftedBy: inventor.userId, content: c, draftedAt: '2026-11-25T08:00:00.000Z' });
  const updated = JSON.stringify({ disclosureId: '__ID__', content: c, updatedAt: '2026-11-25T08:05:00.000Z' });
  const metadata = JSON.stringify({
    occurredAt: '2026-11-25T08:00:00.000Z',
    actor: inventor,
    correlationId: 'bench-fill',
    causationId: null,
  });
  const streams = Math.ceil(events / EVENTS_PER_STREAM);
  const start = now();
  for (let done = 0; done < streams; done += STREAMS_PER_STATEMENT) {
    const batch = Math.min(STREAMS_PER_STATEMENT, streams - done);
    await client.query(
      `SELECT count(*) FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, $1)) d,
         LATERAL event_store.append_events(
           'disclosure-' || d.id, 'no_stream', NULL,
           ARRAY(SELECT gen_random_uuid() FROM generate_series(1, ${EVENTS_PER_STREAM}) g WHERE d.id IS NOT NULL),
           ARRAY['DisclosureDrafted'] || array_fill('DisclosureDraftUpdated'::text, ARRAY[${EVENTS_PER_STREAM - 1}]),
           ARRAY[$5::int] || array_fill($6::int, ARRAY[${EVENTS_PER_STREAM - 1}]),
           ARRAY[replace($2, '__ID__', d.id::text)::json] || array_fill(replace($3, '__ID__', d.id::text)::json, ARRAY[${EVENTS_PER_STREAM - 1}]),
           array_fill($4::json, ARRAY[${EVENTS_PER_STREAM}]))`,
      [batch, drafted, updated, metadata, DISCLOSURE_SCHEMA_VERSIONS.DisclosureDrafted, DISCLOSURE_SCHEMA_VERSIONS.DisclosureDraftUpdated],
    );
  }
  await client.query('VACUUM ANALYZE event_store.events');
  await client.end();
  log(`filled ${(streams * EVENTS_PER_STREAM).toLocaleString('en-US')} events in ${seconds(start).toFixed(1)} s`);
}

/** Item 5: verifyStore over the whole store vs SHA-256 of the very same canonical bytes in Node. */
export async function verifyBench(url: string, events: number): Promise<Row> {
  const store = new PostgresEventStore({ connectionString: url });
  const cpu = process.cpuUsage();
  const start = now();
  const report = await verifyStore(store, { pageSize: 5_000 });
  const verifySeconds = seconds(start);
  const used = process.cpuUsage(cpu);
  const nodeMicros = (used.user + used.system) / report.checkedEvents;
  await store.close();
  if (!report.ok) throw new Error(`verify found a break in a freshly filled store: ${JSON.stringify(report.firstBreak)}`);

  // Raw: the same rows read (not timed), their canonical bytes built (not timed), SHA-256 timed.
  const client = new Client({ connectionString: url });
  await client.connect();
  let after: [string, string] | null = null;
  let hashNs = 0n;
  let hashCpu = 0;
  let hashed = 0;
  let bytes = 0;
  const field = (text: string): Buffer => {
    const b = Buffer.from(text, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length, 0);
    return Buffer.concat([len, b]);
  };
  for (;;) {
    const result: QueryResult<Record<string, string>> = await client.query<Record<string, string>>(
      `SELECT stream_id, stream_revision::text AS rev, event_id::text AS event_id, event_type, schema_version::text AS sv, data::text AS d,
              metadata::text AS m, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS r, prev_hash, hash
         FROM event_store.events
        WHERE ($1::text IS NULL OR (stream_id, stream_revision) > ($1::text, $2::bigint))
        ORDER BY stream_id, stream_revision LIMIT 5000`,
      (after ?? [null, null]) as unknown[],
    );
    const rows = result.rows;
    const buffers = rows.map((r) =>
      Buffer.concat([HASH_CHAIN_VERSION, r.prev_hash, r.stream_id, r.rev, r.event_id, r.event_type, r.sv, r.d, r.m, r.r].map(field)),
    );
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    for (let i = 0; i < buffers.length; i++) {
      const digest = createHash('sha256').update(buffers[i]).digest('hex');
      if (digest !== rows[i].hash) throw new Error('raw hash differs from the stored one: the baseline hashes other bytes');
    }
    const spent = process.cpuUsage(c);
    hashCpu += spent.user + spent.system;
    hashNs += process.hrtime.bigint() - t;
    hashed += rows.length;
    bytes += buffers.reduce((s, b) => s + b.length, 0);
    if (rows.length < 5000) break;
    after = [rows[rows.length - 1].stream_id, rows[rows.length - 1].rev];
  }
  await client.end();
  const rawRate = hashed / (Number(hashNs) / 1e9);
  return row({
    item: 5,
    name: `audit verify, ${events.toLocaleString('en-US')} events`,
    ours: report.checkedEvents / verifySeconds,
    unit: 'events/s',
    baselineName: 'raw SHA-256 of the same bytes',
    baseline: rawRate,
    goal: 0.7,
    note:
      `verify streams the chain from PostgreSQL (one binary COPY in global-position order, read off the socket) and rehashes every ` +
      `event in Node where its bytes arrived: ${nodeMicros.toFixed(1)} µs of Node CPU per event; raw hashes the same ` +
      `${(bytes / hashed).toFixed(0)} B/event already in memory (createHash per event, checked against the stored hash): ` +
      `${(hashCpu / hashed).toFixed(1)} µs CPU per event`,
  });
}
