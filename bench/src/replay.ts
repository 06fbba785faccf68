import { FoldedState, foldStream, processOfStream, stateAsOf } from '@chengguo/audit';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureStreamId } from '@chengguo/disclosure';
import { canonicalJsonText, newId, PostgresEventStore } from '@chengguo/eventstore';
import { signOffStreamDecider } from '@chengguo/sign-off';
import { Client } from 'pg';
import { log, now, Row, row, seconds } from './report';
import { content, inventor } from './workload';

const SNAPSHOT_EVERY = 1_000;

/**
 * Item 6. The codebase has no snapshots, so this is the minimal honest one, kept in the bench: the
 * folded state (the same FoldedState the audit replay returns) stored every 1,000 revisions in a
 * side table. As-of replay at revision r with snapshots = nearest snapshot ≤ r + the events after
 * it, folded by the same evolve functions; without = the audit's stateAsOf (reads the stream and
 * folds from revision 0). Each answer is checked equal to the other.
 */
export async function replayBench(url: string, streamEvents: number, queries: number): Promise<Row> {
  const store = new PostgresEventStore({ connectionString: url });
  await store.migrate();
  const id = newId();
  const streamId = disclosureStreamId(id);
  const c = content(0);
  const metadata = { occurredAt: '2026-11-25T08:00:00.000Z', actor: inventor, correlationId: 'bench-replay', causationId: null };
  for (let revision = 0; revision < streamEvents; revision += 500) {
    const batch = Array.from({ length: Math.min(500, streamEvents - revision) }, (_, i) =>
      revision + i === 0
        ? { eventId: newId(), type: 'DisclosureDrafted', schemaVersion: DISCLOSURE_SCHEMA_VERSIONS.DisclosureDrafted, data: { disclosureId: id, draftedBy: inventor.userId, content: c, draftedAt: metadata.occurredAt }, metadata }
        : { eventId: newId(), type: 'DisclosureDraftUpdated', schemaVersion: DISCLOSURE_SCHEMA_VERSIONS.DisclosureDraftUpdated, data: { disclosureId: id, content: { ...c, title: `${c.title} v${revision + i}` }, updatedAt: metadata.occurredAt }, metadata },
    );
    await store.append(streamId, batch, revision === 0 ? 'no_stream' : revision - 1);
  }

  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE SCHEMA IF NOT EXISTS bench_snapshots');
  await client.query('CREATE TABLE IF NOT EXISTS bench_snapshots.snapshots (stream_id text, revision bigint, state jsonb, PRIMARY KEY (stream_id, revision))');
  // Taking the snapshots (not timed: the writer or a background job would keep them).
  const all = await store.readStream(streamId);
  for (let r = SNAPSHOT_EVERY - 1; r < streamEvents; r += SNAPSHOT_EVERY) {
    await client.query('INSERT INTO bench_snapshots.snapshots VALUES ($1, $2, $3)', [streamId, r, JSON.stringify(foldStream(streamId, all.slice(0, r + 1)))]);
  }

  const withSnapshot = async (revision: number): Promise<FoldedState> => {
    const { rows } = await client.query<{ revision: string; state: FoldedState }>(
      'SELECT revision, state FROM bench_snapshots.snapshots WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT 1',
      [streamId, revision],
    );
    const from = rows.length ? Number(rows[0].revision) + 1 : 0;
    const events = revision >= from ? await store.readStream(streamId, { fromRevision: from, maxCount: revision - from + 1 }) : [];
    if (!rows.length) return foldStream(streamId, events);
    const process = processOfStream(streamId)!;
    let { state, signOffs } = rows[0].state as { state: unknown; signOffs: unknown };
    for (const e of events) {
      const event = { ...(e.data as object), type: e.type };
      state = process.decider.evolve(state as never, event as never);
      signOffs = signOffStreamDecider.evolve(signOffs as never, event as never);
    }
    return { process: process.name, state, signOffs };
  };

  // The same random revisions (fixed seed) for both, plus the head; each asked once warm, then timed.
  let seed = 42;
  const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const revisions = [streamEvents - 1, ...Array.from({ length: queries - 1 }, () => Math.floor(random() * streamEvents))];
  for (const r of revisions.slice(0, 2)) {
    await stateAsOf(store, streamId, { revision: r });
    await withSnapshot(r);
  }
  let start = now();
  const plain: string[] = [];
  for (const r of revisions) {
    const s = await stateAsOf(store, streamId, { revision: r });
    plain.push(canonicalJsonText({ process: s.process, state: s.state, signOffs: s.signOffs }));
  }
  const plainSeconds = seconds(start);
  start = now();
  const snap: string[] = [];
  for (const r of revisions) snap.push(canonicalJsonText(await withSnapshot(r)));
  const snapSeconds = seconds(start);
  const mismatches = plain.filter((p, i) => p !== snap[i]).length;
  await client.end();
  await store.close();
  log(`replay: ${revisions.length} as-of queries, ${(plainSeconds * 1000 / revisions.length).toFixed(1)} ms vs ${(snapSeconds * 1000 / revisions.length).toFixed(1)} ms`);
  if (mismatches > 0) throw new Error(`snapshot replay differs from full replay for ${mismatches} revisions`);
  return row({
    item: 6,
    name: `as-of replay, ${streamEvents.toLocaleString('en-US')}-event stream`,
    ours: revisions.length / snapSeconds,
    unit: 'replays/s',
    baselineName: 'from revision 0 (stateAsOf)',
    baseline: revisions.length / plainSeconds,
    goal: 10,
    note: `snapshot every ${SNAPSHOT_EVERY} revisions (bench-side table); ${revisions.length} random revisions incl. head, results identical`,
  });
}
