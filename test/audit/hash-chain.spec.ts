// The list of processes registers their audit folds and upcasters.
import '@chengguo/processes';
import { CHECKPOINT_STREAM, recordCheckpoint, verifyStore } from '@chengguo/audit';
import { GENESIS_HASH, PostgresEventStore, computeEventHash, newId } from '@chengguo/eventstore';
import { loadSignOffs } from '@chengguo/sign-off';
import { Client } from 'pg';
import { EVENT_STORE_MIGRATIONS } from '../../libs/eventstore/src/postgres/postgres-event-store.schema';
import { createTestDatabase } from '../support/databases';
import { anEvent } from './fixtures';

/** The hash chain on real PostgreSQL: written by append_events, pinpointed after direct SQL edits. */
describe('tamper-evident history (PostgreSQL)', () => {
  let url: string;
  let store: PostgresEventStore;
  let sql: Client;

  beforeAll(async () => {
    url = await createTestDatabase('audit_chain');
    store = new PostgresEventStore({ connectionString: url });
    await store.migrate();
    sql = new Client({ connectionString: url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await store?.close();
  });

  async function streamOf(n: number): Promise<string> {
    const id = `tamper-${newId()}`;
    await store.append(
      id,
      Array.from({ length: n }, (_, i) => anEvent('StepRecorded', { step: i, 名称: `第${i}步` })),
      'no_stream',
    );
    return id;
  }

  it('chains every event to the previous one of its stream, across appends', async () => {
    const id = await streamOf(3);
    await store.append(id, [anEvent()], 2);
    const events = await store.readStream(id);
    expect(events[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    expect(new Set(events.map((e) => e.hash)).size).toBe(4);
    expect(events.every((e) => /^[0-9a-f]{64}$/.test(e.hash!))).toBe(true);
    const report = await verifyStore(store, { streamId: id });
    expect(report).toMatchObject({ ok: true, checkedEvents: 4, firstBreak: null });
  });

  it('computes in SQL exactly what the Node definition computes', async () => {
    const id = await streamOf(1);
    const { rows } = await sql.query(
      `SELECT data::text AS d, metadata::text AS m, event_id, event_type, schema_version, prev_hash, hash,
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS r
         FROM event_store.events WHERE stream_id = $1`,
      [id],
    );
    const row = rows[0];
    expect(
      computeEventHash({
        prevHash: row.prev_hash,
        streamId: id,
        revision: 0,
        eventId: row.event_id,
        type: row.event_type,
        schemaVersion: row.schema_version,
        dataText: row.d,
        metadataText: row.m,
        recordedAtText: row.r,
      }),
    ).toBe(row.hash);
  });

  it('pinpoints an edited event: stream, revision, expected and found hash', async () => {
    const id = await streamOf(5);
    const before = (await store.readStream(id))[2].hash;
    await sql.query(
      `UPDATE event_store.events SET data = jsonb_set(data::jsonb, '{amountYuan}', '999999') WHERE stream_id = $1 AND stream_revision = 2`,
      [id],
    );
    const report = await verifyStore(store, { streamId: id });
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ kind: 'hash_mismatch', streamId: id, revision: 2, found: before });
    expect(report.firstBreak!.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(report.firstBreak!.expected).not.toBe(before);
    expect(report.breaks).toHaveLength(1); // the neighbours still chain to the stored hash
  });

  it('pinpoints a deleted event', async () => {
    const id = await streamOf(5);
    await sql.query('DELETE FROM event_store.events WHERE stream_id = $1 AND stream_revision = 2', [id]);
    const report = await verifyStore(store, { streamId: id });
    expect(report.firstBreak).toMatchObject({
      kind: 'missing_revision',
      streamId: id,
      revision: 2,
      expected: 'revision 2',
      found: 'revision 3',
    });
  });

  it('pinpoints a deleted tail through the stream catalogue', async () => {
    const id = await streamOf(4);
    await sql.query('DELETE FROM event_store.events WHERE stream_id = $1 AND stream_revision = 3', [id]);
    const report = await verifyStore(store, { streamId: id });
    expect(report.firstBreak).toMatchObject({
      kind: 'head_mismatch',
      streamId: id,
      revision: 3,
      expected: 'head at revision 3',
      found: 'last event at revision 2',
    });
  });

  it('pinpoints reordered events (two revisions swapped)', async () => {
    const id = await streamOf(5);
    const events = await store.readStream(id);
    await sql.query('BEGIN');
    await sql.query('UPDATE event_store.events SET stream_revision = -1 WHERE stream_id = $1 AND stream_revision = 1', [id]);
    await sql.query('UPDATE event_store.events SET stream_revision = 1 WHERE stream_id = $1 AND stream_revision = 2', [id]);
    await sql.query('UPDATE event_store.events SET stream_revision = 2 WHERE stream_id = $1 AND stream_revision = -1', [id]);
    await sql.query('COMMIT');
    const report = await verifyStore(store, { streamId: id });
    expect(report.firstBreak).toMatchObject({
      kind: 'prev_hash_mismatch',
      streamId: id,
      revision: 1,
      expected: events[0].hash,
      found: events[1].hash, // the event now at revision 1 was written after revision 1
    });
  });

  it('rehashes texts that COPY and JSON escape (backslashes, quotes, control characters, Chinese) and catches an edit of them', async () => {
    const id = `tamper-'引号' \\ \t-${newId()}`;
    const tricky = {
      path: 'C:\\成果\\new\\table',
      quoted: 'he said "转让" and \'left\'',
      whitespace: 'tab\there\nnewline\r\ncarriage return',
      control: 'bell\u0007 backspace\b formfeed\f vertical\u000b escape\u001b unit\u001f delete\u007f',
      unicode: '一种低温固态电池 — 𠀋 😀 \u2028\u2029',
      '键\\"\t': ['\\', '\\\\', '"', '\\u0000 as text'],
    };
    await store.append(id, [anEvent('StepRecorded', tricky), anEvent('StepRecorded', { ...tricky, step: 2 }), anEvent()], 'no_stream');
    const events = await store.readStream(id);
    expect(events[0].data).toMatchObject(tricky); // stored as written
    expect(await verifyStore(store, { streamId: id })).toMatchObject({ ok: true, checkedEvents: 3, firstBreak: null });

    await sql.query(
      `UPDATE event_store.events SET data = jsonb_set(data::jsonb, '{path}', to_jsonb('C:\\成果\\new\\tab1e'::text)) WHERE stream_id = $1 AND stream_revision = 1`,
      [id],
    );
    const report = await verifyStore(store, { streamId: id, perEvent: true });
    expect(report.firstBreak).toMatchObject({ kind: 'hash_mismatch', streamId: id, revision: 1, found: events[1].hash });
    expect(report.breaks).toHaveLength(1);
    expect(report.events).toEqual({ [`${id}@0`]: 'verified', [`${id}@1`]: 'broken', [`${id}@2`]: 'after_break' });
  });

  it('formats recorded-at in Node exactly as to_char does, from year 1 BC to 294276', async () => {
    const id = `recorded-at-${newId()}`;
    const instants = [
      '0044-03-15 12:00:00.000001+00 BC',
      '0001-12-31 23:59:59.999999+00 BC',
      '0001-01-01 00:00:00+00',
      '1582-10-04 23:59:59.5+00',
      '1899-12-31 23:59:59.999999+00',
      '1969-12-31 23:59:59.999999+00',
      '1999-12-31 23:59:59.999999+00',
      '2000-01-01 00:00:00+00',
      '2000-02-29 12:34:56.000789+00',
      '2026-11-25 08:00:00.123456+08',
      '2100-03-01 00:00:00+00',
      '2400-02-29 23:00:00+00',
      '9999-12-31 23:59:59.999999+00',
      '12345-06-07 08:09:10.111213+00',
      '294276-12-31 23:59:59.999999+00',
    ];
    const streams = instants.map((_, i) => `${id}-${String(i).padStart(2, '0')}`);
    for (const stream of streams) await store.append(stream, [anEvent()], 'no_stream');
    // Re-date each single-event stream and re-hash it with the SQL definition (to_char).
    for (const [i, stream] of streams.entries()) {
      await sql.query(
        `UPDATE event_store.events SET recorded_at = $2::timestamptz,
                hash = event_store.event_hash(prev_hash, stream_id, stream_revision, event_id, event_type, schema_version,
                                              data::text, metadata::text, $2::timestamptz)
          WHERE stream_id = $1`,
        [stream, instants[i]],
      );
    }
    for (const stream of streams) {
      const report = await verifyStore(store, { streamId: stream });
      expect({ stream, ok: report.ok, firstBreak: report.firstBreak }).toEqual({ stream, ok: true, firstBreak: null });
    }
  });

  it('walks a whole store in key ranges over two connections: one snapshot, every link once, a break in a later range found', async () => {
    const db = await createTestDatabase('audit_ranges');
    const ranged = new PostgresEventStore({ connectionString: db, chainRangeEvents: 7, poolSize: 3 });
    await ranged.migrate();
    const pg = new Client({ connectionString: db });
    await pg.connect();
    try {
      // Streams of 1, 5, 12 and 20 events: range bounds fall inside streams and between them.
      const sizes = [1, 5, 12, 20];
      const ids = sizes.map((_, i) => `r${i}-${newId()}`);
      for (const [i, stream] of ids.entries()) {
        await ranged.append(
          stream,
          Array.from({ length: sizes[i] }, (_, k) => anEvent('StepRecorded', { k, 文本: `第${k}步\\\t` })),
          'no_stream',
        );
      }
      const progress: number[] = [];
      const intact = await verifyStore(ranged, {
        pageSize: 4,
        checkpoints: false,
        perEvent: true,
        onProgress: (done) => progress.push(done),
      });
      expect(intact).toMatchObject({ ok: true, checkedEvents: 38, checkedStreams: 4 });
      expect(Object.keys(intact.events!)).toHaveLength(38);
      expect(progress).toEqual([4, 8, 12, 16, 20, 24, 28, 32, 36, 38]);

      // Stopping a walk half-way gives its connections up; the pool still serves.
      for await (const page of ranged.readChain({ pageSize: 3 })) {
        expect(page).toHaveLength(3);
        break;
      }
      expect(await ranged.countEvents()).toBe(38);

      // Events appended once a walk has begun are not in it, not even in its last (open) range.
      const walked: string[] = [];
      let appended = false;
      for await (const page of ranged.readChain({ pageSize: 3 })) {
        walked.push(...page.map((l) => `${l.streamId}@${l.revision}`));
        if (!appended) {
          await ranged.append(`zz-${newId()}`, [anEvent(), anEvent()], 'no_stream');
          await ranged.append(ids[3], [anEvent()], 19);
          appended = true;
        }
      }
      expect(walked).toHaveLength(38);
      expect(new Set(walked).size).toBe(38);
      expect(await ranged.countEvents()).toBe(41);
      expect(await verifyStore(ranged, { checkpoints: false })).toMatchObject({ ok: true, checkedEvents: 41, checkedStreams: 5 });
      // A pool of one connection walks the ranges on that one connection.
      const single = new PostgresEventStore({ connectionString: db, chainRangeEvents: 7, poolSize: 1 });
      try {
        expect(await verifyStore(single, { checkpoints: false })).toMatchObject({ ok: true, checkedEvents: 41, checkedStreams: 5 });
      } finally {
        await single.close();
      }

      await pg.query(
        `UPDATE event_store.events SET metadata = jsonb_set(metadata::jsonb, '{actor,userId}', '"mallory"') WHERE stream_id = $1 AND stream_revision = 15`,
        [ids[3]],
      );
      await pg.query('DELETE FROM event_store.events WHERE stream_id = $1 AND stream_revision = 9', [ids[2]]);
      const broken = await verifyStore(ranged, { pageSize: 5, checkpoints: false });
      expect(broken.checkedEvents).toBe(40);
      expect(broken.breaks.map((b) => [b.kind, b.streamId, b.revision])).toEqual([
        ['missing_revision', ids[2], 9],
        ['hash_mismatch', ids[3], 15],
      ]);
    } finally {
      await pg.end();
      await ranged.close();
    }
  });

  it('walks a whole store on the COPY bytes: the same findings as the link walk for edited, deleted, reordered and re-hashed rows', async () => {
    const db = await createTestDatabase('audit_walk');
    const walked = new PostgresEventStore({ connectionString: db });
    await walked.migrate();
    const pg = new Client({ connectionString: db });
    await pg.connect();
    try {
      // Four streams appended in turns, so their events interleave in $all (the walk's order).
      const ids = ['edited', 'deleted', 'reordered', 'rehashed', 'tail'].map((name) => `${name}-${newId()}`);
      for (let round = 0; round < 4; round++) {
        for (const id of ids)
          await walked.append(id, [anEvent('StepRecorded', { round, 文本: `第${round}轮 \\ "q"` })], round === 0 ? 'no_stream' : round - 1);
      }
      const progress: number[] = [];
      const intact = await verifyStore(walked, { pageSize: 6, checkpoints: false, onProgress: (done) => progress.push(done) });
      expect(intact).toMatchObject({ ok: true, checkedEvents: 20, checkedStreams: 5, firstBreak: null });
      expect(progress).toEqual([6, 12, 18, 20]);

      const [edited, deleted, reordered, rehashed, tail] = ids;
      const events = await walked.readStream(reordered);
      await pg.query(
        `UPDATE event_store.events SET data = jsonb_set(data::jsonb, '{round}', '9') WHERE stream_id = $1 AND stream_revision = 1`,
        [edited],
      );
      await pg.query('DELETE FROM event_store.events WHERE stream_id = $1 AND stream_revision = 2', [deleted]);
      await pg.query('BEGIN');
      await pg.query('UPDATE event_store.events SET stream_revision = -1 WHERE stream_id = $1 AND stream_revision = 1', [reordered]);
      await pg.query('UPDATE event_store.events SET stream_revision = 1 WHERE stream_id = $1 AND stream_revision = 2', [reordered]);
      await pg.query('UPDATE event_store.events SET stream_revision = 2 WHERE stream_id = $1 AND stream_revision = -1', [reordered]);
      await pg.query('COMMIT');
      // Re-hashed with the SQL definition: the chain breaks at the next event, which still names the old hash.
      await pg.query(
        `UPDATE event_store.events SET data = '{"round":1,"rewritten":true}',
                hash = event_store.event_hash(prev_hash, stream_id, stream_revision, event_id, event_type, schema_version,
                                              '{"round":1,"rewritten":true}', metadata::text, recorded_at)
          WHERE stream_id = $1 AND stream_revision = 1`,
        [rehashed],
      );
      await pg.query('DELETE FROM event_store.events WHERE stream_id = $1 AND stream_revision = 3', [tail]);

      const whole = await verifyStore(walked, { checkpoints: false });
      const byLinks = await verifyStore(walked, { checkpoints: false, perEvent: true }); // the link walk (readChain)
      expect(whole.breaks).toEqual(byLinks.breaks);
      expect(whole).toMatchObject({ ok: false, checkedEvents: 18, checkedStreams: 5 });
      const expected: Array<[string, string, number]> = [
        ['missing_revision', deleted, 2],
        ['hash_mismatch', edited, 1],
        ['prev_hash_mismatch', rehashed, 2],
        // Swapped: 1 and 2 no longer chain, nor does 3 (it names the hash of the old revision 2).
        ['prev_hash_mismatch', reordered, 1],
        ['prev_hash_mismatch', reordered, 2],
        ['prev_hash_mismatch', reordered, 3],
        ['head_mismatch', tail, 3],
      ];
      expect(whole.breaks.map((b) => [b.kind, b.streamId, b.revision])).toEqual(
        [...expected].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2])),
      );
      expect(whole.breaks.find((b) => b.streamId === reordered)).toMatchObject({ expected: events[0].hash, found: events[1].hash });
    } finally {
      await pg.end();
      await walked.close();
    }
  });

  it('checkpoints the store with a Merkle root and catches a stream removed with its catalogue row', async () => {
    const db = await createTestDatabase('audit_ckpt');
    const fresh = new PostgresEventStore({ connectionString: db });
    await fresh.migrate();
    const pg = new Client({ connectionString: db });
    await pg.connect();
    try {
      const a = `a-${newId()}`;
      const b = `b-${newId()}`;
      await fresh.append(a, [anEvent(), anEvent(), anEvent()], 'no_stream');
      await fresh.append(b, [anEvent(), anEvent()], 'no_stream');
      // $all shows events once no older transaction anywhere on the server is in flight (other
      // test files run beside this one): wait for them before checkpointing what is visible.
      const visible = async (n: number) => {
        for (let i = 0; i < 400 && (await fresh.readAll({ maxCount: 100 })).length < n; i++) await new Promise((r) => setTimeout(r, 50));
      };
      await visible(5);
      const first = await recordCheckpoint(fresh);
      expect(first).toMatchObject({ sequence: 1, eventCount: 5, afterPosition: null });
      expect(await recordCheckpoint(fresh)).toBeNull(); // nothing new: checkpoints do not cover checkpoints
      await fresh.append(a, [anEvent()], 2);
      await visible(7);
      expect(await recordCheckpoint(fresh)).toMatchObject({ sequence: 2, eventCount: 1 });
      expect(await verifyStore(fresh)).toMatchObject({ ok: true, checkedCheckpoints: 2, checkedEvents: 8 });

      // An intruder deletes stream b entirely; every remaining chain is intact, the checkpoint is not.
      await pg.query('DELETE FROM event_store.events WHERE stream_id = $1', [b]);
      await pg.query('DELETE FROM event_store.streams WHERE stream_id = $1', [b]);
      const report = await verifyStore(fresh);
      expect(report.ok).toBe(false);
      // The checkpoint's span of stream b names what went missing; its root says the range changed.
      expect(report.breaks.map((x) => [x.kind, x.streamId, x.revision])).toEqual([
        ['checkpointed_hash_mismatch', b, 0],
        ['checkpoint_mismatch', CHECKPOINT_STREAM, 0],
      ]);
      expect(report.firstBreak).toMatchObject({ kind: 'checkpointed_hash_mismatch', streamId: b, revision: 0, found: 'no event' });
      expect(report.breaks[1].expected).toContain('over 5 events');
      expect(report.breaks[1].found).toContain('over 3 events');
    } finally {
      await pg.end();
      await fresh.close();
    }
  });

  it('backfills hashes for events written before the chain existed (migration 2)', async () => {
    const db = await createTestDatabase('audit_backfill');
    const pg = new Client({ connectionString: db });
    await pg.connect();
    try {
      await pg.query('CREATE SCHEMA event_store');
      await pg.query(
        `CREATE TABLE event_store.schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      await pg.query(EVENT_STORE_MIGRATIONS[0].sql);
      await pg.query(`INSERT INTO event_store.schema_migrations (version, description) VALUES (1, 'v1')`);
      const e = [anEvent(), anEvent(), anEvent()];
      await pg.query('SELECT * FROM event_store.append_events($1, $2, $3, $4, $5, $6, $7, $8)', [
        'legacy-1',
        'no_stream',
        null,
        e.map((x) => x.eventId),
        e.map((x) => x.type),
        e.map((x) => x.schemaVersion),
        e.map((x) => JSON.stringify(x.data)),
        e.map((x) => JSON.stringify(x.metadata)),
      ]);
      const upgraded = new PostgresEventStore({ connectionString: db });
      try {
        await upgraded.migrate();
        await upgraded.append('legacy-1', [anEvent()], 2);
        const events = await upgraded.readStream('legacy-1');
        expect(events.map((x) => x.prevHash)).toEqual([GENESIS_HASH, events[0].hash, events[1].hash, events[2].hash]);
        expect(await verifyStore(upgraded)).toMatchObject({ ok: true, checkedEvents: 4 });
      } finally {
        await upgraded.close();
      }
    } finally {
      await pg.end();
    }
  });

  it('stores the JSON text it hashed: an edit of the bytes alone (same JSON value, other text) is caught (schema v6)', async () => {
    // There is one stored form of data and metadata, the hashed text (json, not jsonb beside it):
    // nothing can be edited apart from what the hash covers. A rewrite to the same value in other
    // bytes (keys re-ordered and spaced as jsonb prints them) is still an edit.
    const id = await streamOf(2);
    const { rows } = await sql.query<{ d: string; t: string }>(
      'SELECT data::text AS d, pg_typeof(data)::text AS t FROM event_store.events WHERE stream_id = $1 AND stream_revision = 1',
      [id],
    );
    const written = { note: '成果转化 审计', amountYuan: 1200.5, step: 1, 名称: '第1步' };
    expect(rows[0]).toEqual({ d: JSON.stringify(written), t: 'json' }); // as the writer sent it
    await sql.query('UPDATE event_store.events SET data = data::jsonb::json WHERE stream_id = $1 AND stream_revision = 1', [id]);
    const [read] = await store.readStream(id, { fromRevision: 1 });
    expect(read.data).toEqual(written); // the same value to every reader …
    const report = await verifyStore(store, { streamId: id });
    expect(report.firstBreak).toMatchObject({ kind: 'hash_mismatch', streamId: id, revision: 1 }); // … and still an edit
  });

  it('upgrades a v5 store to v6 without re-hashing: old events keep their jsonb text, every chain verifies, new events link on', async () => {
    const db = await createTestDatabase('audit_v6_upgrade');
    const pg = new Client({ connectionString: db });
    await pg.connect();
    const upgraded = new PostgresEventStore({ connectionString: db });
    try {
      await upgraded.migrate({ throughVersion: 5 });
      const id = `upgrade-${newId()}`;
      // jsonb re-orders keys and spaces its text; the hashes of these events cover that text.
      const before = [
        anEvent('StepRecorded', { zeta: 1, a: '低温 "固态" C:\\lab', nested: { y: [1, 2.5, null], b: true } }),
        anEvent('StepRecorded', { 名称: '第二步\n\t', long: 'x'.repeat(3000) }),
      ];
      await upgraded.append(id, before, 'no_stream');
      expect(await recordCheckpoint(upgraded)).not.toBeNull();
      const textsBefore = (
        await pg.query('SELECT data::text AS d, metadata::text AS m, hash FROM event_store.events ORDER BY global_position')
      ).rows;
      expect(textsBefore[0].d).toContain('"a": '); // jsonb's own text, not the writer's

      await upgraded.migrate();
      const textsAfter = (
        await pg.query('SELECT data::text AS d, metadata::text AS m, hash FROM event_store.events ORDER BY global_position')
      ).rows;
      expect(textsAfter).toEqual(textsBefore); // byte for byte: nothing re-hashed, nothing re-rendered
      await upgraded.append(id, [anEvent('StepRecorded', { after: '升级后' })], 1);
      const events = await upgraded.readStream(id);
      expect(events.map((e) => e.prevHash)).toEqual([GENESIS_HASH, events[0].hash, events[1].hash]);
      expect(events[0].data).toEqual(before[0].data);
      expect(await verifyStore(upgraded)).toMatchObject({ ok: true, firstBreak: null, checkedCheckpoints: 1 });
      // An old event edited after the upgrade is caught like any other.
      await pg.query(
        `UPDATE event_store.events SET data = jsonb_set(data::jsonb, '{zeta}', '2') WHERE stream_id = $1 AND stream_revision = 0`,
        [id],
      );
      expect((await verifyStore(upgraded, { streamId: id })).firstBreak).toMatchObject({ kind: 'hash_mismatch', revision: 0 });
    } finally {
      await pg.end();
      await upgraded.close();
    }
  });

  it('upcasts SignOffRoundOpened v1 without ruleKeys on read, keeping the stored bytes verifiable', async () => {
    const id = `contract-${newId()}`;
    const opened = {
      signOffId: 'contract-signature',
      round: 1,
      subject: '专利申请权转让合同',
      termsHash: 'a'.repeat(64),
      mode: { kind: 'parallel' },
      parties: [{ partyId: 'inventor', role: 'inventor', userId: 'li.lei' }],
      deadline: '2026-04-01T00:00:00.000Z',
      reminderOffsetsMs: [],
      escalationRole: 'unit_leader',
      openedAt: '2026-03-01T00:00:00.000Z',
    };
    await store.append(id, [{ ...anEvent('SignOffRoundOpened'), data: opened, schemaVersion: 1 }], 'no_stream');
    const [read] = await store.readStream(id);
    expect(read).toMatchObject({ schemaVersion: 2, storedSchemaVersion: 1, data: { ...opened, ruleKeys: [] } });
    const { rows } = await sql.query('SELECT schema_version, data::jsonb ? $2 AS has FROM event_store.events WHERE stream_id = $1', [
      id,
      'ruleKeys',
    ]);
    expect(rows[0]).toEqual({ schema_version: 1, has: false }); // stored as written
    const { state } = await loadSignOffs(store, id);
    expect(state['contract-signature']).toMatchObject({ status: 'open', round: 1 });
    expect((await verifyStore(store, { streamId: id })).ok).toBe(true);
  });
});
