import {
  DISCLOSURE_SCHEMA_VERSIONS,
  DisclosureState,
  disclosureCommands,
  disclosureDecider,
  disclosureStreamId,
} from '@chengguo/disclosure';
import { PostgresEventStore, START_OF_ALL, GlobalPosition, handleCommand, RecordedEvent } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { CommandHandler } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { dumbo } from '@event-driven-io/dumbo';
import { Pool } from 'pg';
import { clusterCpu, postmasterOf } from './infra';
import { log, now, pool, Row, row, seconds } from './report';
import { AppendOp, appendOps, content, context, disclosureCommand } from '../../test/fixtures/workload';

/**
 * The events of a page as a consumer uses them: our store parses data and metadata when first read
 * (ADR 9, round three), Emmett's as it reads, so read-all compares reading and decoding both.
 */
export function decoded(page: readonly RecordedEvent[]): number {
  for (const event of page) {
    if (event.metadata.eventId !== event.eventId || typeof event.data !== 'object')
      throw new Error(`read-all: ${event.eventId} decoded wrong`);
  }
  return page.length;
}

export interface AppendSizes {
  /** Commands (= events) per measured run, per concurrency. */
  commands: Record<1 | 16, number>;
  warmup: number;
}

interface RawRow {
  stream_id: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: string;
  metadata: string;
  prev_hash: string;
  hash: string;
}

type PeerEvent = { type: string; data: Record<string, unknown>; metadata?: Record<string, unknown> };

/**
 * Items 1, 2 and 7: appends through the domain layer (load → decide → append_events with hash
 * chain and optimistic concurrency) vs a raw INSERT loop of the very rows they wrote into an
 * identical table, vs the same commands through Emmett's PostgreSQL event store and its command
 * handler; then read-all of both stores; and a catch-up subscriber during our c=16 run.
 */
export async function appendBench(url: string, sizes: AppendSizes): Promise<Row[]> {
  // BENCH_APPENDS_IN_FLIGHT: the group-commit limit (default: the adapter's; 0 = every append alone).
  const appendsInFlight = process.env.BENCH_APPENDS_IN_FLIGHT === undefined ? undefined : Number(process.env.BENCH_APPENDS_IN_FLIGHT);
  // BENCH_HASH_IN_PROCESS=0: every append hashed by PostgreSQL (append_events), as before schema v7.
  const hashInProcess = process.env.BENCH_HASH_IN_PROCESS !== '0';
  const store = new PostgresEventStore({ connectionString: url, poolSize: 20, subscriptionPollMs: 50, appendsInFlight, hashInProcess });
  await store.migrate();
  const rawPool = new Pool({ connectionString: url, max: 20 });
  await rawPool.query('CREATE SCHEMA IF NOT EXISTS bench_raw');
  // LIKE … INCLUDING ALL: same columns, defaults (transaction id, recorded_at), identity, constraints and indexes.
  await rawPool.query('CREATE TABLE IF NOT EXISTS bench_raw.events (LIKE event_store.events INCLUDING ALL)');

  const peerPgPool = new Pool({ connectionString: url, max: 20 });
  const peer = getPostgreSQLEventStore(url, { connectionOptions: { pool: peerPgPool } } as never);
  await peer.schema.migrate();
  const peerReader = dumbo({ connectionString: url } as never) as unknown as { execute: unknown; close(): Promise<void> };

  const peerHandle = CommandHandler<DisclosureState, PeerEvent>({
    evolve: (state, event) => disclosureDecider.evolve(state, { ...event.data, type: event.type } as never),
    initialState: () => disclosureDecider.initialState,
  });

  // CPU per command, which load on a shared machine blurs far less than events/s: every process of
  // this PostgreSQL server (backends, WAL writer, …) from /proc, and this process's own.
  const postmaster = await postmasterOf(url);
  /** Runs fn and returns its seconds and the CPU µs per unit spent by PostgreSQL and by Node meanwhile (ticks of 10 ms). */
  const withCpu = async (units: () => number, fn: () => Promise<number>): Promise<{ seconds: number; pgUs: number; nodeUs: number }> => {
    const pg0 = clusterCpu(postmaster);
    const node0 = process.cpuUsage();
    const secs = await fn();
    const node = process.cpuUsage(node0);
    return { seconds: secs, pgUs: ((clusterCpu(postmaster) - pg0) * 1e6) / units(), nodeUs: (node.user + node.system) / units() };
  };

  let seq = 0;
  const ours = async (op: AppendOp): Promise<string[]> => {
    const outcome = await handleCommand(
      store,
      disclosureStreamId(op.streamKey),
      disclosureDecider,
      disclosureCommand(op, seq++),
      context(),
      DISCLOSURE_SCHEMA_VERSIONS,
      disclosureCommands.achievement,
    );
    if (isRuleViolation(outcome)) throw new Error(`refused: ${outcome.code}`);
    return outcome.eventIds;
  };
  const peerOp = async (op: AppendOp): Promise<void> => {
    const command = disclosureCommand(op, seq++);
    const ctx = context();
    await peerHandle(peer, disclosureStreamId(op.streamKey), (state: DisclosureState) => {
      const outcome = disclosureDecider.decide(command, state);
      if (isRuleViolation(outcome)) throw new Error(`refused: ${outcome.code}`);
      return outcome.map(({ type, ...data }) => ({
        type,
        data,
        metadata: { occurredAt: command.now, actor: ctx.actor, correlationId: ctx.correlationId, causationId: null },
      })) as PeerEvent[];
    });
  };
  const runStreams = async (streams: AppendOp[][], concurrency: number, fn: (op: AppendOp) => Promise<unknown>): Promise<number> => {
    const start = now();
    await pool(streams, concurrency, async (ops) => {
      for (const op of ops) await fn(op);
    });
    return seconds(start);
  };
  const maxPosition = async (): Promise<string> =>
    (await rawPool.query<{ p: string }>('SELECT coalesce(max(global_position), 0) AS p FROM event_store.events')).rows[0].p;
  const rowsAfter = async (position: string): Promise<RawRow[]> =>
    (
      await rawPool.query<RawRow>(
        `SELECT stream_id, stream_revision, event_id, event_type, schema_version, data::text AS data, metadata::text AS metadata, prev_hash, hash
           FROM event_store.events WHERE global_position > $1 ORDER BY global_position`,
        [position],
      )
    ).rows;
  const rawInsert = async (rows: RawRow[], concurrency: number): Promise<number> => {
    const byStream = new Map<string, RawRow[]>();
    for (const r of rows) byStream.set(r.stream_id, [...(byStream.get(r.stream_id) ?? []), r]);
    const start = now();
    await pool([...byStream.values()], concurrency, async (streamRows) => {
      for (const r of streamRows) {
        await rawPool.query(
          `INSERT INTO bench_raw.events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [r.stream_id, r.stream_revision, r.event_id, r.event_type, r.schema_version, r.data, r.metadata, r.prev_hash, r.hash],
        );
      }
    });
    return seconds(start);
  };

  // Warm-up: connections, plans, JIT of the Node paths; not measured.
  log(`append: warm-up (${sizes.warmup} commands each)`);
  const warmFrom = await maxPosition();
  await runStreams(appendOps(sizes.warmup), 4, ours);
  await rawInsert(await rowsAfter(warmFrom), 4);
  await runStreams(appendOps(sizes.warmup), 4, peerOp);

  const rows: Row[] = [];
  const results: Record<string, { ours: number; raw: number; peer: number; cpu: string }> = {};
  let subscriberResult = { missing: -1, duplicated: -1, delivered: 0, expected: 0 };
  for (const concurrency of [1, 16] as const) {
    const n = sizes.commands[concurrency];
    log(`append: c=${concurrency}, ${n} commands (ours${concurrency === 16 ? ' + catch-up subscriber' : ''}, raw, peer)`);
    const from = await maxPosition();

    // Item 7: a catch-up subscriber, from the start of $all, during our c=16 run.
    const seen = new Map<string, number>();
    const subscription =
      concurrency === 16
        ? store.subscribeToAll({ after: START_OF_ALL, handler: async (e) => void seen.set(e.eventId, (seen.get(e.eventId) ?? 0) + 1) })
        : null;
    const expected: string[] = [];
    const oursRun = await withCpu(
      () => n,
      () => runStreams(appendOps(n), concurrency, async (op) => expected.push(...(await ours(op)))),
    );
    const oursSeconds = oursRun.seconds;
    if (subscription) {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !expected.every((id) => seen.has(id))) await new Promise((r) => setTimeout(r, 50));
      await subscription.stop();
      const missing = expected.filter((id) => !seen.has(id)).length;
      const duplicated = [...seen.values()].reduce((sum, count) => sum + (count - 1), 0);
      subscriberResult = { missing, duplicated, delivered: [...seen.values()].reduce((a, b) => a + b, 0), expected: expected.length };
    }
    const written = await rowsAfter(from);
    const rawRun = await withCpu(
      () => written.length,
      () => rawInsert(written, concurrency),
    );
    const peerSeconds = await runStreams(appendOps(n), concurrency, peerOp);
    const us = (v: number): string => Math.round(v).toLocaleString('en-US');
    // The subscriber (c=16) runs in this process too: its share is in ours' Node figure.
    const cpu = `CPU per event, PostgreSQL / Node: ours ${us(oursRun.pgUs)} / ${us(oursRun.nodeUs)} µs, raw ${us(rawRun.pgUs)} / ${us(rawRun.nodeUs)} µs`;
    results[`c${concurrency}`] = { ours: n / oursSeconds, raw: written.length / rawRun.seconds, peer: n / peerSeconds, cpu };
  }

  // Event sizes actually stored by each store (data + metadata text), to show they match.
  const ourSize = (
    await rawPool.query<{ b: string }>(
      'SELECT avg(octet_length(data::text) + octet_length(metadata::text))::int AS b FROM event_store.events',
    )
  ).rows[0].b;
  const peerSize = (
    await rawPool.query<{ b: string }>(
      'SELECT avg(octet_length(message_data::text) + octet_length(message_metadata::text))::int AS b FROM emt_messages',
    )
  ).rows[0].b;

  for (const concurrency of [1, 16] as const) {
    const r = results[`c${concurrency}`];
    rows.push(
      row({
        item: 1,
        name: `append via domain layer, c=${concurrency}`,
        ours: r.ours,
        unit: 'events/s',
        baselineName: 'raw INSERT loop, same rows',
        baseline: r.raw,
        goal: concurrency === 1 ? 0.6 : 0.5,
        note:
          concurrency === 16
            ? `one command = decide on the cached stream state + one append (1 event; group commit); a catch-up subscriber ran alongside (item 7); ${r.cpu}`
            : `one command = decide on the cached stream state (a new stream guessed new, never read) + one append statement (1 event, hash chain, expected revision); ${r.cpu}`,
      }),
    );
  }
  for (const concurrency of [1, 16] as const) {
    const r = results[`c${concurrency}`];
    rows.push(
      row({
        item: 2,
        name: `append vs peer (Emmett), c=${concurrency}`,
        ours: r.ours,
        unit: 'events/s',
        baselineName: 'emmett-postgresql CommandHandler',
        baseline: r.peer,
        goal: 1.0,
        note: `same decider and commands; stored data+metadata ≈ ${ourSize} B (ours) vs ${peerSize} B (peer) per event`,
      }),
    );
  }

  // Read-all: every event of each store, pages of 1000, in each store's own global order.
  log('append: read-all (ours, peer), one warm pass each, then measured');
  const readOurs = async (): Promise<number> => {
    let after: GlobalPosition = START_OF_ALL;
    let count = 0;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 1000 });
      count += decoded(page);
      if (page.length < 1000) return count;
      after = page[page.length - 1].position;
    }
  };
  const readPeer = async (): Promise<number> => {
    let after = 0n;
    let count = 0;
    for (;;) {
      const batch = await readMessagesBatch(peerReader.execute as never, { after, batchSize: 1000 });
      count += batch.messages.length;
      if (!batch.areMessagesLeft) return count;
      after = batch.currentGlobalPosition;
    }
  };
  // A read of all events lasts well under a second here: alternate the two readers and keep each
  // one's best of five, so one scheduling hiccup on a shared 2-core machine does not decide the row.
  await readOurs();
  await readPeer();
  let ourCount = 0;
  let peerCount = 0;
  let ourReadRate = 0;
  let peerReadRate = 0;
  for (let pass = 0; pass < 5; pass++) {
    let start = now();
    ourCount = await readOurs();
    ourReadRate = Math.max(ourReadRate, ourCount / seconds(start));
    start = now();
    peerCount = await readPeer();
    peerReadRate = Math.max(peerReadRate, peerCount / seconds(start));
  }
  rows.push(
    row({
      item: 2,
      name: 'read all events vs peer (Emmett)',
      ours: ourReadRate,
      unit: 'events/s',
      baselineName: 'emmett-postgresql readMessagesBatch',
      baseline: peerReadRate,
      goal: 1.0,
      note: `${ourCount.toLocaleString('en-US')} vs ${peerCount.toLocaleString('en-US')} events, pages of 1000, both below pg_snapshot_xmin; best of 5 alternating passes`,
    }),
  );
  rows.push(
    row({
      item: 7,
      name: 'catch-up subscriber during c=16 append',
      ours: results.c16.ours,
      unit: 'events/s',
      baselineName: `missing ${subscriberResult.missing}, duplicated ${subscriberResult.duplicated}`,
      baseline: null,
      ratio: null,
      goal: null,
      status: subscriberResult.missing === 0 && subscriberResult.duplicated === 0 ? 'met' : 'missed',
      note: `${subscriberResult.expected.toLocaleString('en-US')} events appended by 16 writers; goal 0 missing and 0 duplicated`,
      extra: subscriberResult,
    }),
  );

  await peer.close();
  await peerReader.close();
  await peerPgPool.end().catch(() => undefined);
  await rawPool.end();
  await store.close();
  void content;
  return rows;
}
