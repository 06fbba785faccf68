import { LogNotifier } from '@chengguo/common';
import { PostgresEventStore, newId, CommandContext } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { createSignOffActivities, forwardSignOffEvents, handleSignOffCommand, SignOffCommand, SignOffParty } from '@chengguo/sign-off';
import { termsHash } from '@chengguo/kernel';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { signOffStateQuery, signOffWorkflowId } from '../../workflows/sign-off/sign-off.contract';
import { startWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
type Actor = { userId: string; role: string };

const li: Actor = { userId: 'li', role: 'inventor' };
const han: Actor = { userId: 'han', role: 'inventor' };
const zhou: Actor = { userId: 'zhou', role: 'legal' };
const qian: Actor = { userId: 'qian', role: 'legal' };
const sun: Actor = { userId: 'sun', role: 'unit_leader' };
const parties: SignOffParty[] = [
  { partyId: 'inventor:li', role: 'inventor', userId: 'li' },
  { partyId: 'inventor:han', role: 'inventor', userId: 'han' },
  { partyId: 'legal:zhou', role: 'legal', userId: 'zhou' },
];

/**
 * The sign-off workflow on the time-skipping server, driven the production way: commands append
 * through the decider, the real dispatcher forwards the events, the workflow times the round.
 */
describe('sign-off workflow (time-skipping)', () => {
  let harness: WorkflowHarness;
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  const notifier = new LogNotifier();
  const startWorker = () => harness.startWorker();
  const stopWorker = () => harness.stopWorker();

  beforeAll(async () => {
    harness = await startWorkflowHarness('signoffwf', {
      reactions: (taskQueue) => [forwardSignOffEvents(taskQueue)],
      activities: (s) => createSignOffActivities(s, notifier),
    });
    ({ env, store } = harness);
  }, 120_000);

  afterAll(() => harness?.close());

  const nowIso = async (plusMs = 0) => new Date((await env.currentTimeMs()) + plusMs).toISOString();

  function context(actor: Actor): CommandContext {
    return { commandId: newId(), actor, correlationId: 'test' };
  }

  /** Runs a command the way the API does; returns the stream revision after it, or the refusal code. */
  async function act(streamId: string, actor: Actor, command: SignOffCommand): Promise<number | string> {
    const outcome = await handleSignOffCommand(store, streamId, command, context(actor));
    if (isRuleViolation(outcome)) return outcome.code;
    await folded(streamId, command.signOffId, outcome.revision);
    return outcome.revision;
  }

  /** Waits until the workflow has folded the stream up to `revision` (the dispatcher is asynchronous). */
  async function folded(streamId: string, signOffId: string, revision: number): Promise<void> {
    const handle = env.client.workflow.getHandle(signOffWorkflowId(streamId, signOffId));
    for (let i = 0; i < 200; i++) {
      const state = await handle.query(signOffStateQuery).catch(() => null);
      if (state && state.revision >= revision) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`workflow did not fold revision ${revision} of ${streamId}`);
  }

  async function openRound(streamId: string, overrides: Partial<Extract<SignOffCommand, { type: 'OpenSignOffRound' }>> = {}) {
    const terms = { contract: streamId, unitShareBasisPoints: 3000, version: overrides.termsHash ?? 1 };
    const command: SignOffCommand = {
      type: 'OpenSignOffRound',
      signOffId: 'contract',
      subject: '专利申请权转让合同 / patent application right transfer',
      termsHash: termsHash(terms),
      mode: { kind: 'parallel' },
      parties,
      deadline: await nowIso(30 * DAY),
      reminderOffsetsMs: [7 * DAY, DAY],
      escalationRole: 'unit_leader',
      ruleKeys: ['R3'],
      now: await nowIso(),
      ...overrides,
    };
    const revision = await act(streamId, { userId: 'tto', role: 'tto_officer' }, command);
    expect(typeof revision).toBe('number');
    return (command as { termsHash: string }).termsHash;
  }

  const sign = async (streamId: string, actor: Actor, hash: string, partyId?: string) =>
    act(streamId, actor, { type: 'Sign', signOffId: 'contract', termsHash: hash, partyId, actor, now: await nowIso() });

  async function result(streamId: string) {
    return env.client.workflow.getHandle(signOffWorkflowId(streamId, 'contract')).result();
  }

  async function eventsOf(streamId: string) {
    return (await store.readStream(streamId)).map((e) => ({
      type: e.type,
      data: e.data as Record<string, unknown>,
      occurredAt: e.metadata.occurredAt,
    }));
  }

  const sent = (streamId: string) => notifier.delivered.filter((n) => n.context.streamId === streamId);

  it('parallel: closes as signed when every party has signed', async () => {
    const streamId = `contract-${newId()}`;
    const hash = await openRound(streamId);
    for (const actor of [han, zhou, li]) expect(typeof (await sign(streamId, actor, hash))).toBe('number');
    const final = await result(streamId);
    expect(final.round).toMatchObject({ status: 'closed', outcome: 'signed', round: 1 });
    expect((await eventsOf(streamId)).map((e) => e.type)).toEqual([
      'SignOffRoundOpened',
      'SignOffSigned',
      'SignOffSigned',
      'SignOffSigned',
      'SignOffRoundClosed',
    ]);
  });

  it('sequence: refuses signing out of order, closes after the last in order', async () => {
    const streamId = `contract-${newId()}`;
    const hash = await openRound(streamId, { mode: { kind: 'sequence' } });
    expect(await sign(streamId, zhou, hash)).toBe('SIGN_OFF_OUT_OF_SEQUENCE');
    await sign(streamId, li, hash);
    expect(await sign(streamId, zhou, hash)).toBe('SIGN_OFF_OUT_OF_SEQUENCE');
    await sign(streamId, han, hash);
    await sign(streamId, zhou, hash);
    expect((await result(streamId)).round).toMatchObject({ outcome: 'signed' });
  });

  it('quorum reached early: closes at k signatures without waiting for the rest', async () => {
    const streamId = `contract-${newId()}`;
    const hash = await openRound(streamId, { mode: { kind: 'quorum', required: 2 } });
    await sign(streamId, li, hash);
    await sign(streamId, zhou, hash);
    const final = await result(streamId);
    expect(final.round).toMatchObject({ outcome: 'signed' });
    expect(final.round!.parties.find((p: { party: { partyId: string } }) => p.party.partyId === 'inventor:han')!.decision).toBe('pending');
    expect(sent(streamId)).toEqual([]);
  });

  it('quorum reached late: after reminders and an extension, the second signature closes it', async () => {
    const streamId = `contract-${newId()}`;
    const hash = await openRound(streamId, {
      mode: { kind: 'quorum', required: 2 },
      deadline: await nowIso(10 * DAY),
      reminderOffsetsMs: [DAY],
    });
    await sign(streamId, li, hash);
    await env.sleep(10 * DAY + HOUR);
    await eventually(async () => (await eventsOf(streamId)).some((e) => e.type === 'SignOffRoundExpired'));
    await act(streamId, sun, {
      type: 'ExtendDeadline',
      signOffId: 'contract',
      newDeadline: await nowIso(5 * DAY),
      actor: sun,
      now: await nowIso(),
    });
    await env.sleep(2 * DAY);
    await sign(streamId, han, hash);
    const final = await result(streamId);
    expect(final.round).toMatchObject({ outcome: 'signed', extended: true });
    expect(sent(streamId).map((n) => n.kind)).toEqual(['sign-off-reminder', 'sign-off-expired']);
  });

  it('reject → amend → new round voids nothing signed under the old terms, refuses the stale hash, then signs', async () => {
    const streamId = `contract-${newId()}`;
    const first = await openRound(streamId);
    await sign(streamId, li, first);
    await act(streamId, zhou, {
      type: 'Reject',
      signOffId: 'contract',
      reason: '收益分成比例低于单位政策 / share below policy',
      actor: zhou,
      now: await nowIso(),
    });
    expect((await result(streamId)).round).toMatchObject({ status: 'closed', outcome: 'rejected', round: 1 });

    const second = await openRound(streamId, { termsHash: termsHash({ contract: streamId, unitShareBasisPoints: 3500 }) });
    expect(second).not.toBe(first);
    expect(await sign(streamId, li, first)).toBe('SIGN_OFF_STALE_TERMS');
    for (const actor of [li, han, zhou]) await sign(streamId, actor, second);
    const final = await result(streamId);
    expect(final.round).toMatchObject({ round: 2, outcome: 'signed', termsHash: second });
    const signatures = (await eventsOf(streamId)).filter((e) => e.type === 'SignOffSigned');
    expect(signatures.map((s) => s.data.termsHash)).toEqual([first, second, second, second]);
  });

  it('amending an open round voids its signatures and the workflow carries on with the new round', async () => {
    const streamId = `contract-${newId()}`;
    const first = await openRound(streamId);
    await sign(streamId, li, first);
    const second = await openRound(streamId, { termsHash: termsHash({ amended: streamId }) });
    const state = await env.client.workflow.getHandle(signOffWorkflowId(streamId, 'contract')).query(signOffStateQuery);
    expect(state.round).toMatchObject({ round: 2, termsHash: second, status: 'open' });
    expect(state.round!.parties.every((p) => p.decision === 'pending')).toBe(true);
    for (const actor of [li, han, zhou]) await sign(streamId, actor, second);
    expect((await result(streamId)).round).toMatchObject({ round: 2, outcome: 'signed' });
  });

  it('delegation: the delegate of the same role signs on behalf of the party', async () => {
    const streamId = `contract-${newId()}`;
    const hash = await openRound(streamId);
    await act(streamId, zhou, { type: 'Delegate', signOffId: 'contract', toUserId: 'qian', actor: zhou, now: await nowIso() });
    await sign(streamId, li, hash);
    await sign(streamId, han, hash);
    await sign(streamId, qian, hash);
    expect(await act(streamId, zhou, { type: 'RevokeDelegation', signOffId: 'contract', actor: zhou, now: await nowIso() })).toBe(
      'SIGN_OFF_DELEGATION_USED',
    );
    const final = await result(streamId);
    expect(final.round).toMatchObject({ outcome: 'signed' });
    const bySigner = (await eventsOf(streamId)).find((e) => e.type === 'SignOffSigned' && e.data.userId === 'qian');
    expect(bySigner?.data).toMatchObject({ partyId: 'legal:zhou', onBehalfOf: 'zhou' });
  });

  it('reminders go out at the configured offsets before the deadline, to those still pending', async () => {
    const streamId = `contract-${newId()}`;
    const openedAt = await env.currentTimeMs();
    const hash = await openRound(streamId, { deadline: new Date(openedAt + 14 * DAY).toISOString(), reminderOffsetsMs: [3 * DAY, DAY] });
    await sign(streamId, li, hash);

    await env.sleep(11 * DAY - HOUR);
    expect((await eventsOf(streamId)).filter((e) => e.type === 'SignOffReminderSent')).toHaveLength(0);
    await env.sleep(2 * HOUR);
    const first = await eventually(
      async () => (await eventsOf(streamId)).filter((e) => e.type === 'SignOffReminderSent'),
      (r) => r.length === 1,
    );
    expect(Date.parse(first[0].occurredAt) - openedAt).toBeGreaterThanOrEqual(11 * DAY);
    expect(Date.parse(first[0].occurredAt) - openedAt).toBeLessThan(11 * DAY + 60_000);
    expect(first[0].data).toMatchObject({ offsetMs: 3 * DAY, pendingPartyIds: ['inventor:han', 'legal:zhou'] });

    await env.sleep(2 * DAY);
    const both = await eventually(
      async () => (await eventsOf(streamId)).filter((e) => e.type === 'SignOffReminderSent'),
      (r) => r.length === 2,
    );
    expect(Date.parse(both[1].occurredAt) - openedAt).toBeGreaterThanOrEqual(13 * DAY);
    expect(Date.parse(both[1].occurredAt) - openedAt).toBeLessThan(13 * DAY + 60_000);

    const notices = sent(streamId);
    expect(notices.map((n) => n.kind)).toEqual(['sign-off-reminder', 'sign-off-reminder']);
    expect(notices[0].recipients).toEqual({ userIds: ['han', 'zhou'], roles: [] });
    await sign(streamId, han, hash);
    await sign(streamId, zhou, hash);
    expect((await result(streamId)).round).toMatchObject({ outcome: 'signed' });
  });

  it('expiry → escalation → extension → signed', async () => {
    const streamId = `contract-${newId()}`;
    const hash = await openRound(streamId, { deadline: await nowIso(7 * DAY), reminderOffsetsMs: [] });
    await sign(streamId, li, hash);
    await env.sleep(7 * DAY + 1_000);
    const expired = await eventually(async () => (await eventsOf(streamId)).find((e) => e.type === 'SignOffRoundExpired'));
    expect(expired!.data).toMatchObject({ escalatedToRole: 'unit_leader', pendingPartyIds: ['inventor:han', 'legal:zhou'] });
    expect(sent(streamId)).toEqual([
      expect.objectContaining({ kind: 'sign-off-expired', recipients: { userIds: [], roles: ['unit_leader'] } }),
    ]);
    expect(await sign(streamId, han, hash)).toBe('SIGN_OFF_ROUND_EXPIRED');
    expect(
      await act(streamId, zhou, {
        type: 'ExtendDeadline',
        signOffId: 'contract',
        newDeadline: await nowIso(7 * DAY),
        actor: zhou,
        now: await nowIso(),
      }),
    ).toBe('SIGN_OFF_NOT_ESCALATION_ROLE');
    await act(streamId, sun, {
      type: 'ExtendDeadline',
      signOffId: 'contract',
      newDeadline: await nowIso(7 * DAY),
      actor: sun,
      now: await nowIso(),
    });
    await sign(streamId, han, hash);
    await sign(streamId, zhou, hash);
    expect((await result(streamId)).round).toMatchObject({ outcome: 'signed', extended: true });
  });

  it('expiry → closed as expired by the escalation role', async () => {
    const streamId = `contract-${newId()}`;
    await openRound(streamId, { deadline: await nowIso(3 * DAY), reminderOffsetsMs: [] });
    await env.sleep(3 * DAY + 1_000);
    await eventually(async () => (await eventsOf(streamId)).some((e) => e.type === 'SignOffRoundExpired'));
    await act(streamId, sun, { type: 'CloseAsExpired', signOffId: 'contract', actor: sun, now: await nowIso() });
    expect((await result(streamId)).round).toMatchObject({ status: 'closed', outcome: 'expired' });
  });

  it('a worker restarted in the middle of a round still fires its timers and completes it', async () => {
    const streamId = `contract-${newId()}`;
    const hash = await openRound(streamId, { deadline: await nowIso(10 * DAY), reminderOffsetsMs: [2 * DAY] });
    await sign(streamId, li, hash);
    await stopWorker();
    await startWorker();
    await env.sleep(8 * DAY + HOUR);
    await eventually(async () => (await eventsOf(streamId)).some((e) => e.type === 'SignOffReminderSent'));
    await sign(streamId, han, hash);
    await sign(streamId, zhou, hash);
    expect((await result(streamId)).round).toMatchObject({ outcome: 'signed' });
  });

  async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean = (v) => !!v): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const value = await probe();
      if (accept(value)) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met in time');
  }
});
