// The list of processes registers their audit folds and upcasters.
import '@chengguo/processes';
import { auditReadModels, DEFAULT_SNAPSHOT_EVERY, PostgresReplaySnapshots, StateAsOf, stateAsOf, takeSnapshots } from '@chengguo/audit';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureStreamId } from '@chengguo/disclosure';
import { newId, PostgresEventStore } from '@chengguo/eventstore';
import { canonicalJson } from '@chengguo/kernel';
import { createReadModelDataSource, migrateReadModels } from '@chengguo/read-models';
import { log, now, Row, row, seconds } from './report';
import { content, inventor } from '../../test/fixtures/workload';

/**
 * Item 6, through the product's snapshots (libs/audit/src/replay/snapshots.ts): the read-model
 * database is migrated with `auditReadModels` (table `audit.replay_snapshots`), and the CLI's
 * `takeSnapshots` stores the stream's folded state every DEFAULT_SNAPSHOT_EVERY revisions
 * — not timed, as the replays that pass those revisions (or `chengguo-audit snapshot`) would have
 * stored them. Timed: the audit's `stateAsOf` at a revision with the snapshot store (nearest
 * snapshot ≤ r checked against the stream's event id and hash there, then `readStream(fromRevision,
 * maxCount)` of the events after it, folded) vs the same `stateAsOf` without snapshots (reads
 * revisions 0…r and folds them all). Every answer is checked identical.
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
        ? {
            eventId: newId(),
            type: 'DisclosureDrafted',
            schemaVersion: DISCLOSURE_SCHEMA_VERSIONS.DisclosureDrafted,
            data: { disclosureId: id, draftedBy: inventor.userId, content: c, draftedAt: metadata.occurredAt },
            metadata,
          }
        : {
            eventId: newId(),
            type: 'DisclosureDraftUpdated',
            schemaVersion: DISCLOSURE_SCHEMA_VERSIONS.DisclosureDraftUpdated,
            data: { disclosureId: id, content: { ...c, title: `${c.title} v${revision + i}` }, updatedAt: metadata.occurredAt },
            metadata,
          },
    );
    await store.append(streamId, batch, revision === 0 ? 'no_stream' : revision - 1);
  }

  const dataSource = createReadModelDataSource(url, [auditReadModels]);
  await dataSource.initialize();
  await migrateReadModels(dataSource);
  const snapshots = PostgresReplaySnapshots.fromDataSource(dataSource);
  // Taking the snapshots through the product code (not timed).
  await takeSnapshots(store, streamId, snapshots);
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM audit.replay_snapshots WHERE stream_id = $1', [streamId]);
  const withSnapshots = (revision: number): Promise<StateAsOf> =>
    stateAsOf(
      store,
      streamId,
      { revision },
      {
        snapshots,
        onSnapshotError: (error) => {
          throw error;
        },
      },
    );
  const fromZero = (revision: number): Promise<StateAsOf> => stateAsOf(store, streamId, { revision });
  const answer = (s: StateAsOf) =>
    canonicalJson({
      process: s.process,
      state: s.state,
      signOffs: s.signOffs,
      revision: s.revision,
      eventCount: s.eventCount,
      lastRecordedAt: s.lastRecordedAt,
    });

  // The same random revisions (fixed seed) for both, plus the head; each asked once warm, then timed.
  let seed = 42;
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const revisions = [streamEvents - 1, ...Array.from({ length: queries - 1 }, () => Math.floor(random() * streamEvents))];
  for (const r of revisions.slice(0, 2)) {
    await fromZero(r);
    await withSnapshots(r);
  }
  let start = now();
  const plain: string[] = [];
  for (const r of revisions) plain.push(answer(await fromZero(r)));
  const plainSeconds = seconds(start);
  start = now();
  const snap: string[] = [];
  let folded = 0;
  for (const r of revisions) {
    const s = await withSnapshots(r);
    if (s.snapshotRevision === null && r >= DEFAULT_SNAPSHOT_EVERY - 1) throw new Error(`no snapshot used at revision ${r}`);
    folded += s.revision - (s.snapshotRevision ?? -1);
    snap.push(answer(s));
  }
  const snapSeconds = seconds(start);
  const mismatches = plain.filter((p, i) => p !== snap[i]).length;
  const meanRevision = revisions.reduce((a, b) => a + b, 0) / revisions.length;
  await dataSource.destroy();
  await store.close();
  log(
    `replay: ${revisions.length} as-of queries (mean revision ${meanRevision.toFixed(0)}), from revision 0 ${((plainSeconds * 1000) / revisions.length).toFixed(1)} ms, ` +
      `with ${count} snapshots ${((snapSeconds * 1000) / revisions.length).toFixed(1)} ms (${(folded / revisions.length).toFixed(0)} events folded per query)`,
  );
  if (mismatches > 0) throw new Error(`snapshot replay differs from full replay for ${mismatches} revisions`);
  return row({
    item: 6,
    name: `as-of replay, ${streamEvents.toLocaleString('en-US')}-event stream`,
    ours: revisions.length / snapSeconds,
    unit: 'replays/s',
    baselineName: 'stateAsOf without snapshots (reads and folds revisions 0…r)',
    baseline: revisions.length / plainSeconds,
    goal: 10,
    note: `product snapshots (audit.replay_snapshots) every ${DEFAULT_SNAPSHOT_EVERY} revisions, taken by takeSnapshots (not timed); ${revisions.length} random revisions incl. head, answers identical`,
  });
}
