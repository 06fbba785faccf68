// The list of processes registers their audit folds and upcasters.
import '@chengguo/processes';
import {
  ANCHOR_STREAM,
  CHECKPOINT_STREAM,
  CheckpointRecorder,
  anchorPendingCheckpoints,
  readTimestampToken,
  recordCheckpoint,
  requestTimestamp,
  streamHistory,
  timestampRequest,
  verifyStore,
} from '@chengguo/audit';
import { EventStore, PostgresEventStore, RecordedEvent, newId } from '@chengguo/eventstore';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { runCli } from '../../apps/audit-cli/src/main';
import { createTestDatabase } from '../support/databases';
import { LoopbackTsa, startLoopbackTsa } from '../support/loopback-tsa';
import { anEvent } from './fixtures';
import { rewriteCheckpoints, rewriteConsistently, visible } from './tampering';

const run = promisify(execFile);
const EDIT = `jsonb_set(data::jsonb, '{amountYuan}', '999999')`;

function capture() {
  const chunks: string[] = [];
  return { stream: { isTTY: false, write: (c: string) => chunks.push(c) }, text: () => chunks.join('') };
}

async function cli(args: string[], url: string): Promise<{ code: number; out: string; err: string }> {
  const out = capture();
  const err = capture();
  const code = await runCli([...args, '--database-url', url, '--auditor', 'zhao.audit'], {
    stdout: out.stream,
    stderr: err.stream,
    env: {},
  });
  return { code, out: out.text(), err: err.text() };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Audit integrity beyond the database (ADR 7): per-stream spans in checkpoints, a timed checkpoint,
 * RFC 3161 anchors from a real time-stamping authority (openssl on loopback) and the auditor's
 * witness file — each against the attack it is there for, on real PostgreSQL.
 */
describe('audit anchoring (PostgreSQL, loopback RFC 3161 authority)', () => {
  let tsa: LoopbackTsa;
  const opened: Array<{ store: EventStore; sql: Client }> = [];
  let scratch: string;

  async function freshStore(prefix: string): Promise<{ url: string; store: PostgresEventStore; sql: Client }> {
    const url = await createTestDatabase(prefix);
    const store = new PostgresEventStore({ connectionString: url });
    await store.migrate();
    const sql = new Client({ connectionString: url });
    await sql.connect();
    opened.push({ store, sql });
    return { url, store, sql };
  }

  async function streamOf(store: EventStore, n: number, prefix = 'ledger'): Promise<string> {
    const id = `${prefix}-${newId()}`;
    await store.append(
      id,
      Array.from({ length: n }, (_, i) => anEvent('StepRecorded', { step: i, 说明: `第${i}步` })),
      'no_stream',
    );
    return id;
  }

  beforeAll(async () => {
    tsa = await startLoopbackTsa();
    scratch = mkdtempSync(join(tmpdir(), 'chengguo-witness-'));
  });

  afterAll(async () => {
    for (const { store, sql } of opened) {
      await sql.end().catch(() => undefined);
      await store.close().catch(() => undefined);
    }
    await tsa?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('builds RFC 3161 requests openssl reads, and gets tokens from the authority that `openssl ts -verify` accepts', async () => {
    const digest = createHash('sha256').update('成果 checkpoint').digest('hex');
    const nonce = Buffer.from('00a1b2c3d4e5f607', 'hex');
    writeFileSync(join(tsa.dir, 'ours.tsq'), timestampRequest(digest, nonce));
    const { stdout } = await run('openssl', ['ts', '-query', '-in', join(tsa.dir, 'ours.tsq'), '-text']);
    expect(stdout).toMatch(/Version: 1/);
    expect(stdout).toMatch(/Hash Algorithm: sha256/);
    // The hex dump of the imprint: "0000 - 3f a2 …" lines.
    const dumped = [...stdout.matchAll(/^\s*[0-9a-f]{4} - ((?:[0-9a-f]{2}[ -]+)+)/gim)].map((m) => m[1].replace(/[ -]/g, '')).join('');
    expect(dumped.toLowerCase()).toBe(digest);
    expect(stdout).toMatch(/Nonce: 0xA1B2C3D4E5F607/i);
    expect(stdout).toMatch(/Certificate required: yes/);

    const stamp = await requestTimestamp(tsa.url, digest);
    expect(stamp.digest).toBe(digest);
    expect(Math.abs(Date.parse(stamp.genTime) - Date.now())).toBeLessThan(60_000);
    expect(await tsa.verify(stamp.token.toString('base64'), digest)).toMatch(/Verification: OK/);
    const other = createHash('sha256').update('another').digest('hex');
    await expect(tsa.verify(stamp.token.toString('base64'), other)).rejects.toThrow();
    expect(readTimestampToken(stamp.token)).toMatchObject({ digest, serialNumber: stamp.serialNumber, policy: '1.2.3.4.1' });
    expect(() => timestampRequest('not hex')).toThrow();
  });

  it('names the stream and revision of a consistent rewrite: whole store, per-stream verification and exports', async () => {
    const { url, store, sql } = await freshStore('anchor_rewrite');
    const a = await streamOf(store, 6);
    const b = await streamOf(store, 3);
    await visible(store, 9);
    expect(await recordCheckpoint(store)).toMatchObject({ sequence: 1, eventCount: 9 });
    await store.append(a, [anEvent(), anEvent()], 5);
    await visible(store, 12);
    expect(await recordCheckpoint(store)).toMatchObject({ sequence: 2, eventCount: 2 });
    expect(await verifyStore(store)).toMatchObject({ ok: true, checkedCheckpoints: 2 });
    const before = await store.readStream(a);

    await rewriteConsistently(sql, a, 2, EDIT);
    const after = await store.readStream(a);
    expect(after[2].hash).not.toBe(before[2].hash);
    expect(after[7].hash).not.toBe(before[7].hash);
    // The chain alone cannot see it: every link was recomputed.
    expect(await verifyStore(store, { streamId: a, spans: false })).toMatchObject({ ok: true, firstBreak: null });

    const single = await verifyStore(store, { streamId: a });
    expect(single.ok).toBe(false);
    expect(single.firstBreak).toMatchObject({
      kind: 'checkpointed_hash_mismatch',
      streamId: a,
      revision: 2,
      found: after[2].hash,
      expected: `${before[2].hash!.slice(0, 16)}… (checkpoint 1)`,
    });
    expect(single.checkedSpans).toBe(2);
    expect((await verifyStore(store, { streamId: b })).ok).toBe(true); // the other stream is untouched

    const whole = await verifyStore(store);
    expect(whole.firstBreak).toMatchObject({ kind: 'checkpointed_hash_mismatch', streamId: a, revision: 2 });
    expect(whole.breaks.map((x) => [x.kind, x.streamId, x.revision])).toEqual([
      ['checkpointed_hash_mismatch', a, 2],
      ['checkpoint_mismatch', CHECKPOINT_STREAM, 0],
      ['checkpoint_mismatch', CHECKPOINT_STREAM, 1],
    ]);

    const history = await streamHistory(store, a);
    expect(history.verification.ok).toBe(false);
    expect(history.events.map((e) => e.verification)).toEqual([
      'verified',
      'verified',
      'broken',
      'after_break',
      'after_break',
      'after_break',
      'after_break',
      'after_break',
    ]);

    const exported = await cli(['export', '--stream', a, '--format', 'jsonl'], url);
    expect(exported.code).toBe(2);
    const header = JSON.parse(exported.out.split('\n')[0]);
    expect(header.verification).toMatchObject({ ok: false, firstBreak: { kind: 'checkpointed_hash_mismatch', streamId: a, revision: 2 } });
    expect(header.anchor).toMatchObject({ sequence: 2, timestamp: null });
  });

  it('anchors every checkpoint with the authority; one that is down blocks no append, is retried, and verify lists what is unanchored', async () => {
    const { url, store } = await freshStore('anchor_tsa');
    tsa.down();
    const recorder = new CheckpointRecorder(store, { everyEvents: 5, intervalMs: 60_000, tsaUrl: tsa.url, tickMs: 200 });
    await recorder.start();
    try {
      const started = Date.now();
      const id = await streamOf(store, 6);
      expect(Date.now() - started).toBeLessThan(2_000);
      const [checkpoint] = await until('the first checkpoint', async () => {
        const found = await store.readStream(CHECKPOINT_STREAM);
        return found.length > 0 && found;
      });
      const requestsWhileDown = tsa.requests;
      await until('a retry', async () => tsa.requests > requestsWhileDown);
      // Appends go on while the authority is down.
      await store.append(id, [anEvent()], 5);
      const down = await verifyStore(store);
      expect(down.ok).toBe(true);
      expect(down.anchoring).toMatchObject({ anchored: 0, unanchored: [1], unanchoredCount: 1, latest: null });

      tsa.up();
      const [anchor] = (await until('the anchor', async () => {
        const found = await store.readStream(ANCHOR_STREAM);
        return found.length > 0 && found;
      })) as Array<RecordedEvent<{ token: string; digest: string; sequence: number; merkleRoot: string }>>;
      expect(anchor.data).toMatchObject({
        sequence: 1,
        digest: checkpoint.hash,
        merkleRoot: (checkpoint.data as { merkleRoot: string }).merkleRoot,
      });
      expect(await tsa.verify(anchor.data.token, checkpoint.hash!)).toMatch(/Verification: OK/);
      const up = await verifyStore(store);
      expect(up.anchoring).toMatchObject({ anchored: 1, unanchored: [], unanchoredCount: 0, latest: { sequence: 1, tsaUrl: tsa.url } });

      // Exports carry the latest root and its token; the token verifies against the root's checkpoint hash.
      const exported = await cli(['export', '--stream', id, '--format', 'jsonl'], url);
      expect(exported.code).toBe(0);
      const header = JSON.parse(exported.out.split('\n')[0]);
      expect(header.anchor).toMatchObject({
        sequence: 1,
        checkpointHash: checkpoint.hash,
        merkleRoot: (checkpoint.data as { merkleRoot: string }).merkleRoot,
        timestamp: { tsaUrl: tsa.url },
      });
      expect(await tsa.verify(header.anchor.timestamp.token, header.anchor.checkpointHash)).toMatch(/Verification: OK/);
      const csv = await cli(['export', '--stream', id, '--format', 'csv'], url);
      expect(csv.out).toContain(`token=${header.anchor.timestamp.token}`);
    } finally {
      tsa.up();
      await recorder.stop();
    }
  });

  it('takes a checkpoint on the timer without waiting for the next event: the tail is reported, then covered', async () => {
    const { store, sql } = await freshStore('anchor_tail');
    const recorder = new CheckpointRecorder(store, { everyEvents: 1_000, intervalMs: 5_000, tickMs: 100 });
    await recorder.start();
    try {
      const early = await streamOf(store, 3, 'early');
      const late = await streamOf(store, 3, 'late');
      await visible(store, 6);
      const tail = await verifyStore(store);
      expect(tail.ok).toBe(true);
      expect(tail.unanchoredTail).toMatchObject({ events: 6, afterCheckpoint: null });
      expect(tail.unanchoredTail!.ageSeconds).toBeLessThan(5);
      expect(Date.parse(tail.unanchoredTail!.oldestRecordedAt!)).toBeLessThanOrEqual(Date.now());

      // Rewritten before any checkpoint covers it: nothing in the store can tell, which is what the
      // tail's size and age warn about.
      await rewriteConsistently(sql, early, 1, EDIT);
      expect((await verifyStore(store)).ok).toBe(true);
      expect(await store.readStream(CHECKPOINT_STREAM)).toEqual([]); // (still before the timer's checkpoint)

      // No further event: the timer checkpoints the tail on its own.
      await until('the timed checkpoint', async () => (await store.readStream(CHECKPOINT_STREAM)).length > 0);
      const covered = await verifyStore(store);
      expect(covered.unanchoredTail).toMatchObject({ events: 0, afterCheckpoint: 1, ageSeconds: null });

      await rewriteConsistently(sql, late, 1, EDIT);
      const caught = await verifyStore(store);
      expect(caught.ok).toBe(false);
      expect(caught.firstBreak).toMatchObject({ kind: 'checkpointed_hash_mismatch', streamId: late, revision: 1 });
    } finally {
      await recorder.stop();
    }
  });

  it('holds the tokens to the CA the auditor trusts: a token from another authority stamps the right hash but fails `--tsa-ca`', async () => {
    const { url, store } = await freshStore('anchor_signatures');
    await streamOf(store, 3);
    await visible(store, 3);
    expect((await cli(['checkpoint', '--tsa-url', tsa.url], url)).code).toBe(0);
    const verified = await cli(['verify', '--tsa-ca', tsa.caFile], url);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ ok: true, checkedTokenSignatures: 1, anchoring: { anchored: 1 } });

    // Someone stamps the same checkpoint hash with an authority of their own and adds that as an anchor.
    const rogue = await startLoopbackTsa();
    try {
      const [checkpoint] = await store.readStream(CHECKPOINT_STREAM);
      const stamp = await requestTimestamp(rogue.url, checkpoint.hash!);
      await store.append(
        ANCHOR_STREAM,
        [
          {
            eventId: newId(),
            type: 'AuditCheckpointAnchored',
            schemaVersion: 1,
            data: {
              sequence: 1,
              checkpointEventId: checkpoint.eventId,
              digest: checkpoint.hash,
              merkleRoot: (checkpoint.data as { merkleRoot: string }).merkleRoot,
              tsaUrl: tsa.url,
              token: stamp.token.toString('base64'),
              genTime: stamp.genTime,
              serialNumber: stamp.serialNumber,
              anchoredAt: new Date().toISOString(),
            },
            metadata: {
              occurredAt: stamp.genTime,
              actor: { userId: 'audit-checkpointer', role: 'system' },
              correlationId: 'x',
              causationId: null,
            },
          },
        ],
        'any',
      );
    } finally {
      await rogue.stop();
    }
    expect((await verifyStore(store)).ok).toBe(true); // the imprint matches: only the signature tells
    const caught = await cli(['verify', '--tsa-ca', tsa.caFile], url);
    expect(caught.code).toBe(2);
    const report = JSON.parse(caught.out);
    expect(report.checkedTokenSignatures).toBe(2);
    expect(report.breaks).toEqual([
      expect.objectContaining({
        kind: 'anchor_mismatch',
        streamId: CHECKPOINT_STREAM,
        revision: 0,
        found: expect.stringContaining('openssl ts -verify failed'),
      }),
    ]);
  });

  it('the witness file catches checkpoints rewritten with the history, as do the anchors', async () => {
    const { url, store, sql } = await freshStore('anchor_witness');
    const id = await streamOf(store, 4);
    await visible(store, 4);
    await recordCheckpoint(store);
    await store.append(id, [anEvent(), anEvent()], 3);
    await visible(store, 6);
    // From the command line: the second checkpoint, then both anchored.
    const cut = await cli(['checkpoint', '--tsa-url', tsa.url], url);
    expect(cut.code).toBe(0);
    expect(JSON.parse(cut.out)).toMatchObject({ checkpoint: { sequence: 2, eventCount: 2 }, anchored: [1, 2] });
    expect(await anchorPendingCheckpoints(store, tsa.url)).toEqual([]); // nothing left to anchor

    const file = join(scratch, `witness-${newId()}.jsonl`);
    const first = await cli(['witness', '--file', file], url);
    expect(first.code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.sequence)).toEqual([1, 2]);
    expect(await tsa.verify(lines[1].timestamp.token, lines[1].checkpointHash)).toMatch(/Verification: OK/);
    expect((await cli(['witness', '--file', file, '--check'], url)).code).toBe(0);
    expect((await cli(['witness', '--file', file], url)).code).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2); // nothing new: nothing appended

    // The intruder rewrites an event, re-hashes its stream, recomputes every checkpoint and re-hashes those.
    await rewriteConsistently(sql, id, 1, EDIT);
    await rewriteCheckpoints(sql, store);
    const consistent = await verifyStore(store);
    expect(consistent.breaks.filter((x) => x.kind !== 'anchor_mismatch')).toEqual([]); // consistent inside the database …
    expect(consistent.breaks.map((x) => [x.kind, x.revision])).toEqual([
      ['anchor_mismatch', 0],
      ['anchor_mismatch', 1],
    ]); // … but the tokens stamped other hashes

    // And removes the anchors too: the store alone now says intact, with two unanchored checkpoints.
    await sql.query('DELETE FROM event_store.events WHERE stream_id = $1', [ANCHOR_STREAM]);
    await sql.query('DELETE FROM event_store.streams WHERE stream_id = $1', [ANCHOR_STREAM]);
    expect(await verifyStore(store)).toMatchObject({ ok: true, anchoring: { unanchoredCount: 2 } });

    const contents = readFileSync(file, 'utf8');
    const check = await cli(['witness', '--file', file, '--check'], url);
    expect(check.code).toBe(2);
    const report = JSON.parse(check.out);
    expect(report.problems.map((p: { kind: string; sequence: number }) => [p.kind, p.sequence])).toEqual([
      ['checkpoint_rewritten', 1],
      ['checkpoint_rewritten', 2],
    ]);
    expect(report.problems[0].detail).toContain(lines[0].merkleRoot);
    expect(check.err).toContain('WITNESS: checkpoint_rewritten (checkpoint 1)');
    expect((await cli(['witness', '--file', file], url)).code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(contents); // evidence is never appended to
    expect(existsSync(file)).toBe(true);
  });
});
