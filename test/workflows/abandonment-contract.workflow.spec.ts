import { abandonmentContractCommands } from '@chengguo/abandonment-contract';
import {
  abandonmentContractDecider,
  ABANDONMENT_CONTRACT_SCHEMA_VERSIONS,
  abandonmentContractStreamId,
  AbandonmentContractEvent,
  CONTRACT_SIGNATURE,
} from '@chengguo/abandonment-contract';
import { LogNotifier } from '@chengguo/common';
import { handleCommand, newId, PostgresEventStore } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { createSignOffActivities, forwardSignOffEvents, handleSignOffCommand, loadSignOffs } from '@chengguo/sign-off';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** The contract's 30-day signing deadline, its reminders and escalation, on the time-skipping server. */
describe('abandonment contract signing deadline (time-skipping)', () => {
  let harness: WorkflowHarness;
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  const notifier = new LogNotifier();

  beforeAll(async () => {
    harness = await startWorkflowHarness('contractwf', {
      reactions: (taskQueue) => [forwardSignOffEvents(taskQueue)],
      activities: (s) => createSignOffActivities(s, notifier),
    });
    ({ env, store } = harness);
  }, 120_000);

  afterAll(() => harness?.close());

  const settle = (streamId: string) => harness.settle(streamId);

  async function eventually(probe: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met in time');
  }

  async function state(streamId: string) {
    return (await store.readStream(streamId)).reduce(
      (s, e) => abandonmentContractDecider.evolve(s, { ...(e.data as object), type: e.type } as AbandonmentContractEvent),
      abandonmentContractDecider.initialState,
    );
  }

  it('reminds, expires at 30 days and escalates to the unit leader, who extends once; then all sign and it is executed', async () => {
    const disclosureId = newId();
    const streamId = abandonmentContractStreamId(disclosureId);
    const now = new Date(await env.currentTimeMs()).toISOString();
    const opened = await handleCommand(
      store,
      streamId,
      abandonmentContractDecider,
      {
        type: 'OpenAbandonmentContract',
        disclosureId,
        title: '一种催化剂',
        decisionEventId: newId(),
        evaluationEventId: newId(),
        decidedBy: 'sun',
        inventors: [{ userId: 'li', name: '李雷' }],
        unitName: '某某大学',
        policy: { version: 0, abandonmentUnitShareBasisPoints: 3_000, contractSigningDays: 30 },
        now,
      },
      { commandId: newId(), actor: { userId: 'system:temporal', role: 'system' }, correlationId: disclosureId },
      ABANDONMENT_CONTRACT_SCHEMA_VERSIONS,
      abandonmentContractCommands.achievement,
    );
    expect(isRuleViolation(opened)).toBe(false);
    await settle(streamId);

    await env.sleep(23 * DAY + HOUR);
    await eventually(async () => notifier.delivered.filter((n) => n.context.streamId === streamId).length === 1);
    await env.sleep(7 * DAY);
    await eventually(async () => (await store.readStream(streamId)).some((e) => e.type === 'SignOffRoundExpired'));
    const kinds = notifier.delivered.filter((n) => n.context.streamId === streamId).map((n) => n.kind);
    expect(kinds).toEqual(['sign-off-reminder', 'sign-off-reminder', 'sign-off-expired']);
    expect(notifier.delivered.find((n) => n.kind === 'sign-off-expired' && n.context.streamId === streamId)!.recipients.roles).toEqual([
      'unit_leader',
    ]);
    expect((await state(streamId)).status).toBe('negotiating');

    const leader = { userId: 'sun', role: 'unit_leader' };
    const sign = async (actor: { userId: string; role: string }) => {
      const { state: signOffs } = await loadSignOffs(store, streamId);
      const outcome = await handleSignOffCommand(
        store,
        streamId,
        {
          type: 'Sign',
          signOffId: CONTRACT_SIGNATURE,
          termsHash: signOffs[CONTRACT_SIGNATURE].termsHash,
          actor,
          now: new Date(await env.currentTimeMs()).toISOString(),
        },
        { commandId: newId(), actor, correlationId: disclosureId },
      );
      if (isRuleViolation(outcome)) throw new Error(outcome.code);
      await settle(streamId);
    };
    await expect(sign({ userId: 'li', role: 'inventor' })).rejects.toThrow('SIGN_OFF_ROUND_EXPIRED');
    const extension = await handleSignOffCommand(
      store,
      streamId,
      {
        type: 'ExtendDeadline',
        signOffId: CONTRACT_SIGNATURE,
        newDeadline: new Date((await env.currentTimeMs()) + 10 * DAY).toISOString(),
        actor: leader,
        now: new Date(await env.currentTimeMs()).toISOString(),
      },
      { commandId: newId(), actor: leader, correlationId: disclosureId },
    );
    expect(isRuleViolation(extension)).toBe(false);
    await settle(streamId);
    for (const actor of [
      { userId: 'li', role: 'inventor' },
      { userId: 'wang', role: 'tto_officer' },
      { userId: 'zhou', role: 'legal' },
      leader,
    ])
      await sign(actor);
    expect((await state(streamId)).status).toBe('executed');
  });
});
