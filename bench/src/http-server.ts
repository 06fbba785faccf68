import 'reflect-metadata';
import { JsonLogger, localizeProblem, negotiateLanguage, PROBLEM_CONTENT_TYPE, RequestActor } from '@chengguo/common';
import { APP_METRICS, AppMetrics } from '@chengguo/operations';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IncomingMessage } from 'node:http';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { Client } from 'pg';
import { ApiModule } from '../../apps/api/src/app.module';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { frontDoor } from '../../apps/api/src/front-door';
import { ProblemDetailsFilter } from '../../apps/api/src/problem-details.filter';

/**
 * The API under test, in its own process (forked by http.ts): the load generator never shares the
 * API's event loop, as in production. Configured by the environment; answers the parent's messages:
 * count the SQL statements sent (and take a CPU profile) between two messages, close.
 */

/** Parent → child. */
export type ServerCommand = { cmd: 'measure-start'; profile: boolean } | { cmd: 'measure-stop'; profileFile?: string } | { cmd: 'close' };
/** Child → parent. */
export type ServerMessage =
  | { ready: number }
  | { failed: string }
  | { started: true }
  | { measured: true; statements: StatementCount[]; cpuMs: number; gc: GcTotals }
  | { closed: true };

export interface StatementCount {
  sql: string;
  count: number;
  /** Sum of the times from sending the statement to its answer (pool wait not included). */
  totalMs: number;
}

/** The API's garbage collections between measure-start and measure-stop: pauses of its main thread. */
export interface GcTotals {
  scavenges: number;
  scavengeMs: number;
  /** Mark-compact pauses (most marking runs concurrently, off the main thread). */
  markCompacts: number;
  markCompactMs: number;
  longestMs: number;
}

/** Sums the `gc` performance entries (one per pause) since the last reset. */
function observeGc(): { reset(): void; totals(): GcTotals } {
  let totals: GcTotals;
  const reset = () => (totals = { scavenges: 0, scavengeMs: 0, markCompacts: 0, markCompactMs: 0, longestMs: 0 });
  reset();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        totals.scavenges++;
        totals.scavengeMs += entry.duration;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        totals.markCompacts++;
        totals.markCompactMs += entry.duration;
      }
      totals.longestMs = Math.max(totals.longestMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  return { reset, totals: () => totals };
}

/**
 * The Fastify variant of apps/api/src/bootstrap.ts, built here only, with what the product puts
 * around every request so the two adapters compare fairly: the same front door (correlation id,
 * access log and request metrics, helmet's headers, the per-address limit answered as
 * problem+json) as one onRequest hook, then the same module, guards, filter and validation. Fastify's own JSON
 * parser (256 KiB limit) stands in for body-parser. Not carried over: the U+0000 check of bodies
 * (a submission has none) and the portal and /docs.
 */
async function createFastifyApp(): Promise<INestApplication> {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const logger = new JsonLogger('api', (process.env.LOG_LEVEL as never) ?? 'log');
  const app = await NestFactory.create(ApiModule.forRoot(), new FastifyAdapter({ bodyLimit: 256 * 1024 }), {
    logger,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  type Routed = FastifyRequest & { actor?: RequestActor };
  const byRaw = new WeakMap<IncomingMessage, { request: Routed; reply: FastifyReply }>();
  // As bootstrap.ts: RATE_LIMIT_PER_ADDRESS_PER_MINUTE, else ten times the per-caller limit.
  const perMinute = Number(process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE ?? Number(process.env.RATE_LIMIT_PER_MINUTE ?? 600) * 10);
  const enter = frontDoor(
    { logger, metrics: app.get<AppMetrics>(APP_METRICS), perAddressPerMinute: perMinute, env: { AUTH_ISSUER: undefined, HSTS: 'auto' } },
    {
      routeOf: (raw) => byRaw.get(raw)?.request.routeOptions.url ?? 'unmatched',
      callerOf: (raw) => byRaw.get(raw)?.request.actor,
      addressOf: (raw) => byRaw.get(raw)?.request.ip,
      secure: (raw) => byRaw.get(raw)?.request.protocol === 'https',
      refuse: (raw, _response, problem) => {
        const { request, reply } = byRaw.get(raw)!;
        const language = negotiateLanguage(request.headers['accept-language']);
        void reply
          .code(problem.status)
          .header('Content-Language', language)
          .header('Vary', 'Accept-Language')
          .type(PROBLEM_CONTENT_TYPE)
          .send(JSON.stringify(localizeProblem(problem.toDocument(request.url), language)));
      },
    },
  );
  // The front door as one onRequest hook (the product's Express build runs it as one middleware).
  fastify.addHook('onRequest', (request, reply, done) => {
    byRaw.set(request.raw, { request: request as Routed, reply });
    enter(request.raw, reply.raw, done);
  });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  return app;
}

/** Counts every statement any pg client sends (the event store's pool and TypeORM's alike). */
function countStatements(): { reset(): void; counts(): StatementCount[] } {
  let counts = new Map<string, StatementCount>();
  // Each statement's text shortened once: the counting is the bench's, not the API's, CPU.
  const shortened = new Map<string, string>();
  const original = Client.prototype.query as (...args: unknown[]) => unknown;
  (Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '(submittable)');
    let sql = shortened.get(text);
    if (sql === undefined) {
      sql = text.replace(/\s+/g, ' ').trim().slice(0, 120);
      if (shortened.size < 1_000) shortened.set(text, sql);
    }
    const started = performance.now();
    const done = () => {
      const entry = counts.get(sql) ?? { sql, count: 0, totalMs: 0 };
      entry.count++;
      entry.totalMs += performance.now() - started;
      counts.set(sql, entry);
    };
    const callbackAt = args.findIndex((a) => typeof a === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (...r: unknown[]) => unknown;
      args[callbackAt] = function (this: unknown, ...r: unknown[]) {
        done();
        return callback.apply(this, r);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as { then?: (a: () => void, b: () => void) => void } | undefined;
    if (typeof result?.then === 'function') result.then(done, done);
    else done();
    return result;
  };
  return {
    reset: () => (counts = new Map()),
    counts: () => [...counts.values()].sort((a, b) => b.count - a.count || b.totalMs - a.totalMs),
  };
}

async function main(): Promise<void> {
  const send = (message: ServerMessage) => process.send!(message);
  const statements = countStatements();
  const gc = observeGc();
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  let app: INestApplication;
  let cpuAtStart = process.cpuUsage();
  try {
    app = process.env.BENCH_ADAPTER === 'fastify' ? await createFastifyApp() : await createApiApp();
    await app.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
  } catch (error) {
    send({ failed: (error as Error).message.split('\n')[0] });
    process.exit(1);
  }
  process.on('message', (message: ServerCommand) => {
    void (async () => {
      if (message.cmd === 'measure-start') {
        statements.reset();
        gc.reset();
        cpuAtStart = process.cpuUsage();
        if (message.profile) {
          await post('Profiler.enable');
          await post('Profiler.setSamplingInterval', { interval: 250 });
          await post('Profiler.start');
        }
        send({ started: true });
      } else if (message.cmd === 'measure-stop') {
        if (message.profileFile) {
          const { profile } = await post<{ profile: object }>('Profiler.stop');
          writeFileSync(message.profileFile, JSON.stringify(profile));
        }
        const cpu = process.cpuUsage(cpuAtStart);
        // The observer is told of collections asynchronously: let the last ones arrive.
        await new Promise((resolve) => setImmediate(resolve));
        send({ measured: true, statements: statements.counts(), cpuMs: (cpu.user + cpu.system) / 1000, gc: gc.totals() });
      } else if (message.cmd === 'close') {
        await app.close().catch(() => undefined);
        send({ closed: true });
        process.exit(0);
      }
    })();
  });
  send({ ready: Number(process.env.BENCH_PORT) });
}

void main();
