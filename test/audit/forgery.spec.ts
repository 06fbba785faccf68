// The list of processes registers their audit folds, upcasters and projections.
import { PROCESSES, PROCESS_READ_MODELS } from '@chengguo/processes';
import {
  AUDIT_FOLD_VERSION,
  ReplaySnapshot,
  PostgresReplaySnapshots,
  StateAsOf,
  auditReadModels,
  stateAsOf,
  takeSnapshots,
  verifyReadModels,
  verifySnapshots,
} from '@chengguo/audit';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureStreamId } from '@chengguo/disclosure';
import { EventToAppend, PostgresEventStore, newId } from '@chengguo/eventstore';
import { Projector, createReadModelDataSource, migrateReadModels } from '@chengguo/read-models';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { runCli } from '../../apps/audit-cli/src/main';
import { rebuildReadModels } from '../../apps/worker/src/rebuild-read-models';
import { createTestDatabase } from '../support/databases';

const actor = { userId: 'li.lei', role: 'inventor' };
const content = (title: string) => ({
  title,
  abstract: '零下二十度仍可导电的固态电解质。',
  technicalField: 'materials',
  funding: { kind: 'self_funded' },
  conceptionDate: '2026-01-10',
  confidentiality: 'internal',
  involvesNationalSecurity: false,
  isKeyCoreTechnology: false,
  inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10000 }],
  attachments: [],
});

/** A disclosure drafted, then updated `updates` times. */
function draftHistory(id: string, updates: number): EventToAppend[] {
  const metadata = { occurredAt: '2026-03-01T08:00:00.000Z', actor, correlationId: `corr-${id}`, causationId: null };
  return [
    {
      eventId: newId(),
      type: 'DisclosureDrafted',
      schemaVersion: DISCLOSURE_SCHEMA_VERSIONS.DisclosureDrafted,
      data: { disclosureId: id, draftedBy: actor.userId, content: content('一种锂电池隔膜'), draftedAt: metadata.occurredAt },
      metadata,
    },
    ...Array.from({ length: updates }, (_, i) => ({
      eventId: newId(),
      type: 'DisclosureDraftUpdated',
      schemaVersion: DISCLOSURE_SCHEMA_VERSIONS.DisclosureDraftUpdated,
      data: { disclosureId: id, content: content(`一种锂电池隔膜 v${i + 1}`), updatedAt: metadata.occurredAt },
      metadata,
    })),
  ];
}

function submitted(id: string, title: string): EventToAppend {
  return {
    eventId: newId(),
    type: 'DisclosureSubmitted',
    schemaVersion: DISCLOSURE_SCHEMA_VERSIONS.DisclosureSubmitted,
    data: {
      disclosureId: id,
      content: content(title),
      submittedBy: 'li.lei',
      submittedAt: '2026-03-02T08:00:00.000Z',
      supervisoryFilingRequired: false,
      policyVersion: 1,
      ruleKeys: ['R1'],
    },
    metadata: { occurredAt: '2026-03-02T08:00:00.000Z', actor, correlationId: `corr-${id}`, causationId: null },
  };
}

const answer = ({ snapshotRevision: _, ...rest }: StateAsOf) => rest;

/** What someone with write access to the read-model database could serve auditors, and how it is caught. */
describe('forged replay snapshots and read-model rows', () => {
  let url: string;
  let store: PostgresEventStore;
  let sql: Client;

  beforeAll(async () => {
    url = await createTestDatabase('audit_forgery');
    store = new PostgresEventStore({ connectionString: url });
    await store.migrate();
    sql = new Client({ connectionString: url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await store?.close();
  });

  it('a forged replay snapshot (event id and hash kept) is reported by verify and ignored by the replay', async () => {
    const dataSource = createReadModelDataSource(url, [auditReadModels]);
    await dataSource.initialize();
    try {
      await migrateReadModels(dataSource);
      const snapshots = PostgresReplaySnapshots.fromDataSource(dataSource);
      const id = newId();
      const streamId = disclosureStreamId(id);
      await store.append(streamId, draftHistory(id, 24), 'no_stream');
      await takeSnapshots(store, streamId, snapshots, 10);
      const truth = await stateAsOf(store, streamId, { revision: 24 });
      expect(await stateAsOf(store, streamId, { revision: 24 }, { snapshots, snapshotEvery: 10 })).toMatchObject({ snapshotRevision: 19 });
      expect(await verifySnapshots(store, snapshots)).toEqual({ checked: 2, skipped: 0, breaks: [] });

      await sql.query(
        `UPDATE audit.replay_snapshots SET state = jsonb_set(state::jsonb, '{state,content,title}', '"伪造的标题"')::json
          WHERE stream_id = $1 AND revision = 19`,
        [streamId],
      );
      const forged = await snapshots.nearest(streamId, AUDIT_FOLD_VERSION, { maxRevision: 24, maxRecordedMs: null });
      expect((forged!.state.state as { content: { title: string } }).content.title).toBe('伪造的标题');

      const report = await verifySnapshots(store, snapshots);
      expect(report.breaks).toHaveLength(1);
      expect(report.breaks[0]).toMatchObject({ kind: 'snapshot_mismatch', streamId, revision: 19 });
      expect(report.breaks[0].expected).toMatch(/^state [0-9a-f]{64}$/);

      const rejected: Array<[ReplaySnapshot, string]> = [];
      const replayed = await stateAsOf(
        store,
        streamId,
        { revision: 24 },
        { snapshots, snapshotEvery: 10, onSnapshotRejected: (s, reason) => rejected.push([s, reason]) },
      );
      expect(answer(replayed)).toEqual(answer(truth));
      expect((replayed.state as { content: { title: string } }).content.title).toBe('一种锂电池隔膜 v24');
      expect(replayed.snapshotRevision).toBeNull();
      expect(rejected.map(([s, reason]) => [s.revision, reason])).toEqual([[19, expect.stringContaining('matches no attestation')]]);
      // The fold from revision 0 stored the true snapshot again: the row is healed and used.
      expect(await verifySnapshots(store, snapshots)).toMatchObject({ checked: 2, breaks: [] });
      expect(await stateAsOf(store, streamId, { revision: 24 }, { snapshots })).toMatchObject({ snapshotRevision: 19 });

      // A row nobody attested (inserted directly) is never used either.
      await sql.query(
        `INSERT INTO audit.replay_snapshots (stream_id, revision, event_id, event_hash, fold_version, max_recorded_ms, state)
         SELECT stream_id, 21, $2, $3, fold_version, max_recorded_ms, state FROM audit.replay_snapshots WHERE stream_id = $1 AND revision = 19`,
        [streamId, (await store.readStream(streamId))[21].eventId, (await store.readStream(streamId))[21].hash],
      );
      const again = await stateAsOf(store, streamId, { revision: 24 }, { snapshots, onSnapshotRejected: (s, r) => rejected.push([s, r]) });
      expect(answer(again)).toEqual(answer(truth));
      expect(rejected[rejected.length - 1][1]).toContain('no attestation');
      expect((await verifySnapshots(store, snapshots)).breaks.map((b) => [b.kind, b.revision])).toEqual([['snapshot_mismatch', 21]]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('rebuilds every read model into a scratch schema and reports each forged, deleted or invented row; rebuild-read-models repairs them', async () => {
    // A store of its own: only these disclosures in the read models.
    const url = await createTestDatabase('audit_read_models');
    const store = new PostgresEventStore({ connectionString: url });
    await store.migrate();
    const sql = new Client({ connectionString: url });
    await sql.connect();
    const dataSource: DataSource = createReadModelDataSource(url, PROCESS_READ_MODELS);
    await dataSource.initialize();
    const projector = new Projector(
      store,
      dataSource,
      PROCESSES.flatMap((p) => p.projections ?? []),
    );
    try {
      await migrateReadModels(dataSource);
      await projector.start();
      const ids = [newId(), newId(), newId()];
      for (const [i, id] of ids.entries())
        await store.append(disclosureStreamId(id), [...draftHistory(id, 0), submitted(id, `成果 ${i}`)], 'no_stream');
      const rows = async (): Promise<number> =>
        Number((await sql.query('SELECT count(*) AS n FROM read_models.disclosures WHERE disclosure_id = ANY($1)', [ids])).rows[0].n);
      for (let i = 0; i < 300 && (await rows()) < 3; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await rows()).toBe(3);

      const options = { projections: PROCESSES.flatMap((p) => p.projections ?? []), readModels: PROCESS_READ_MODELS };
      const clean = await verifyReadModels(store, url, options);
      expect(clean.differences).toEqual([]);
      expect(clean.ok).toBe(true);
      expect(clean.tables.find((t) => t.table === 'disclosures')).toMatchObject({ liveRows: 3, rebuiltRows: 3, differences: 0 });
      // Every read-model table is compared (the projector's own checkpoints aside).
      const all = await sql.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'read_models' AND tablename <> 'subscription_checkpoints' ORDER BY 1`,
      );
      expect(clean.tables.map((t) => t.table).sort()).toEqual(all.rows.map((r) => r.tablename));

      await sql.query(`UPDATE read_models.disclosures SET title = '伪造的标题' WHERE disclosure_id = $1`, [ids[0]]);
      await sql.query('DELETE FROM read_models.disclosures WHERE disclosure_id = $1', [ids[1]]);
      const invented = newId();
      await sql.query(
        `INSERT INTO read_models.disclosures SELECT (jsonb_populate_record(d, jsonb_build_object('disclosure_id', $2::text))).*
           FROM read_models.disclosures d WHERE disclosure_id = $1`,
        [ids[2], invented],
      );

      const report = await verifyReadModels(store, url, options);
      expect(report.ok).toBe(false);
      const byKey = new Map(report.differences.map((d) => [String(d.key.disclosure_id), d]));
      expect(report.differences).toHaveLength(3);
      expect(byKey.get(ids[0])).toMatchObject({ table: 'disclosures', live: { title: '伪造的标题' }, rebuilt: { title: '成果 0' } });
      expect(byKey.get(ids[1])).toMatchObject({ table: 'disclosures', live: null, rebuilt: { title: '成果 1' } });
      expect(byKey.get(invented)).toMatchObject({ table: 'disclosures', live: { title: '成果 2' }, rebuilt: null });

      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['verify', '--read-models', '--database-url', url, '--auditor', 'zhao.audit'], {
        stdout: { write: (c: string) => out.push(c) },
        stderr: { isTTY: false, write: (c: string) => err.push(c) },
        env: {},
      });
      expect(code).toBe(2);
      expect(JSON.parse(out.join('')).readModels.differences).toHaveLength(3);
      expect(err.join('')).toContain(`READ MODEL DIFFERS: disclosures {"disclosure_id":"${ids[0]}"}`);

      // Nothing of the rebuild is left, the live rows are as they were, and the projector still writes.
      const schemas = await sql.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read_models%'`);
      expect(schemas.rows.map((r) => r.nspname)).toEqual(['read_models']);
      expect((await sql.query('SELECT title FROM read_models.disclosures WHERE disclosure_id = $1', [ids[0]])).rows[0].title).toBe(
        '伪造的标题',
      );
      /** A disclosure submitted now, once the live projector shows it. */
      const submittedAndShown = async (title: string): Promise<string> => {
        const id = newId();
        await store.append(disclosureStreamId(id), [...draftHistory(id, 0), submitted(id, title)], 'no_stream');
        const shown = async () => (await sql.query('SELECT 1 FROM read_models.disclosures WHERE disclosure_id = $1', [id])).rowCount;
        for (let i = 0; i < 300 && !(await shown()); i++) await new Promise((r) => setTimeout(r, 50));
        expect(await shown()).toBe(1);
        return id;
      };
      const later = await submittedAndShown('之后');

      // The operator's repair, beside the running projector: every row as the events give it.
      const repairOut: string[] = [];
      const repairErr: string[] = [];
      const repaired = await rebuildReadModels(['--database-url', url], {
        stdout: { write: (c: string) => repairOut.push(c) },
        stderr: { write: (c: string) => repairErr.push(c) },
        env: {},
      });
      expect({ repaired, err: repairErr.join('') }).toEqual({ repaired: 0, err: '' });
      expect(JSON.parse(repairOut.join('')).rebuilt).toEqual(options.projections.map((p) => p.name));
      expect(await verifyReadModels(store, url, options)).toMatchObject({ ok: true, differences: [] });
      const titles = await sql.query<{ disclosure_id: string; title: string }>(
        'SELECT disclosure_id, title FROM read_models.disclosures WHERE disclosure_id = ANY($1)',
        [[...ids, invented, later]],
      );
      const byId = (a: { disclosure_id: string }, b: { disclosure_id: string }) => a.disclosure_id.localeCompare(b.disclosure_id);
      expect(titles.rows.sort(byId)).toEqual(
        [{ disclosure_id: later, title: '之后' }, ...ids.map((id, i) => ({ disclosure_id: id, title: `成果 ${i}` }))].sort(byId),
      );
      // The live projector goes on from the swapped checkpoints.
      await submittedAndShown('修复之后');
      expect(
        await rebuildReadModels(['--projection', 'no-such-projection', '--database-url', url], {
          stdout: { write: () => undefined },
          stderr: { write: (c: string) => repairErr.push(c) },
          env: {},
        }),
      ).toBe(64);
      expect(repairErr.join('')).toContain('unknown projection: no-such-projection');
      expect(
        await rebuildReadModels(['--database-url', url], {
          stdout: { write: () => undefined },
          stderr: { write: (c: string) => repairErr.push(c) },
          env: { REBUILD_THREAD_MIN_EVENTS: 'many' },
        }),
      ).toBe(64);
      expect(repairErr.join('')).toContain('REBUILD_THREAD_MIN_EVENTS must be a number');
    } finally {
      await projector.stop();
      await dataSource.destroy();
      await sql.end();
      await store.close();
    }
  });
});
