import { DISPATCHER_SUBSCRIBER } from '@chengguo/temporal';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection, WorkflowExecutionDescription } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { disclosureDeadlineQuery, disclosureDeadlineWorkflowId } from '../../workflows/disclosure/disclosure-deadline.contract';
import { signOffStateQuery, signOffWorkflowId } from '../../workflows/sign-off/sign-off.contract';
import { as, disclosureContent } from '../fixtures/http-flows';
import { createTestDatabase } from '../support/databases';
import { freePort, startTemporalDevServer, stopProcess, TemporalDevServer } from '../support/processes';
import { checkpointOf, isAtOrPast, positionOf, sleep, sql, waitFor } from './support/fault-support';

/**
 * Temporal faults, on a Temporal dev server of this file's own (persisted with --db-filename, on a
 * fixed port) so it can be killed without disturbing the other tests. The api and the worker run
 * in-process and are never restarted: they must ride the outage out on their own.
 *
 * - Hand-off (ADR 3): while Temporal is unreachable, commands still append; the dispatcher's
 *   checkpoint stays before the event a workflow must see; once Temporal is back the workflow is
 *   started / signalled from the stream, exactly once per event id.
 * - Fault (2): the dev server restarted on its db file; running workflows carry on (timers, state,
 *   signals) and the worker reconnects by itself.
 */
describe('fault: Temporal unreachable or restarted', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let temporal: TemporalDevServer | undefined;
  let databaseUrl: string;
  let temporalPort: number;
  let dataDir: string;
  let dbFile: string;

  const li = as('li.lei', 'inventor');
  const han = as('han.meimei', 'inventor');
  const tto = as('wang.tto', 'tto_officer');
  const http = () => request(api.getHttpServer());

  async function startTemporal(): Promise<void> {
    temporal = await startTemporalDevServer({ dbFile, port: temporalPort });
  }

  async function killTemporal(signal: NodeJS.Signals): Promise<void> {
    const child = temporal!.process;
    temporal = undefined;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /**
   * A client of the test's own, on a fresh connection (never the app's). Without the SDK's retry
   * interceptor: waitFor retries, and a retry timer left behind by a closed connection would throw
   * "Channel has been shut down" into whichever test runs next.
   */
  async function withTemporal<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}`, connectTimeout: 2_000, interceptors: [] });
    try {
      return await fn(new Client({ connection }));
    } finally {
      await connection.close();
    }
  }

  /** Signal payloads of a workflow's history, decoded. */
  async function signalsOf(workflowId: string): Promise<Array<{ name: string; arg: Record<string, unknown> }>> {
    return withTemporal(async (client) => {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      return (history.events ?? [])
        .filter((e) => e.workflowExecutionSignaledEventAttributes)
        .map((e) => {
          const attributes = e.workflowExecutionSignaledEventAttributes!;
          return {
            name: attributes.signalName!,
            arg: defaultPayloadConverter.fromPayload(attributes.input!.payloads![0]) as Record<string, unknown>,
          };
        });
    });
  }

  async function eventsOf(disclosureId: string): Promise<Array<{ event_id: string; event_type: string; stream_revision: string }>> {
    return sql(
      databaseUrl,
      'SELECT event_id, event_type, stream_revision FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision',
      [`disclosure-${disclosureId}`],
    );
  }

  const eventIdOf = async (disclosureId: string, type: string): Promise<string> =>
    waitFor(async () => (await eventsOf(disclosureId)).find((e) => e.event_type === type)?.event_id, 10_000, `${type} appended`);

  /** While Temporal is down, the dispatcher must stay before the event (checked for a few seconds). */
  async function expectDispatcherHeldBefore(eventId: string): Promise<void> {
    const position = await positionOf(databaseUrl, eventId);
    for (let i = 0; i < 6; i++) {
      expect(isAtOrPast(await checkpointOf(databaseUrl, DISPATCHER_SUBSCRIBER), position)).toBe(false);
      await sleep(500);
    }
  }

  async function waitForDispatcherPast(eventId: string): Promise<void> {
    const position = await positionOf(databaseUrl, eventId);
    await waitFor(
      async () => (isAtOrPast(await checkpointOf(databaseUrl, DISPATCHER_SUBSCRIBER), position) ? true : undefined),
      45_000,
      'dispatcher past the event',
    );
  }

  beforeAll(async () => {
    temporalPort = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'chengguo-fault-temporal-'));
    dbFile = join(dataDir, 'temporal.db');
    await startTemporal();
    databaseUrl = await createTestDatabase('faulttemporal');
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      EVENT_STORE: 'postgres',
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_TASK_QUEUE: `fault-temporal-${Date.now()}`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'error',
    });
    api = await createApiApp();
    await api.init();
    worker = await createWorkerApp();
    await worker.init();
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    if (temporal) await stopProcess(temporal.process);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('hands every decision to Temporal once it is back: start and signal, each event exactly once', async () => {
    // Temporal goes away abruptly.
    await killTemporal('SIGKILL');
    const health = await http().get('/health');
    expect(health.status).toBe(503);
    expect(health.body.checks).toMatchObject({ eventStore: { status: 'up' }, readModels: { status: 'up' }, temporal: { status: 'down' } });

    // A sole inventor submits: the acknowledgement deadline must start from this event.
    const drafted = await http()
      .post('/disclosures')
      .set(li)
      .send(disclosureContent([{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10000 }]))
      .expect(201);
    const id: string = drafted.body.disclosureId;
    await http().post(`/disclosures/${id}/submission`).set(li).expect(200);
    const submittedId = await eventIdOf(id, 'DisclosureSubmitted');
    // The read side does not wait for Temporal; the hand-off does.
    await waitFor(
      async () => ((await http().get(`/disclosures/${id}`).set(tto)).body.status === 'confirmed' ? true : undefined),
      15_000,
      'projected',
    );
    await expectDispatcherHeldBefore(submittedId);

    await startTemporal();
    await waitForDispatcherPast(submittedId);
    const workflowId = disclosureDeadlineWorkflowId(id, 'acknowledgement');
    const started = await waitFor(
      () => withTemporal((c) => c.workflow.getHandle(workflowId).query(disclosureDeadlineQuery)),
      30_000,
      'deadline workflow queryable',
    );
    expect(started).toMatchObject({ disclosureId: id, deadline: 'acknowledgement', met: false, missed: false });

    // Down again: the TTO's acknowledgement (a decision) must still reach the running workflow.
    await killTemporal('SIGKILL');
    await http().post(`/disclosures/${id}/acknowledgement`).set(tto).expect(200);
    const acknowledgedId = await eventIdOf(id, 'DisclosureAcknowledged');
    await expectDispatcherHeldBefore(acknowledgedId);

    await startTemporal();
    await waitForDispatcherPast(acknowledgedId);
    const result = await waitFor(
      () => withTemporal((c) => c.workflow.getHandle(workflowId).result()),
      30_000,
      'deadline workflow completed',
    );
    expect(result).toMatchObject({ met: true, missed: false });
    // Exactly once: one start (the workflow id derives from the stream) and one signal carrying the event id.
    const signals = await signalsOf(workflowId);
    expect(signals).toEqual([{ name: 'disclosureDeadlineMet', arg: { eventId: acknowledgedId } }]);
    const description: WorkflowExecutionDescription = await withTemporal((c) => c.workflow.getHandle(workflowId).describe());
    expect(description.status.name).toBe('COMPLETED');
    const runs = await withTemporal(async (c) => {
      const ids: string[] = [];
      for await (const w of c.workflow.list({ query: `WorkflowId = '${workflowId}'` })) ids.push(w.runId);
      return ids;
    });
    expect(runs).toHaveLength(1);

    const healthy = await waitFor(
      async () => {
        const res = await http().get('/health');
        return res.status === 200 ? res.body : undefined;
      },
      15_000,
      'health up',
    );
    expect(healthy.status).toBe('up');
  }, 180_000);

  it('carries running workflows on across a dev-server restart on its db file', async () => {
    // Two inventors: submission opens the co-inventor confirmation, timed by a sign-off workflow.
    const { body } = await http()
      .post('/disclosures')
      .set(li)
      .send(
        disclosureContent([
          { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
          { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
        ]),
      )
      .expect(201);
    const id: string = body.disclosureId;
    const streamId = `disclosure-${id}`;
    await http().post(`/disclosures/${id}/submission`).set(li).expect(200);
    const workflowId = signOffWorkflowId(streamId, 'co-inventor-confirmation');
    const before = await waitFor(
      async () => {
        const state = await withTemporal((c) => c.workflow.getHandle(workflowId).query(signOffStateQuery));
        return state.round?.status === 'open' ? state : undefined;
      },
      30_000,
      'sign-off workflow running',
    );
    const runId = (await withTemporal((c) => c.workflow.getHandle(workflowId).describe())).runId;

    // An orderly restart of the dev server on the same file and port.
    await killTemporal('SIGTERM');
    await startTemporal();

    // The same run is there with the state it had, and the worker (never restarted) serves it again.
    const after = await waitFor(
      () => withTemporal((c) => c.workflow.getHandle(workflowId).query(signOffStateQuery)),
      45_000,
      'workflow queryable after restart',
    );
    expect(after.revision).toBe(before.revision);
    expect(after.round).toEqual(before.round);
    expect((await withTemporal((c) => c.workflow.getHandle(workflowId).describe())).runId).toBe(runId);

    // It carries on: Han confirms, the round closes, the workflow ends, the next deadline starts.
    const round = await waitFor(
      async () => {
        const res = await http().get(`/sign-offs/${streamId}/co-inventor-confirmation`).set(han);
        return res.status === 200 ? res.body : undefined;
      },
      15_000,
      'round readable',
    );
    await http()
      .post(`/sign-offs/${streamId}/co-inventor-confirmation/signatures`)
      .set(han)
      .send({ termsHash: round.termsHash })
      .expect(200);
    const final = await waitFor(
      () => withTemporal((c) => c.workflow.getHandle(workflowId).result()),
      45_000,
      'sign-off workflow completed',
    );
    expect(final.round).toMatchObject({ status: 'closed', outcome: 'signed' });
    const acknowledgement = await waitFor(
      () => withTemporal((c) => c.workflow.getHandle(disclosureDeadlineWorkflowId(id, 'acknowledgement')).query(disclosureDeadlineQuery)),
      30_000,
      'acknowledgement deadline started',
    );
    expect(acknowledgement).toMatchObject({ disclosureId: id, met: false });
  }, 180_000);
});
