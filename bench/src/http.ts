import { ATTACHMENT_SCHEMA_VERSIONS, attachmentCommands, attachmentDecider, attachmentKey, attachmentStreamId } from '@chengguo/attachment';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureCommands, disclosureDecider, disclosureStreamId } from '@chengguo/disclosure';
import { handleCommand, newId, PostgresEventStore } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { ChildProcess, fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flameGraphSvg, topOf } from './flamegraph';
import type { GcTotals, ServerCommand, ServerMessage, StatementCount } from './http-server';
import { clusterCpu, freePort, postmasterOf, ROOT } from './infra';
import { log, notMeasured, pool, Row, row } from './report';
import { content, context, inventor, PROTOTYPE_RESULTS } from '../../test/fixtures/workload';

const CONNECTIONS = 16;

function devToken(userId: string, role: string, secret: string): string {
  const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');
  const t = Math.floor(Date.now() / 1000);
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const payload = b64({ sub: userId, role, clearance: 'internal', iss: 'chengguo-dev-issuer', aud: 'chengguo', iat: t, exp: t + 3600 });
  return `${header}.${payload}.${b64(createHmac('sha256', secret).update(`${header}.${payload}`).digest())}`;
}

/** Drafts created straight through the domain layer (not timed); the HTTP run submits them. */
async function drafts(store: PostgresEventStore, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId());
  // The submission loads the drafter's upload of the listed file, as in production.
  const upload = await handleCommand(
    store,
    attachmentStreamId(attachmentKey(PROTOTYPE_RESULTS.sha256, inventor.userId)),
    attachmentDecider,
    { type: 'StoreAttachment', ...PROTOTYPE_RESULTS, name: 'prototype-results.pdf', actor: inventor, now: new Date().toISOString() },
    context(),
    ATTACHMENT_SCHEMA_VERSIONS,
    attachmentCommands.achievement,
  );
  if (isRuleViolation(upload)) throw new Error(upload.code);
  await pool(ids, 8, async (id) => {
    const outcome = await handleCommand(
      store,
      disclosureStreamId(id),
      disclosureDecider,
      {
        type: 'DraftDisclosure',
        disclosureId: id,
        content: content(0),
        actor: inventor,
        now: new Date().toISOString(),
        attachmentsOnRecord: [PROTOTYPE_RESULTS],
      },
      context(),
      DISCLOSURE_SCHEMA_VERSIONS,
      disclosureCommands.achievement,
    );
    if (isRuleViolation(outcome)) throw new Error(outcome.code);
  });
  return ids;
}

interface HttpResult {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
}

async function load(port: number, ids: string[], token: string): Promise<HttpResult> {
  let next = 0;
  const statuses = new Map<number, number>();
  // The run's own span, first request to last answer: autocannon's `duration` ends at its next
  // one-second sample tick after the last answer, so `ok / duration` counted up to a second too many
  // (10,000 submissions in 9.1 s read as 10.0 s: 1,000/s instead of 1,099/s).
  let firstSent = 0;
  let lastAnswered = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount: ids.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        setupRequest: (request) => {
          if (next === 0) firstSent = performance.now();
          return { ...request, path: `/disclosures/${ids[next++ % ids.length]}/submission` };
        },
        onResponse: (status) => {
          lastAnswered = performance.now();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        },
      },
    ],
  });
  const ok = [...statuses].filter(([s]) => s >= 200 && s < 300).reduce((a, [, c]) => a + c, 0);
  // Throughput of successful submissions only: a refused or failed request is not a submission.
  return {
    rps: ok / ((lastAnswered - firstSent) / 1000 || result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    errors: ids.length - ok,
    statuses: Object.fromEntries(statuses),
  };
}

/** The API in its own process (http-server.ts), so autocannon never shares its event loop. */
class ApiProcess {
  private readonly waiting: Array<(message: ServerMessage) => void> = [];

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ServerMessage) => this.waiting.shift()?.(message));
    child.on('exit', (code) => {
      for (const waiter of this.waiting.splice(0)) waiter({ failed: `the API process exited (${code})` });
    });
  }

  static async start(adapter: 'express' | 'fastify', port: number): Promise<ApiProcess> {
    const child = fork(join(__dirname, 'http-server.js'), [], {
      // Node's flags as `npm run start:api` runs the API (none), not the bench process's (the worker's).
      execArgv: [],
      env: { ...process.env, BENCH_ADAPTER: adapter, BENCH_PORT: String(port) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const api = new ApiProcess(child);
    const first = await api.next();
    if ('failed' in first) throw new Error(first.failed);
    return api;
  }

  next(): Promise<ServerMessage> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async ask(command: ServerCommand): Promise<ServerMessage> {
    const answer = this.next();
    this.child.send(command);
    return answer;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ cmd: 'close' } satisfies ServerCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Statements per request, most frequent first (e.g. "1.00 × INSERT INTO api.rate_limit_windows…"). */
function perRequest(statements: StatementCount[], requests: number): Array<{ sql: string; perRequest: number; meanMs: number }> {
  return statements
    .filter((s) => s.count >= requests / 10)
    .map((s) => ({ sql: s.sql, perRequest: Number((s.count / requests).toFixed(2)), meanMs: Number((s.totalMs / s.count).toFixed(2)) }));
}

/** The API's collection pauses over a run: "GC 0.05 ms per request (120 scavenges, 0 mark-compacts, longest 3.1 ms)". */
function gcNote(gc: GcTotals | null, requests: number): string {
  if (!gc) return 'GC not observed';
  const perRequest = (gc.scavengeMs + gc.markCompactMs) / requests;
  return (
    `API GC pauses ${perRequest.toFixed(3)} ms per request (${gc.scavenges} scavenges, ${gc.markCompacts} mark-compacts, ` +
    `longest ${gc.longestMs.toFixed(1)} ms)`
  );
}

/** Submissions before the measured run: the API's JIT and pools reach their steady state (200 did not: 3 s slower start). */
const WARM_UP = 2_000;

async function vacuumAnalyze(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}

const GOAL_RPS = 1_000;
const GOAL_P99_MS = 30;

/**
 * Item 3 (issue 21 item 5): POST /disclosures/{id}/submission under autocannon on loopback, Express
 * vs Fastify, the API in its own process. With `--profile`, one more run per adapter under V8's CPU
 * profiler writes a flame graph to bench/results (the measured run is never profiled).
 */
export async function httpBench(url: string, requests: number, temporalAddress: string): Promise<Row[]> {
  const profile = process.argv.includes('--profile');
  const secret = newId();
  Object.assign(process.env, {
    DATABASE_URL: url,
    AUTH_MODE: 'dev',
    AUTH_DEV_SECRET: secret,
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    TEMPORAL_ADDRESS: temporalAddress,
  });
  const token = devToken(inventor.userId, inventor.role, secret);
  const store = new PostgresEventStore({ connectionString: url, poolSize: 10 });
  await store.migrate();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const postmaster = await postmasterOf(url);
  const results: Record<
    string,
    | (HttpResult & {
        cpuMsPerRequest: number | null;
        postgresCpuMsPerRequest: number | null;
        sqlPerRequest: number;
        statements: ReturnType<typeof perRequest>;
        gc: GcTotals | null;
        profile?: object;
      })
    | string
  > = {};
  for (const adapter of ['express', 'fastify'] as const) {
    let api: ApiProcess | null = null;
    try {
      const port = await freePort();
      api = await ApiProcess.start(adapter, port);
      const warmUp = Math.min(WARM_UP, requests);
      log(`http: ${adapter}, ${warmUp} submissions to warm up, then ${requests} measured at ${CONNECTIONS} connections`);
      const all = await drafts(store, warmUp + requests);
      // As pgbench does before each run: the drafts just written are vacuumed and analysed now, so
      // autovacuum does not pick them up in the middle of the measured run.
      await vacuumAnalyze(url);
      await load(port, all.slice(0, warmUp), token);
      const ids = all.slice(warmUp);
      await api.ask({ cmd: 'measure-start', profile: false });
      const postgresAtStart = clusterCpu(postmaster);
      const measured = await load(port, ids, token);
      const postgresAtStop = clusterCpu(postmaster);
      const stopped = await api.ask({ cmd: 'measure-stop' });
      const statements = 'measured' in stopped ? perRequest(stopped.statements, measured.ok + measured.errors) : [];
      // CPU the API process used per request (user + system): less sensitive to a busy machine than req/s.
      const cpuMsPerRequest = 'measured' in stopped ? Number((stopped.cpuMs / (measured.ok + measured.errors)).toFixed(2)) : null;
      // PostgreSQL's CPU (all its processes) per request: the other half of a request's cost on this machine.
      const postgresCpuMsPerRequest = Number((((postgresAtStop - postgresAtStart) * 1000) / (measured.ok + measured.errors)).toFixed(2));
      const sqlPerRequest = Number(statements.reduce((n, s) => n + s.perRequest, 0).toFixed(2));
      const gc = 'measured' in stopped ? stopped.gc : null;
      results[adapter] = { ...measured, cpuMsPerRequest, postgresCpuMsPerRequest, sqlPerRequest, statements, gc };
      log(
        `http: ${adapter} ${Math.round(measured.rps)} req/s, API CPU ${cpuMsPerRequest} ms, PostgreSQL CPU ${postgresCpuMsPerRequest} ms ` +
          `and ${sqlPerRequest} SQL statements per request; ${gcNote(gc, measured.ok + measured.errors)}`,
      );
      if (profile) {
        const profiled = await drafts(store, Math.min(requests, 1_000));
        const file = join(mkdtempSync(join(tmpdir(), 'chengguo-bench-prof-')), `${adapter}.cpuprofile`);
        await api.ask({ cmd: 'measure-start', profile: true });
        const under = await load(port, profiled, token);
        await api.ask({ cmd: 'measure-stop', profileFile: file });
        const cpuProfile = JSON.parse(readFileSync(file, 'utf8'));
        const svg = join(ROOT, 'bench', 'results', `${stamp}-http-${adapter}-flame.svg`);
        writeFileSync(
          svg,
          flameGraphSvg(
            cpuProfile,
            `API process, ${adapter}: ${profiled.length} × POST /disclosures/{id}/submission at ${CONNECTIONS} connections (${Math.round(under.rps)} req/s under the profiler)`,
          ),
        );
        const top = topOf(cpuProfile, 12);
        log(`http: ${adapter} flame graph ${svg.slice(ROOT.length + 1)} (profile ${file}); CPU by package:`);
        for (const [name, share] of top.groups) log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
        log('  top functions (self):');
        for (const [name, share] of top.functions) log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
        results[adapter] = {
          ...results[adapter],
          profile: { svg: svg.slice(ROOT.length + 1), groups: top.groups, functions: top.functions },
        };
      }
      for (const s of statements) log(`  ${s.perRequest.toFixed(2)} × ${s.meanMs.toFixed(2)} ms  ${s.sql}`);
    } catch (error) {
      results[adapter] = `could not run: ${(error as Error).message.split('\n')[0]}`;
    } finally {
      await api?.close().catch(() => undefined);
    }
  }
  await store.close();

  const express = results.express;
  const rows: Row[] = [];
  for (const name of ['express', 'fastify'] as const) {
    const r = results[name];
    const measure = `HTTP submit disclosure, ${name} adapter`;
    if (typeof r === 'string') {
      rows.push(notMeasured(3, measure, r));
      continue;
    }
    if (r.ok === 0) {
      // Nothing succeeded: a throughput of refusals is not a submit throughput.
      rows.push(notMeasured(3, measure, `0 of ${r.ok + r.errors} requests succeeded, statuses ${JSON.stringify(r.statuses)}`));
      continue;
    }
    const vsExpress = name === 'fastify' && typeof express !== 'string' ? `; ${(r.rps / express.rps).toFixed(2)}× express` : '';
    const met = r.rps >= GOAL_RPS && r.p99 <= GOAL_P99_MS;
    rows.push(
      row({
        item: 3,
        name: measure,
        ours: r.rps,
        unit: 'req/s',
        baselineName: `goal ${GOAL_RPS.toLocaleString('en-US')} req/s with p99 ≤ ${GOAL_P99_MS} ms`,
        baseline: GOAL_RPS,
        goal: 1,
        status: met ? 'met' : 'missed',
        note:
          `p50 ${r.p50} ms, p99 ${r.p99} ms (goal ≤ ${GOAL_P99_MS} ms); ${r.ok} × 2xx, ${r.errors} other; ` +
          `per request ${r.cpuMsPerRequest} ms API CPU, ${r.postgresCpuMsPerRequest} ms PostgreSQL CPU, ${r.sqlPerRequest} SQL statements; ` +
          `${gcNote(r.gc, r.ok + r.errors)}; ` +
          `${CONNECTIONS} connections, loopback, autocannon, API in its own process${vsExpress}`,
        extra: { ...r },
      }),
    );
  }
  return rows;
}
