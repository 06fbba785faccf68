import {
  AchievementCommand,
  achievementDecider,
  AchievementEvent,
  achievementRegisterCommands,
  achievementRegisterReactions,
  achievementStreamId,
  ACHIEVEMENT_SCHEMA_VERSIONS,
  addMonths,
  createAnnuityActivities,
  endOfShanghaiDay,
  RIGHT_LAPSE_SIGN_OFF,
} from '@chengguo/achievement-register';
import { LogNotifier } from '@chengguo/common';
import { handleCommand, loadStream, newId, PostgresEventStore } from '@chengguo/eventstore';
import { isRuleViolation, shanghaiDate, toDomainEvent } from '@chengguo/kernel';
import { createSignOffActivities, forwardSignOffEvents, handleSignOffCommand, loadSignOffs } from '@chengguo/sign-off';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { annuityStatusQuery, annuityWorkflowId } from '../../workflows/achievement-register/annuity.contract';
import { startWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
type Actor = { userId: string; role: string };
const tto: Actor = { userId: 'wang', role: 'tto_officer' };
const evidence = { summary: 'CNIPA 缴费收据 / fee receipt', documentSha256: ['c'.repeat(64)] };

/**
 * Rights maintenance (R12) on the time-skipping server, wired as in production: the register's
 * reactions start the annuity workflow when a granted right enters the register and signal it on
 * every change; the workflow's timers remind the TTO (lead times 60 and 7 days here), record the
 * grace period and end an unpaid right; letting a right lapse goes through the sign-off workflow.
 */
describe('annuity workflow (time-skipping)', () => {
  let harness: WorkflowHarness;
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  const notifier = new LogNotifier();

  beforeAll(async () => {
    harness = await startWorkflowHarness('annuitywf', {
      reactions: (taskQueue, s) => [...achievementRegisterReactions(s, taskQueue), forwardSignOffEvents(taskQueue)],
      activities: (s) => ({ ...createSignOffActivities(s, notifier), ...createAnnuityActivities(s, notifier, [60, 7]) }),
    });
    ({ env, store } = harness);
  }, 120_000);

  afterAll(() => harness?.close());

  const nowIso = async () => new Date(await env.currentTimeMs()).toISOString();
  const settle = (achievementId: string) => harness.settle(achievementStreamId(achievementId));

  async function run(achievementId: string, actor: Actor, command: AchievementCommand): Promise<void> {
    const outcome = await handleCommand(
      store,
      achievementStreamId(achievementId),
      achievementDecider,
      command,
      { commandId: newId(), actor, correlationId: achievementId },
      ACHIEVEMENT_SCHEMA_VERSIONS,
      achievementRegisterCommands.achievement,
    );
    if (isRuleViolation(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
    await settle(achievementId);
  }

  /** A granted invention patent the TTO registers; its year-5 fee falls due on `dueDate` (filed four years before). */
  async function grantedPatent(dueDate: string): Promise<string> {
    const achievementId = newId();
    const filingDate = addMonths(dueDate, -48);
    await run(achievementId, tto, {
      type: 'RegisterExistingAchievement',
      achievementId,
      kind: 'invention_patent',
      title: '高原冻土路基保温结构',
      inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
      classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
      rights: { applicationNumber: 'CN-A-1', filingDate, grantDate: addMonths(filingDate, 40), patentNumber: 'ZL-A-1' },
      evidence,
      actor: tto,
      now: await nowIso(),
    });
    return achievementId;
  }

  async function registerTypes(achievementId: string): Promise<string[]> {
    return (await store.readStream(achievementStreamId(achievementId))).map((e) => e.type);
  }
  async function registerEvent<T extends AchievementEvent['type']>(achievementId: string, type: T) {
    const recorded = (await store.readStream(achievementStreamId(achievementId))).find((e) => e.type === type);
    return recorded ? (toDomainEvent<AchievementEvent>(recorded) as Extract<AchievementEvent, { type: T }>) : undefined;
  }

  async function eventually(probe: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 400; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met in time');
  }

  const status = (achievementId: string) => env.client.workflow.getHandle(annuityWorkflowId(achievementId)).query(annuityStatusQuery);
  const sent = (achievementId: string) =>
    notifier.delivered
      .filter((n) => String(n.context.streamId) === achievementStreamId(achievementId))
      .map((n) => `${n.kind}:${n.idempotencyKey}`);
  /** Sleeps the server's clock up to `instant` plus a margin. */
  async function sleepUntil(instant: string, margin = HOUR): Promise<void> {
    const ms = Date.parse(instant) + margin - (await env.currentTimeMs());
    if (ms > 0) await env.sleep(ms);
  }

  it('a full year: reminders at the lead times, the fee paid, the next year reminded; then letting it lapse is signed off and ends the workflow', async () => {
    const today = shanghaiDate(await nowIso());
    const due5 = addMonths(today, 3);
    const due6 = addMonths(due5, 12);
    const achievementId = await grantedPatent(due5);
    await eventually(async () => (await status(achievementId).catch(() => null))?.current?.year === 5);
    expect((await status(achievementId)).current).toMatchObject({
      year: 5,
      dueDate: due5,
      dueAt: endOfShanghaiDay(due5),
      reminderLeadDays: [60, 7],
    });

    // 60 days before the due date: the TTO is reminded.
    await sleepUntil(new Date(Date.parse(endOfShanghaiDay(due5)) - 60 * DAY).toISOString());
    await eventually(async () => sent(achievementId).length === 1);
    expect(sent(achievementId)).toEqual([`annuity-due:annuity-due:${achievementId}:5:60`]);

    // The fee is paid: the workflow moves to year 6, and neither the 7-day reminder nor a grace period follows for year 5.
    await run(achievementId, tto, {
      type: 'RecordAnnuityPayment',
      year: 5,
      amountFen: 120_000,
      lateFeeFen: 0,
      paidOn: shanghaiDate(await nowIso()),
      evidence,
      actor: tto,
      now: await nowIso(),
    });
    await eventually(async () => (await status(achievementId)).current?.year === 6);
    await sleepUntil(endOfShanghaiDay(due5), DAY);
    expect(sent(achievementId)).toEqual([`annuity-due:annuity-due:${achievementId}:5:60`]);
    expect(await registerTypes(achievementId)).toEqual(['AchievementRegistered', 'AnnuityPaid']);

    // A year on, the next fee's reminders come at the same lead times.
    await sleepUntil(new Date(Date.parse(endOfShanghaiDay(due6)) - 7 * DAY).toISOString());
    await eventually(async () => sent(achievementId).length === 3);
    expect(sent(achievementId).slice(1)).toEqual([
      `annuity-due:annuity-due:${achievementId}:6:60`,
      `annuity-due:annuity-due:${achievementId}:6:7`,
    ]);
    expect((await status(achievementId)).remindersSent).toEqual([
      { year: 5, leadDays: 60 },
      { year: 6, leadDays: 60 },
      { year: 6, leadDays: 7 },
    ]);

    // The TTO proposes letting the right lapse (R12 abandonment); the round's three parties sign; the proposer may not.
    await run(achievementId, tto, {
      type: 'ProposeLettingRightLapse',
      reason: '无转化前景 / no prospect',
      evidence,
      actor: tto,
      now: await nowIso(),
    });
    const { state } = await loadSignOffs(store, achievementStreamId(achievementId));
    const round = state[RIGHT_LAPSE_SIGN_OFF];
    const sign = async (actor: Actor) =>
      handleSignOffCommand(
        store,
        achievementStreamId(achievementId),
        { type: 'Sign', signOffId: RIGHT_LAPSE_SIGN_OFF, termsHash: round.termsHash, actor, now: await nowIso() },
        { commandId: newId(), actor, correlationId: achievementId },
      );
    const proposerSigns = await sign(tto);
    expect(isRuleViolation(proposerSigns) && proposerSigns.code).toBe('R4_CONFLICT_OF_INTEREST');
    for (const actor of [
      { userId: 'ma', role: 'tto_officer' },
      { userId: 'zhou', role: 'legal' },
      { userId: 'sun', role: 'unit_leader' },
    ]) {
      expect(isRuleViolation(await sign(actor))).toBe(false);
    }
    await settle(achievementId);
    const result = await env.client.workflow.getHandle(annuityWorkflowId(achievementId)).result();
    expect(result).toMatchObject({ ended: true, current: null });
    const lapsed = await registerEvent(achievementId, 'RightLapsed');
    expect(lapsed).toMatchObject({ cause: 'abandoned', year: 6, effectiveFrom: due6, ruleKeys: ['R12', 'R13'] });
    const { state: register } = await loadStream(store, achievementStreamId(achievementId), achievementDecider);
    expect(register.status).toBe('lapsed');
  });

  it('unpaid: the grace period starts when the due date ends, and the right lapses when the six months end', async () => {
    const today = shanghaiDate(await nowIso());
    const due5 = addMonths(today, 1); // the 60-day lead time has passed; the 7-day one has not
    const achievementId = await grantedPatent(due5);
    await eventually(async () => (await status(achievementId).catch(() => null))?.current?.year === 5);

    await sleepUntil(endOfShanghaiDay(due5));
    await eventually(async () => (await registerTypes(achievementId)).includes('AnnuityGracePeriodStarted'));
    expect(await registerEvent(achievementId, 'AnnuityGracePeriodStarted')).toMatchObject({
      year: 5,
      dueDate: due5,
      graceEndsOn: addMonths(due5, 6),
    });
    await eventually(async () => sent(achievementId).length === 2);
    expect(sent(achievementId)).toEqual([
      `annuity-due:annuity-due:${achievementId}:5:7`,
      `annuity-grace-period:annuity-grace:${achievementId}:5`,
    ]);

    await sleepUntil(endOfShanghaiDay(addMonths(due5, 6)));
    const result = await env.client.workflow.getHandle(annuityWorkflowId(achievementId)).result();
    expect(result.ended).toBe(true);
    expect(await registerEvent(achievementId, 'RightLapsed')).toMatchObject({
      cause: 'annuity_unpaid',
      year: 5,
      effectiveFrom: due5,
      provenance: { kind: 'annuity_workflow' },
    });
    expect(sent(achievementId).at(-1)).toBe(`right-lapsed:annuity-lapse:${achievementId}:5`);
    expect(await registerTypes(achievementId)).toEqual(['AchievementRegistered', 'AnnuityGracePeriodStarted', 'RightLapsed']);
  });
});
