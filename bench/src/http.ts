import { ATTACHMENT_SCHEMA_VERSIONS, attachmentDecider, attachmentKey, attachmentStreamId } from '@chengguo/attachment';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureCommands, disclosureDecider, disclosureStreamId } from '@chengguo/disclosure';
import { handleCommand, newId, NO_ACHIEVEMENT, PostgresEventStore } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import { createHmac } from 'node:crypto';
import { ApiModule } from '../../apps/api/src/app.module';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { correlationMiddleware } from '../../apps/api/src/correlation.middleware';
import { ProblemDetailsFilter } from '../../apps/api/src/problem-details.filter';
import { freePort } from './infra';
import { log, notMeasured, pool, Row, row } from './report';
import { content, context, inventor, PROTOTYPE_RESULTS } from './workload';

const CONNECTIONS = 16;

function devToken(userId: string, role: string, secret: string): string {
  const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');
  const t = Math.floor(Date.now() / 1000);
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const payload = b64({ sub: userId, role, clearance: 'internal', iss: 'chengguo-dev-issuer', aud: 'chengguo', iat: t, exp: t + 3600 });
  return `${header}.${payload}.${b64(createHmac('sha256', secret).update(`${header}.${payload}`).digest())}`;
}

/**
 * The Fastify variant of apps/api/src/bootstrap.ts, built here only: the same module, filter,
 * validation and correlation middleware; Fastify's own JSON parser (256 KiB limit) instead of
 * Express's body-parser, and no Express-only rate limiter (the Express run sets a limit it never reaches).
 */
async function createFastifyApp(): Promise<INestApplication> {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const app = await NestFactory.create(ApiModule.forRoot(), new FastifyAdapter({ bodyLimit: 256 * 1024 }), {
    logger: ['error'],
    abortOnError: false,
  });
  app.use(correlationMiddleware as never);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  return app;
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
    NO_ACHIEVEMENT,
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
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount: ids.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        setupRequest: (request) => ({ ...request, path: `/disclosures/${ids[next++ % ids.length]}/submission` }),
        onResponse: (status) => void statuses.set(status, (statuses.get(status) ?? 0) + 1),
      },
    ],
  });
  const ok = [...statuses].filter(([s]) => s >= 200 && s < 300).reduce((a, [, c]) => a + c, 0);
  // Throughput of successful submissions only: a refused or failed request is not a submission.
  return {
    rps: ok / (result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    errors: ids.length - ok,
    statuses: Object.fromEntries(statuses),
  };
}

/** Item 3: POST /disclosures/{id}/submission under autocannon on loopback, Express vs Fastify. */
export async function httpBench(url: string, requests: number, temporalAddress: string): Promise<Row[]> {
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
  const results: Record<string, HttpResult | string> = {};
  for (const adapter of ['express', 'fastify'] as const) {
    let app: INestApplication | null = null;
    try {
      app = adapter === 'express' ? await createApiApp() : await createFastifyApp();
      const port = await freePort();
      await app.listen(port, '127.0.0.1');
      log(`http: ${adapter}, warm-up then ${requests} submissions at ${CONNECTIONS} connections`);
      await load(port, await drafts(store, Math.min(200, requests)), token);
      const measured = await load(port, await drafts(store, requests), token);
      results[adapter] = measured;
    } catch (error) {
      results[adapter] = `could not run: ${(error as Error).message.split('\n')[0]}`;
    } finally {
      await app?.close().catch(() => undefined);
    }
  }
  await store.close();

  const express = results.express;
  const fastify = results.fastify;
  const rows: Row[] = [];
  for (const [name, r] of [
    ['express', express],
    ['fastify', fastify],
  ] as const) {
    if (typeof r === 'string') {
      rows.push(notMeasured(3, `HTTP submit disclosure, ${name} adapter`, r));
      continue;
    }
    if (r.ok === 0) {
      // Nothing succeeded: a throughput of refusals is not a submit throughput.
      rows.push(
        notMeasured(
          3,
          `HTTP submit disclosure, ${name} adapter`,
          `0 of ${r.ok + r.errors} requests succeeded, statuses ${JSON.stringify(r.statuses)}`,
        ),
      );
      continue;
    }
    const base = name === 'fastify' && typeof express !== 'string' ? express : null;
    rows.push(
      row({
        item: 3,
        name: `HTTP submit disclosure, ${name} adapter`,
        ours: r.rps,
        unit: 'req/s',
        baselineName: base ? 'express adapter' : '—',
        baseline: base ? base.rps : null,
        goal: null,
        ...(base ? {} : { status: 'info' as const }),
        note: `p50 ${r.p50} ms, p99 ${r.p99} ms; ${r.ok} × 2xx, ${r.errors} other; ${CONNECTIONS} connections, loopback, autocannon`,
        extra: { ...r },
      }),
    );
  }
  return rows;
}
