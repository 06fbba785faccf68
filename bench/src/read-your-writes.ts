import { attachmentCommands, attachmentKey, attachmentStreamId } from '@chengguo/attachment';
import { disclosureCommands, disclosureStreamId } from '@chengguo/disclosure';
import { comparePositions, GlobalPosition, handleCommand, newId, PostgresEventStore } from '@chengguo/eventstore';
import { parseProgressPayload, PROGRESS_CHANNEL } from '@chengguo/read-models';
import { Client } from 'pg';
import { isRuleViolation } from '@chengguo/kernel';
import { INestApplication } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { freePort, stopProcess } from './infra';
import { log, notMeasured, percentile, pool, Row, row } from './report';
import { content, context, inventor, PROTOTYPE_RESULTS } from '../../test/fixtures/workload';

/** Issue 21, item 4: the goals for p99, in ms, by concurrency. */
const GOAL_P99_MS = { 1: 50, 16: 200 } as const;
const ITEM = 4;

function devToken(userId: string, role: string, secret: string): string {
  const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');
  const t = Math.floor(Date.now() / 1000);
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const payload = b64({ sub: userId, role, clearance: 'internal', iss: 'chengguo-dev-issuer', aud: 'chengguo', iat: t, exp: t + 3600 });
  return `${header}.${payload}.${b64(createHmac('sha256', secret).update(`${header}.${payload}`).digest())}`;
}

/** Drafts written straight through the domain layer (not timed); the measured clients submit them. */
async function drafts(store: PostgresEventStore, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId());
  await pool(ids, 8, async (id) => {
    const outcome = await handleCommand(
      store,
      disclosureStreamId(id),
      disclosureCommands.decider,
      {
        type: 'DraftDisclosure',
        disclosureId: id,
        content: content(0),
        actor: inventor,
        now: new Date().toISOString(),
        attachmentsOnRecord: [PROTOTYPE_RESULTS],
      },
      context(),
      disclosureCommands.schemaVersions,
      disclosureCommands.achievement,
    );
    if (isRuleViolation(outcome)) throw new Error(outcome.code);
  });
  return ids;
}

function startProjector(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'projector-process.js')], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`projector exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
  });
}

/** The projector process's CPU time so far, in µs (it answers SIGUSR2 on its stdout). */
function projectorCpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      const match = /cpu (\d+)/.exec(chunk.toString());
      if (!match) return;
      child.stdout!.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    child.kill('SIGUSR2');
  });
}

/** Transactions committed in the database so far (every process: API and projector). */
async function commits(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Backends report their counts at most once a second; let the last of the run's arrive.
    await new Promise((r) => setTimeout(r, 1_100));
    const { rows } = await client.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/** Waits (X-Chengguo-Read-After) until the disclosures read model holds a draft. */
async function caughtUp(port: number, token: string, id: string): Promise<void> {
  const read = await fetch(`http://127.0.0.1:${port}/disclosures/${id}`, {
    headers: { authorization: `Bearer ${token}`, 'x-chengguo-read-after': `${disclosureStreamId(id)}@0`, 'x-chengguo-wait-ms': '10000' },
  });
  await read.body?.cancel();
  if (read.status !== 200) throw new Error(`the projector did not catch up with the drafts: ${read.status}`);
}

/** The same read without the header, one client: what a read costs without waiting (the floor). */
async function plainReads(port: number, token: string, ids: string[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const id of ids) {
    const started = performance.now();
    const read = await fetch(`http://127.0.0.1:${port}/disclosures/${id}`, { headers: { authorization: `Bearer ${token}` } });
    await read.arrayBuffer();
    latencies.push(performance.now() - started);
  }
  return latencies.sort((a, b) => a - b);
}

/**
 * The projector's announcements of the disclosures checkpoint, as heard by a client of its own:
 * splits the read's wait into the projector's lag (2xx → announcement) and the rest.
 */
async function listenToProjector(url: string): Promise<{ heard: Array<{ at: number; position: GlobalPosition }>; close(): Promise<void> }> {
  const client = new Client({ connectionString: url });
  const heard: Array<{ at: number; position: GlobalPosition }> = [];
  await client.connect();
  client.on('notification', (message) => {
    const progress = parseProgressPayload(message.payload);
    if (progress?.subscriber === 'projector:disclosures') heard.push({ at: performance.now(), position: progress.position });
  });
  await client.query(`LISTEN ${PROGRESS_CHANNEL}`);
  return { heard, close: () => client.end() };
}

interface Run {
  /** Per visible write: when its 2xx arrived, and which write it was. */
  writes: Array<{ at: number; streamId: string; revision: number }>;
  latencies: number[];
  /** Reads that answered 503 READ_MODEL_BEHIND, or showed the disclosure not yet submitted. */
  notVisible: number;
  errors: number;
}

/**
 * One client: submit a draft over HTTP, then read it back with the write named in
 * X-Chengguo-Read-After; the time from the submission's 2xx to the read's answer showing it
 * submitted. The read's own round trip is included: it is what a client waits.
 */
async function readYourWrites(port: number, token: string, ids: string[], concurrency: number): Promise<Run> {
  const base = `http://127.0.0.1:${port}`;
  const run: Run = { writes: [], latencies: [], notVisible: 0, errors: 0 };
  await pool(ids, concurrency, async (id) => {
    const submitted = await fetch(`${base}/disclosures/${id}/submission`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (submitted.status !== 200) {
      run.errors += 1;
      await submitted.body?.cancel();
      return;
    }
    const accepted = (await submitted.json()) as { streamId: string; revision: number };
    const started = performance.now();
    run.writes.push({ at: started, streamId: accepted.streamId, revision: accepted.revision });
    const read = await fetch(`${base}/disclosures/${id}`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-chengguo-read-after': `${accepted.streamId}@${accepted.revision}`,
        'x-chengguo-wait-ms': '5000',
      },
    });
    const view = (await read.json()) as { status?: string };
    const elapsed = performance.now() - started;
    if (read.status === 200 && view.status !== 'draft') run.latencies.push(elapsed);
    else if (read.status === 200 || read.status === 503) run.notVisible += 1;
    else run.errors += 1;
  });
  run.latencies.sort((a, b) => a - b);
  return run;
}

/**
 * Issue 21, item 4: read-your-writes latency over HTTP against the real API (Express, in this
 * process) and the worker's projector (every projection, in a child process), at c=1 and with 16
 * clients at once, each doing the same.
 */
export async function readYourWritesBench(url: string, perRun: { 1: number; 16: number }): Promise<Row[]> {
  const secret = newId();
  Object.assign(process.env, {
    DATABASE_URL: url,
    AUTH_MODE: 'dev',
    AUTH_DEV_SECRET: secret,
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
  });
  const token = devToken(inventor.userId, inventor.role, secret);
  const store = new PostgresEventStore({ connectionString: url, poolSize: 8 });
  await store.migrate();
  let app: INestApplication | null = null;
  let projector: ChildProcess | null = null;
  const rows: Row[] = [];
  try {
    app = await createApiApp();
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    projector = await startProjector(url);
    // The submission loads the drafter's upload of the listed file, as in production.
    const upload = await handleCommand(
      store,
      attachmentStreamId(attachmentKey(PROTOTYPE_RESULTS.sha256, inventor.userId)),
      attachmentCommands.decider,
      { type: 'StoreAttachment', ...PROTOTYPE_RESULTS, name: 'prototype-results.pdf', actor: inventor, now: new Date().toISOString() },
      context(),
      attachmentCommands.schemaVersions,
      attachmentCommands.achievement,
    );
    if (isRuleViolation(upload)) throw new Error(upload.code);
    const warmup = await drafts(store, 50);
    await readYourWrites(port, token, warmup, 4);
    const plain = await plainReads(port, token, [...warmup, ...warmup]);
    const floor = `the same GET without the header: p50 ${percentile(plain, 50).toFixed(1)} ms, p99 ${percentile(plain, 99).toFixed(1)} ms`;
    for (const concurrency of [1, 16] as const) {
      const ids = await drafts(store, perRun[concurrency]);
      // The projector catches up with the drafts before the clock starts.
      await caughtUp(port, token, ids[ids.length - 1]);
      log(`read-your-writes: ${ids.length} submissions, each read back at once, c=${concurrency}`);
      const listener = await listenToProjector(url);
      const [cpuBefore, commitsBefore] = [await projectorCpuMicros(projector), await commits(url)];
      const run = await readYourWrites(port, token, ids, concurrency);
      const [cpuAfter, commitsAfter] = [await projectorCpuMicros(projector), await commits(url)];
      await listener.close();
      const submissions = run.writes.length;
      const cost =
        `projector CPU ${((cpuAfter - cpuBefore) / 1_000 / submissions).toFixed(2)} ms per submission, ` +
        `${((commitsAfter - commitsBefore) / submissions).toFixed(1)} commits per submission and read (every process)`;
      const lags: number[] = [];
      for (const write of run.writes) {
        const [event] = await store.readStream(write.streamId, { fromRevision: write.revision, maxCount: 1 });
        const first = listener.heard.find((h) => comparePositions(h.position, event.position) >= 0);
        if (first) lags.push(Math.max(0, first.at - write.at));
      }
      lags.sort((a, b) => a - b);
      const lag = `projector lag (2xx → its announcement of the disclosures checkpoint): p50 ${percentile(lags, 50).toFixed(1)} ms, p99 ${percentile(lags, 99).toFixed(1)} ms`;
      const name = `read-your-writes, submit → read shows it, c=${concurrency}`;
      if (run.latencies.length === 0) {
        rows.push(notMeasured(ITEM, name, `no read showed its write: ${run.notVisible} not visible, ${run.errors} errors`));
        continue;
      }
      const p50 = percentile(run.latencies, 50);
      const p99 = percentile(run.latencies, 99);
      const goal = GOAL_P99_MS[concurrency];
      rows.push(
        row({
          item: ITEM,
          name,
          ours: p99,
          unit: 'ms p99',
          baselineName: '—',
          baseline: null,
          ratio: null,
          // A latency bound: p99 at most the goal.
          goal,
          goalOn: { value: 'ours', direction: 'at-most' },
          note:
            `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${run.latencies[run.latencies.length - 1].toFixed(1)} ms; ` +
            `${run.latencies.length} visible, ${run.notVisible} not within 5 s, ${run.errors} errors; ` +
            `from the submission's 2xx to the answer of GET /disclosures/{id} with X-Chengguo-Read-After (its round trip included); ` +
            `${lag}; ${cost}; ${floor}; API in-process (Express), projector in a child process, loopback`,
          extra: {
            p50,
            p99,
            lagP50: percentile(lags, 50),
            lagP99: percentile(lags, 99),
            projectorCpuMsPerSubmission: (cpuAfter - cpuBefore) / 1_000 / submissions,
            commitsPerSubmission: (commitsAfter - commitsBefore) / submissions,
            ...run,
            latencies: undefined,
            writes: undefined,
          },
        }),
      );
    }
  } finally {
    if (projector) await stopProcess(projector);
    await app?.close().catch(() => undefined);
    await store.close();
  }
  return rows;
}
