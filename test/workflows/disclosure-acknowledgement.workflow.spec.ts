import { createDisclosureAcknowledgementActivities, disclosureStreamId } from '@chengguo/disclosure';
import { PostgresEventStore, newId } from '@chengguo/eventstore';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { join } from 'node:path';
import {
  acknowledgementStatusQuery,
  disclosureAcknowledgedSignal,
  disclosureAcknowledgementWorkflow,
} from '../../workflows/disclosure/disclosure-acknowledgement.workflow';
import { createTestDatabase } from '../support/databases';
import { createTimeSkippingEnvironment } from '../support/time-skipping';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('disclosure acknowledgement deadline (R1) on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `ack-${newId()}`;

  beforeAll(async () => {
    store = new PostgresEventStore({ connectionString: await createTestDatabase('ackwf') });
    await store.migrate();
    env = await createTimeSkippingEnvironment();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve(join(__dirname, '..', '..', 'workflows')),
      activities: createDisclosureAcknowledgementActivities(store),
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await store?.close();
  });

  async function submitted(disclosureId: string): Promise<void> {
    await store.append(
      disclosureStreamId(disclosureId),
      [
        {
          eventId: newId(),
          type: 'DisclosureSubmitted',
          schemaVersion: 1,
          data: {
            disclosureId,
            title: '一种低温固态电池电解质',
            technicalField: 'materials',
            abstract: '…',
            submittedBy: 'li',
            inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
            submittedAt: new Date(await env.currentTimeMs()).toISOString(),
          },
          metadata: { occurredAt: new Date().toISOString(), actor: { userId: 'li', role: 'inventor' }, correlationId: disclosureId, causationId: null },
        },
      ],
      'no_stream',
    );
  }

  async function eventTypes(disclosureId: string): Promise<string[]> {
    return (await store.readStream(disclosureStreamId(disclosureId))).map((e) => e.type);
  }

  it('escalates to the unit leader when 15 days pass unacknowledged, then still accepts the acknowledgement', async () => {
    const disclosureId = newId();
    await submitted(disclosureId);
    const startMs = await env.currentTimeMs();
    const dueAt = new Date(startMs + 15 * DAY_MS).toISOString();
    const handle = await env.client.workflow.start(disclosureAcknowledgementWorkflow, {
      workflowId: `ack-${disclosureId}`,
      taskQueue,
      args: [{ disclosureId, dueAt }],
    });

    await env.sleep(14 * DAY_MS);
    expect(await handle.query(acknowledgementStatusQuery)).toMatchObject({ overdue: false, acknowledged: false });
    expect(await eventTypes(disclosureId)).toEqual(['DisclosureSubmitted']);

    await env.sleep(DAY_MS + 60_000);
    for (let i = 0; i < 100 && !(await handle.query(acknowledgementStatusQuery)).overdue; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await eventTypes(disclosureId)).toEqual(['DisclosureSubmitted', 'DisclosureAcknowledgementOverdue']);
    const [, overdue] = await store.readStream(disclosureStreamId(disclosureId));
    expect(overdue.data).toMatchObject({ dueAt, escalatedToRole: 'unit_leader', ruleKey: 'R1' });
    expect(overdue.metadata.actor).toEqual({ userId: 'system:temporal', role: 'system' });
    expect((await env.currentTimeMs()) - startMs).toBeGreaterThanOrEqual(15 * DAY_MS);

    await handle.signal(disclosureAcknowledgedSignal, { eventId: newId() });
    await expect(handle.result()).resolves.toMatchObject({ acknowledged: true, overdue: true });
  });

  it('records nothing when the TTO acknowledges in time', async () => {
    const disclosureId = newId();
    await submitted(disclosureId);
    const dueAt = new Date((await env.currentTimeMs()) + 15 * DAY_MS).toISOString();
    const handle = await env.client.workflow.start(disclosureAcknowledgementWorkflow, {
      workflowId: `ack-${disclosureId}`,
      taskQueue,
      args: [{ disclosureId, dueAt }],
    });
    await env.sleep(10 * DAY_MS);
    await handle.signal(disclosureAcknowledgedSignal, { eventId: newId() });
    await expect(handle.result()).resolves.toMatchObject({ acknowledged: true, overdue: false });
    await env.sleep(10 * DAY_MS);
    expect(await eventTypes(disclosureId)).toEqual(['DisclosureSubmitted']);
  });

  it('appends the escalation once however often the activity is retried', async () => {
    const disclosureId = newId();
    await submitted(disclosureId);
    const activities = createDisclosureAcknowledgementActivities(store);
    const input = { disclosureId, dueAt: '2026-04-01T00:00:00.000Z' };
    await Promise.all([activities.recordAcknowledgementOverdue(input), activities.recordAcknowledgementOverdue(input)].map((p) => p.catch(() => undefined)));
    await activities.recordAcknowledgementOverdue(input);
    expect(await eventTypes(disclosureId)).toEqual(['DisclosureSubmitted', 'DisclosureAcknowledgementOverdue']);
  });
});
