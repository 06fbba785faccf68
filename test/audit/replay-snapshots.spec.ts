// The list of processes registers their audit folds and upcasters.
import '@chengguo/processes';
import { AUDIT_FOLD_VERSION, auditReadModels, PostgresReplaySnapshots, StateAsOf, stateAsOf, takeSnapshots } from '@chengguo/audit';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureStreamId } from '@chengguo/disclosure';
import { EventToAppend, newId, PostgresEventStore } from '@chengguo/eventstore';
import { createReadModelDataSource, migrateReadModels } from '@chengguo/read-models';
import fc from 'fast-check';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { runCli } from '../../apps/audit-cli/src/main';
import { createTestDatabase } from '../support/databases';

const actor = { userId: 'li.lei', role: 'inventor' };
const content = { title: '一种锂电池隔膜', summary: '成果转化 审计', inventors: [{ name: '李雷', share: 100 }] };

function disclosureEvents(id: string, from: number, count: number): EventToAppend[] {
  const metadata = { occurredAt: '2026-03-01T08:00:00.000Z', actor, correlationId: `corr-${id}`, causationId: null };
  return Array.from({ length: count }, (_, i) =>
    from + i === 0
      ? {
          eventId: newId(),
          type: 'DisclosureDrafted',
          schemaVersion: DISCLOSURE_SCHEMA_VERSIONS.DisclosureDrafted,
          data: { disclosureId: id, draftedBy: actor.userId, content, draftedAt: metadata.occurredAt },
          metadata,
        }
      : {
          eventId: newId(),
          type: 'DisclosureDraftUpdated',
          schemaVersion: DISCLOSURE_SCHEMA_VERSIONS.DisclosureDraftUpdated,
          data: { disclosureId: id, content: { ...content, title: `${content.title} v${from + i}` }, updatedAt: metadata.occurredAt },
          metadata,
        },
  );
}

/** Everything but which snapshot the fold started from. */
const answer = ({ snapshotRevision: _, ...rest }: StateAsOf) => rest;

/**
 * Snapshots of the audit replay: as-of answers with snapshots are those of a fold from revision 0,
 * for any revision and instant; a snapshot is used only while the stream still holds its event (id
 * and hash) and the fold version matches.
 */
describe('audit replay snapshots', () => {
  let url: string;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let snapshots: PostgresReplaySnapshots;
  let streamId: string;
  const instants: string[] = [];
  const EVENTS = 83;
  const EVERY = 10;

  beforeAll(async () => {
    url = await createTestDatabase('audit_snapshots');
    store = new PostgresEventStore({ connectionString: url });
    await store.migrate();
    dataSource = createReadModelDataSource(url, [auditReadModels]);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    snapshots = PostgresReplaySnapshots.fromDataSource(dataSource);

    // Appended in batches of 1–6 events, each its own transaction (its own recorded-at), with the
    // instants between them noted for as-of queries.
    const id = newId();
    streamId = disclosureStreamId(id);
    for (let revision = 0, batch = 1; revision < EVENTS; revision += batch, batch = (batch % 6) + 1) {
      const n = Math.min(batch, EVENTS - revision);
      await store.append(streamId, disclosureEvents(id, revision, n), revision === 0 ? 'no_stream' : revision - 1);
      await new Promise((r) => setTimeout(r, 3));
      instants.push(new Date().toISOString());
      await new Promise((r) => setTimeout(r, 2));
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
  });

  const wipe = () => dataSource.query('DELETE FROM audit.replay_snapshots');
  const stored = async () =>
    (await dataSource.query('SELECT revision FROM audit.replay_snapshots WHERE stream_id = $1 ORDER BY revision', [streamId])).map(
      (r: { revision: string }) => Number(r.revision),
    );

  it('gives the answer of a fold from revision 0, for random revisions and instants, with snapshots appearing as replays pass them', async () => {
    await wipe();
    let fromSnapshot = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          revision: fc.option(fc.integer({ min: 0, max: EVENTS + 3 }), { nil: undefined }),
          instant: fc.option(fc.integer({ min: -1, max: instants.length - 1 }), { nil: undefined }),
          every: fc.constantFrom(EVERY, 7),
          // Wiping now and then, not half the time: most runs should find snapshots to start from.
          wipe: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
        }),
        async ({ revision, instant, every, wipe: clear }) => {
          if (clear) await wipe();
          const at = {
            ...(revision !== undefined ? { revision } : {}),
            ...(instant !== undefined ? { asOf: instant < 0 ? '2000-01-01T00:00:00.000Z' : instants[instant] } : {}),
          };
          const plain = await stateAsOf(store, streamId, at);
          const fast = await stateAsOf(store, streamId, at, {
            snapshots,
            snapshotEvery: every,
            onSnapshotError: (e) => {
              throw e;
            },
          });
          expect(plain.snapshotRevision).toBeNull();
          expect(answer(fast)).toEqual(answer(plain));
          expect(fast.eventCount).toBe(fast.revision + 1);
          if (fast.snapshotRevision !== null) {
            fromSnapshot++;
            expect(fast.snapshotRevision).toBeLessThanOrEqual(fast.revision);
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(fromSnapshot).toBeGreaterThan(10);
  });

  it('stores a snapshot every N revisions while folding, then starts from the nearest one', async () => {
    await wipe();
    const first = await stateAsOf(store, streamId, { revision: 45 }, { snapshots, snapshotEvery: EVERY });
    expect(first.snapshotRevision).toBeNull();
    expect(await stored()).toEqual([9, 19, 29, 39]);
    const again = await stateAsOf(store, streamId, { revision: 45 }, { snapshots, snapshotEvery: EVERY });
    expect(again.snapshotRevision).toBe(39);
    expect(answer(again)).toEqual(answer(first));
    expect((again.state as { content: { title: string } }).content.title).toBe(`${content.title} v45`);
    expect((await stateAsOf(store, streamId, { revision: 39 }, { snapshots, snapshotEvery: EVERY })).snapshotRevision).toBe(39);
    expect((await stateAsOf(store, streamId, { revision: 8 }, { snapshots, snapshotEvery: EVERY })).snapshotRevision).toBeNull();

    const head = await takeSnapshots(store, streamId, snapshots, EVERY);
    expect(head.revision).toBe(EVENTS - 1);
    expect(head.snapshotRevision).toBe(39);
    expect(await stored()).toEqual([9, 19, 29, 39, 49, 59, 69, 79]);
  });

  it('uses a snapshot only while the stream holds its event id and hash and the fold version matches', async () => {
    await wipe();
    await takeSnapshots(store, streamId, snapshots, EVERY);
    const truth = answer(await stateAsOf(store, streamId, { revision: 45 }));
    const bogus = JSON.stringify({ process: 'disclosure', state: { bogus: true }, signOffs: {} });
    await dataSource.query('UPDATE audit.replay_snapshots SET state = $2::json WHERE stream_id = $1 AND revision = 39', [streamId, bogus]);
    // The event still matches, but no attestation in the event store vouches for this state: refused.
    const rejected: string[] = [];
    const refused = await stateAsOf(
      store,
      streamId,
      { revision: 45 },
      { snapshots, onSnapshotRejected: (s, why) => rejected.push(`${s.revision}: ${why}`) },
    );
    expect(refused.snapshotRevision).toBeNull();
    expect(answer(refused)).toEqual(truth);
    expect(rejected).toEqual([expect.stringMatching(/^39: .*matches no attestation/)]);

    // Another event at that revision: ignored, folded from the nearest valid one … here from 0,
    // since 29 is of another fold version; the replay stores correct rows over both.
    await dataSource.query("UPDATE audit.replay_snapshots SET event_hash = repeat('0', 64) WHERE stream_id = $1 AND revision = 39", [
      streamId,
    ]);
    await dataSource.query('UPDATE audit.replay_snapshots SET fold_version = $2 WHERE stream_id = $1 AND revision < 39', [
      streamId,
      AUDIT_FOLD_VERSION + 1,
    ]);
    const healed = await stateAsOf(store, streamId, { revision: 45 }, { snapshots, snapshotEvery: EVERY });
    expect(healed.snapshotRevision).toBeNull();
    expect(answer(healed)).toEqual(truth);
    const fixed = await stateAsOf(store, streamId, { revision: 45 }, { snapshots, snapshotEvery: EVERY });
    expect(fixed.snapshotRevision).toBe(39);
    expect(answer(fixed)).toEqual(truth);
  });

  it('does not paper over a rewritten history: a re-hashed event at the snapshot revision voids it', async () => {
    await wipe();
    await takeSnapshots(store, streamId, snapshots, EVERY);
    const client = new Pool({ connectionString: url, max: 1 });
    try {
      await client.query(
        `UPDATE event_store.events SET data = jsonb_set(data::jsonb, '{content,title}', '"改写"'), hash = repeat('f', 64)
          WHERE stream_id = $1 AND stream_revision = 29`,
        [streamId],
      );
    } finally {
      await client.end();
    }
    const replayed = await stateAsOf(store, streamId, { revision: 29 }, { snapshots, snapshotEvery: EVERY });
    expect(replayed.snapshotRevision).toBeNull();
    expect((replayed.state as { content: { title: string } }).content.title).toBe('改写');
    expect(answer(replayed)).toEqual(answer(await stateAsOf(store, streamId, { revision: 29 })));
  });

  it('answers without snapshots when their table is missing, reporting the failure', async () => {
    const bare = await createTestDatabase('audit_snapshots_bare');
    const pool = new Pool({ connectionString: bare, max: 1 });
    const errors: unknown[] = [];
    try {
      const result = await stateAsOf(
        store,
        streamId,
        { revision: 30 },
        { snapshots: PostgresReplaySnapshots.fromPool(pool), snapshotEvery: EVERY, onSnapshotError: (e) => errors.push(e) },
      );
      expect(result.revision).toBe(30);
      expect(result.snapshotRevision).toBeNull();
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
  });

  it('takes snapshots from the CLI', async () => {
    await wipe();
    const err: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { isTTY: false, write: (c: string) => err.push(c) }, env: {} };
    expect(await runCli(['snapshot', '--stream', streamId, '--every', '20', '--database-url', url], io)).toBe(0);
    expect(await stored()).toEqual([19, 39, 59, 79]);
    expect(err.join('')).toContain('up to revision 82');
    const out: string[] = [];
    expect(
      await runCli(['replay', '--stream', streamId, '--revision', '50', '--database-url', url], {
        ...io,
        stdout: { write: (c: string) => out.push(c) },
      }),
    ).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ revision: 50, snapshotRevision: 39 });
  });
});
