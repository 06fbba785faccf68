import { PROCESS_ATTRIBUTE } from '@chengguo/temporal';
import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { disclosureDeadlineWorkflowId } from '../../workflows/disclosure/disclosure-deadline.contract';
import {
  IDEMPOTENCY_RETENTION_WORKFLOW_TYPE,
  idempotencyRetentionScheduleId,
} from '../../workflows/operations/idempotency-retention.contract';
import { RunningApps, startApps } from '../fixtures/apps';
import { disclosureContent, eventually } from '../fixtures/http-flows';
import { as } from '../support/tokens';
import { saveHistory } from '../support/workflow-histories';

/**
 * What operators rely on, on the composed API and worker with real PostgreSQL and the real Temporal
 * dev server: probes, metrics, the retention schedule of kept idempotent answers, and the search
 * attributes every workflow start carries.
 */
describe('operations: probes, metrics, retention, search attributes', () => {
  let apps: RunningApps;
  let api: INestApplication;
  let worker: INestApplication;
  let temporal: Connection;
  let client: Client;
  let taskQueue: string;
  const li = as('li.lei', 'inventor');

  beforeAll(async () => {
    apps = await startApps('operations', { env: { WORKER_HTTP_PORT: '0', IDEMPOTENCY_RETENTION_HOURS: '24' } });
    api = apps.api;
    worker = apps.worker as INestApplication;
    await worker.listen(0, '127.0.0.1');
    taskQueue = process.env.TEMPORAL_TASK_QUEUE!;
    temporal = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
    client = new Client({ connection: temporal });
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
    await temporal?.close();
  });

  const http = () => request(api.getHttpServer());
  const workerHttp = () => request(worker.getHttpServer());

  describe('probes', () => {
    it('liveness answers without asking any dependency, on the API and the worker', async () => {
      for (const server of [http(), workerHttp()]) {
        const { body } = await server.get('/health/live').expect(200);
        expect(body).toMatchObject({ status: 'ok', details: {} });
      }
    });

    it('API readiness checks the event store, PostgreSQL and its migrations, not Temporal', async () => {
      const { body } = await http().get('/health/ready').expect(200);
      expect(Object.keys(body.details).sort()).toEqual(['eventStore', 'migrations', 'readModels']);
    });

    it('worker readiness also needs Temporal', async () => {
      const { body } = await workerHttp().get('/health/ready').expect(200);
      expect(Object.keys(body.details).sort()).toEqual(['eventStore', 'migrations', 'readModels', 'temporal']);
      expect(body.details.temporal.status).toBe('up');
    });

    it('readiness answers 503 naming what is down (pending migrations)', async () => {
      const pg = new PgClient({ connectionString: apps.databaseUrl });
      await pg.connect();
      try {
        // Forget the last applied migration: the build knows one the database does not have.
        const { rows } = await pg.query<{ id: number; timestamp: string; name: string }>(
          'DELETE FROM read_model_migrations WHERE id = (SELECT max(id) FROM read_model_migrations) RETURNING *',
        );
        try {
          const { body, headers } = await http().get('/health/ready').expect(503);
          expect(headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(body).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
          expect(body.error.migrations).toMatchObject({ status: 'down', message: 'read-model migrations are pending' });
          await http().get('/health/live').expect(200);
        } finally {
          await pg.query('INSERT INTO read_model_migrations (id, timestamp, name) VALUES ($1, $2, $3)', [
            rows[0].id,
            rows[0].timestamp,
            rows[0].name,
          ]);
        }
      } finally {
        await pg.end();
      }
      await http().get('/health/ready').expect(200);
    });

    it('keeps /health answering as before (event store, read models, Temporal)', async () => {
      const { body } = await http().get('/health').expect(200);
      expect(Object.keys(body.checks).sort()).toEqual(['eventStore', 'readModels', 'temporal']);
    });
  });

  describe('metrics', () => {
    it('counts requests by declared route and commands by process and outcome', async () => {
      const { body: draft } = await http()
        .post('/disclosures')
        .set(li)
        .send(disclosureContent([{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }]))
        .expect(201);
      await http().post(`/disclosures/${draft.disclosureId}/submission`).set(li).expect(200);
      await http().post(`/disclosures/${draft.disclosureId}/submission`).set(li).expect(409);
      const { text, headers } = await http().get('/metrics').expect(200);
      expect(headers['content-type']).toMatch(/^text\/plain/);
      expect(text).toMatch(/chengguo_http_requests_total\{method="POST",route="\/disclosures",status="201",app="api"\} 1/);
      expect(text).toMatch(/chengguo_http_requests_total\{method="POST",route="\/disclosures\/:id\/submission",status="200",app="api"\} 1/);
      expect(text).toMatch(/chengguo_commands_total\{process="disclosure",outcome="accepted",app="api"\} 2/);
      expect(text).toMatch(/chengguo_commands_total\{process="disclosure",outcome="refused",app="api"\} 1/);
      expect(text).toMatch(/chengguo_command_duration_seconds_count\{app="api",process="disclosure",outcome="accepted"\} 2/);
      expect(text).toMatch(
        /chengguo_http_request_duration_seconds_bucket\{le="\+Inf",app="api",method="POST",route="\/disclosures",status="201"\} 1/,
      );
    });

    it('the worker reports every subscriber’s lag and the workflow starts', async () => {
      const { body: draft } = await http()
        .post('/disclosures')
        .set(li)
        .send(disclosureContent([{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }]))
        .expect(201);
      await http().post(`/disclosures/${draft.disclosureId}/submission`).set(li).expect(200);
      const text = await eventually(async () => {
        const { text: t } = await workerHttp().get('/metrics').expect(200);
        return /chengguo_workflow_starts_total\{workflow_type="disclosureDeadlineWorkflow",outcome="started",app="worker"\} [1-9]/.test(
          t,
        ) && /chengguo_subscriber_lag_events\{subscriber="dispatcher:temporal",app="worker"\} 0/.test(t)
          ? t
          : undefined;
      });
      expect(text).toMatch(/chengguo_subscriber_lag_seconds\{subscriber="projector:disclosures",app="worker"\} \d/);
      expect(text).toMatch(/chengguo_subscriber_lag_events\{subscriber="projector:disclosures",app="worker"\} \d/);
    });

    it('is refused to a non-loopback scraper without the token, and with a token only to its bearer', async () => {
      const forwarded = await http().get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(200);
      expect(forwarded.text).toContain('chengguo_http_requests_total'); // the socket's address decides, not a header
      const secured = await startApps('operations_token', { worker: false, env: { METRICS_TOKEN: 'a-long-metrics-token-1234' } });
      try {
        const server = () => request(secured.api.getHttpServer());
        const refused = await server().get('/metrics').expect(403);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.body.code).toBe('METRICS_FORBIDDEN');
        await server().get('/metrics').set('Authorization', 'Bearer wrong-token-wrong-token').expect(403);
        await server().get('/metrics').set('Authorization', 'Bearer a-long-metrics-token-1234').expect(200);
      } finally {
        await secured.close();
      }
    });
  });

  describe('retention of kept idempotent answers', () => {
    it('the schedule created at worker start deletes expired answers in batches and keeps fresh ones (and ended rate-limit windows)', async () => {
      const pg = new PgClient({ connectionString: apps.databaseUrl });
      await pg.connect();
      try {
        // 1,200 expired answers (more than two batches of 500) and one fresh one.
        await pg.query(
          `INSERT INTO api.idempotency_keys (user_id, key, request_hash, completed, status_code, response, created_at)
           SELECT 'old.user', 'key-' || n, 'h', true, 201, '{"body":null}', now() - interval '25 hours'
             FROM generate_series(1, 1200) AS n`,
        );
        await pg.query(
          `INSERT INTO api.idempotency_keys (user_id, key, request_hash, completed, status_code, response)
           VALUES ('new.user', 'fresh-key-1', 'h', true, 201, '{"body":null}')`,
        );
        // Two rate-limit windows: one ended (deleted in the same pass), one running (kept).
        await pg.query(
          `INSERT INTO api.rate_limit_windows (key, window_start, expires_at, hits) VALUES
             ('default:user:old', now() - interval '2 minutes', now() - interval '1 minute', 3),
             ('default:user:now', now(), now() + interval '1 minute', 1)`,
        );
        const schedule = client.schedule.getHandle(idempotencyRetentionScheduleId(taskQueue));
        const described = await eventually(() => schedule.describe().catch(() => undefined));
        expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'idempotencyRetentionWorkflow', taskQueue });
        await schedule.trigger();
        await eventually(async () => {
          const { rows } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM api.idempotency_keys WHERE user_id = 'old.user'`);
          return rows[0].n === 0 ? true : undefined;
        });
        const { rows } = await pg.query(`SELECT key FROM api.idempotency_keys WHERE user_id = 'new.user'`);
        expect(rows).toEqual([{ key: 'fresh-key-1' }]);
        const runs = await eventually(async () => {
          const recent = (await schedule.describe()).info.recentActions;
          return recent.length > 0 ? recent : undefined;
        });
        const run = client.workflow.getHandle(runs[0].action.workflow.workflowId, runs[0].action.workflow.firstExecutionRunId);
        // Windows of this file's earlier requests may have ended too: at least the seeded one goes.
        const result = await run.result();
        expect(result).toMatchObject({ deleted: 1200, batches: 3 });
        expect(result.rateLimitWindowsDeleted).toBeGreaterThanOrEqual(1);
        const windows = await pg.query(`SELECT key FROM api.rate_limit_windows WHERE key IN ('default:user:old', 'default:user:now')`);
        expect(windows.rows).toEqual([{ key: 'default:user:now' }]);
        await saveHistory(IDEMPOTENCY_RETENTION_WORKFLOW_TYPE, 'retention three batches', run);
      } finally {
        await pg.end();
      }
    });
  });

  describe('search attributes', () => {
    it('a workflow started by a reaction is found by its achievement id and process', async () => {
      const { body: draft } = await http()
        .post('/disclosures')
        .set(li)
        .send(disclosureContent([{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }]))
        .expect(201);
      await http().post(`/disclosures/${draft.disclosureId}/submission`).set(li).expect(200);
      const found = await eventually(async () => {
        const ids: string[] = [];
        for await (const execution of client.workflow.list({ query: `ChengguoAchievementId = "${draft.disclosureId}"` })) {
          ids.push(execution.workflowId);
        }
        return ids.length > 0 ? ids : undefined;
      });
      const workflowId = disclosureDeadlineWorkflowId(draft.disclosureId, 'acknowledgement');
      expect(found).toEqual([workflowId]);
      const description = await client.workflow.getHandle(workflowId).describe();
      expect(description.typedSearchAttributes.get(PROCESS_ATTRIBUTE)).toBe('disclosure');
    });
  });
});
