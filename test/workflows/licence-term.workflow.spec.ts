import {
  achievementDecider,
  achievementRegisterCommands,
  achievementStreamId,
  ACHIEVEMENT_SCHEMA_VERSIONS,
  registerFactReactions,
} from '@chengguo/achievement-register';
import { LogNotifier } from '@chengguo/common';
import { handleCommand, loadStream, newId, PostgresEventStore, runProcessCommand } from '@chengguo/eventstore';
import { incomeLedgerDecider, incomeStreamId } from '@chengguo/income-ledger';
import { isRuleViolation, shanghaiDate } from '@chengguo/kernel';
import {
  addDays,
  createLicenceTermActivities,
  LICENCE_TERMINATION_SIGN_OFF,
  LicenceCommandInput,
  licenceCommands,
  licenceDecider,
  LicenceEvent,
  licenceStatusOf,
  licenceStreamId,
  LicenceTerms,
  licensingReactions,
} from '@chengguo/licensing';
import { createSignOffActivities, forwardSignOffEvents, handleSignOffCommand, loadSignOffs } from '@chengguo/sign-off';
import { APPROVAL_SIGN_OFF_ID, transferCaseCommands, transferCaseStreamId } from '@chengguo/transfer-publicity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { LicenceTermWorkflow, licenceTermStatusQuery, licenceTermWorkflowId } from '../../workflows/licensing/licence-term.contract';
import { startWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
type Actor = { userId: string; role: string };
const tto: Actor = { userId: 'wang', role: 'tto_officer' };
const ttoHead: Actor = { userId: 'ma', role: 'tto_officer' };
const finance: Actor = { userId: 'qian', role: 'finance' };
const legal: Actor = { userId: 'zhou', role: 'legal' };
const leader: Actor = { userId: 'sun', role: 'unit_leader' };
const evidence = { summary: '合同及银行回单 / contract and bank slip', documentSha256: ['c'.repeat(64)] };
const LICENSEE = { name: '高原新材料有限公司', creditCode: '91540100MA6T1234XK' };

/**
 * The time of a licence on the time-skipping server, wired as in production: the licence's
 * reactions start its term workflow when it takes effect and signal it on every change; the
 * workflow reminds the TTO before each due date, escalates an unmet obligation when its date ends,
 * records the default when the cure period ends unmet; terminating goes through the sign-off
 * workflow. Payments reach the income ledger through the reaction (the register links the case).
 */
describe('licence-term workflow (time-skipping)', () => {
  let harness: WorkflowHarness;
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  const notifier = new LogNotifier();

  beforeAll(async () => {
    harness = await startWorkflowHarness('licencewf', {
      reactions: (taskQueue, s) => [...registerFactReactions(s), ...licensingReactions(s, taskQueue), forwardSignOffEvents(taskQueue)],
      activities: (s) => ({ ...createSignOffActivities(s, notifier), ...createLicenceTermActivities(s, notifier, [30, 7]) }),
    });
    ({ env, store } = harness);
  }, 120_000);

  afterAll(() => harness?.close());

  const nowIso = async () => new Date(await env.currentTimeMs()).toISOString();
  const today = async () => shanghaiDate(await nowIso());

  async function eventually(probe: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 400; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met in time');
  }
  /** Sleeps the server's clock up to `instant` plus a margin. */
  async function sleepUntil(instant: string, margin = HOUR): Promise<void> {
    const ms = Date.parse(instant) + margin - (await env.currentTimeMs());
    if (ms > 0) await env.sleep(ms);
  }
  /** The end of a calendar date in Asia/Shanghai. */
  const endOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + DAY).toISOString();

  async function ok<T>(outcome: Promise<T>): Promise<T> {
    const result = await outcome;
    if (isRuleViolation(result)) throw new Error(`${result.code}: ${result.detail}`);
    return result;
  }

  /** A granted patent on the register, a listing case that licenses it to LICENSEE at `priceFen`, approved and executed. */
  async function executedLicenceCase(priceFen: number): Promise<{ achievementId: string; caseId: string }> {
    const achievementId = newId();
    const caseId = newId();
    const now = await nowIso();
    await ok(
      handleCommand(
        store,
        achievementStreamId(achievementId),
        achievementDecider,
        {
          type: 'RegisterExistingAchievement',
          achievementId,
          kind: 'invention_patent',
          title: '高原冻土路基保温结构',
          inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
          classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
          rights: { applicationNumber: 'CN-L-1', filingDate: '2022-01-10', grantDate: '2024-03-01', patentNumber: 'ZL-L-1' },
          evidence,
          actor: tto,
          now,
        },
        { commandId: newId(), actor: tto, correlationId: achievementId },
        ACHIEVEMENT_SCHEMA_VERSIONS,
        achievementRegisterCommands.achievement,
      ),
    );
    const onCase = (input: Parameters<typeof transferCaseCommands.prepare>[0], actor: Actor = tto) =>
      ok(runProcessCommand(store, transferCaseCommands, caseId, input, { commandId: newId(), actor, correlationId: caseId }));
    await onCase({
      type: 'OpenTransferCase',
      caseId,
      achievementId,
      mode: { kind: 'license', exclusivity: 'sole' },
      pricingMethod: 'listing',
      counterparty: null,
      proposedPriceFen: priceFen,
      openedBy: tto.userId,
    });
    await onCase({
      type: 'RecordMarketResult',
      caseId,
      method: 'listing',
      exchange: '西藏技术交易所',
      listingNumber: `XZ-${caseId.slice(0, 8)}`,
      result: 'deal',
      finalPriceFen: priceFen,
      counterparty: LICENSEE,
      concludedOn: await today(),
      recordedBy: tto.userId,
    });
    const { state } = await loadSignOffs(store, transferCaseStreamId(caseId));
    for (const actor of [ttoHead, finance, leader]) {
      await ok(
        handleSignOffCommand(
          store,
          transferCaseStreamId(caseId),
          { type: 'Sign', signOffId: APPROVAL_SIGN_OFF_ID, termsHash: state[APPROVAL_SIGN_OFF_ID].termsHash, actor, now: await nowIso() },
          { commandId: newId(), actor, correlationId: caseId },
        ),
      );
    }
    await onCase({ type: 'ExecuteTransfer', caseId, executedBy: tto.userId });
    await harness.settle(transferCaseStreamId(caseId));
    return { achievementId, caseId };
  }

  async function onLicence(licenceId: string, input: LicenceCommandInput, actor: Actor = tto): Promise<void> {
    await ok(
      runProcessCommand(store, licenceCommands, licenceId, input, {
        commandId: newId(),
        actor,
        correlationId: licenceId,
        occurredAt: await nowIso(),
      }),
    );
    await harness.settle(licenceStreamId(licenceId));
  }
  const pay = async (licenceId: string, item: Extract<LicenceCommandInput, { type: 'RecordPayment' }>['item'], amountFen: number) =>
    onLicence(
      licenceId,
      { type: 'RecordPayment', licenceId, paymentId: newId(), item, amountFen, receivedOn: await today(), evidence },
      finance,
    );

  const types = async (licenceId: string) => (await store.readStream(licenceStreamId(licenceId))).map((e) => e.type);
  const events = async <T extends LicenceEvent['type']>(licenceId: string, type: T) =>
    (await store.readStream(licenceStreamId(licenceId)))
      .filter((e) => e.type === type)
      .map((e) => e.data as Omit<Extract<LicenceEvent, { type: T }>, 'type'>);
  const status = (licenceId: string) =>
    env.client.workflow.getHandle(licenceTermWorkflowId(licenceStreamId(licenceId))).query(licenceTermStatusQuery);
  const sent = (licenceId: string) =>
    notifier.delivered.filter((n) => String(n.context.licenceId) === licenceId).map((n) => `${n.kind}:${n.idempotencyKey}`);
  const licenceState = async (licenceId: string) => (await loadStream(store, licenceStreamId(licenceId), licenceDecider)).state;

  function terms(startsOn: string, endsOn: string, consideration: LicenceTerms['consideration']): LicenceTerms {
    return {
      exclusivity: 'sole',
      territory: '西藏自治区 / Tibet',
      fieldOfUse: '高原公路工程 / highway engineering at altitude',
      term: { startsOn, endsOn },
      sublicensing: false,
      licensee: { ...LICENSEE, class: 'large' },
      consideration,
      useFirstPayLater: null,
    };
  }

  it('a three-year licence: upfront and deferred payments and yearly royalty reports reminded, met in time, paid into the income ledger; the workflow ends after the last', async () => {
    const startsOn = await today();
    const endsOn = addDays(startsOn, 3 * 365);
    const deferredOn = addDays(startsOn, 365);
    const { achievementId, caseId } = await executedLicenceCase(30_000_000);
    await onLicence(caseId, {
      type: 'RecordLicence',
      licenceId: caseId,
      terms: terms(startsOn, endsOn, {
        upfrontFeeFen: 10_000_000,
        milestones: [],
        royalty: { rateBasisPoints: 500, minimumAnnualRoyaltyFen: 0, reportingPeriod: 'annual', reportDueDays: 60 },
        deferredPayments: [{ deferredId: 'd-1', amountFen: 20_000_000, dueOn: deferredOn }],
        guarantee: { guarantor: '西藏融资担保有限公司', kind: 'guarantee_company', amountFen: 20_000_000 },
      }),
    });
    expect(await types(caseId)).toEqual(['LicenceRecorded', 'LicenceTookEffect']);
    await eventually(async () => (await status(caseId).catch(() => null)) !== null);

    // The upfront fee falls due 30 days after the licence took effect; 7 days before, the TTO and finance are reminded.
    const upfrontOn = addDays(startsOn, 30);
    await sleepUntil(new Date(Date.parse(endOf(upfrontOn)) - 7 * DAY).toISOString());
    await eventually(async () => sent(caseId).includes(`licence-obligation-due:licence-due:${caseId}:upfront:${upfrontOn}:7`));
    await pay(caseId, { kind: 'upfront' }, 10_000_000);
    await sleepUntil(endOf(upfrontOn), DAY);
    expect(await types(caseId)).not.toContain('LicenceObligationOverdue');

    // Then, in the order their dates come: the deferred payment a year on (reminded, paid in time), and
    // every calendar year of the term reported after it ends, at 5 %, and its royalty paid.
    const years: string[] = [];
    for (let y = Number(startsOn.slice(0, 4)); y <= Number(endsOn.slice(0, 4)); y++) years.push(String(y));
    const steps: Array<{ at: string; run: () => Promise<void> }> = [
      {
        at: new Date(Date.parse(endOf(deferredOn)) - 7 * DAY).toISOString(),
        run: async () => {
          await eventually(async () => sent(caseId).includes(`licence-obligation-due:licence-due:${caseId}:deferred:d-1:${deferredOn}:7`));
          await pay(caseId, { kind: 'deferred', deferredId: 'd-1' }, 20_000_000);
        },
      },
      ...years.map((year, i) => ({
        // 40 days after the year: after the 30-day reminder of its report (due 60 days after), before the 7-day one.
        at: new Date(Date.parse(endOf(`${year}-12-31`)) + 40 * DAY).toISOString(),
        run: async () => {
          const netSalesFen = 100_000_000 * (i + 1);
          await onLicence(caseId, {
            type: 'RecordRoyaltyReport',
            licenceId: caseId,
            reportId: newId(),
            period: year,
            netSalesFen,
            statedRoyaltyFen: netSalesFen / 20,
            reportedOn: await today(),
            evidence,
          });
          await pay(caseId, { kind: 'royalty', period: year }, netSalesFen / 20);
        },
      })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    for (const step of steps) {
      await sleepUntil(step.at);
      await step.run();
    }

    const result = await env.client.workflow.getHandle<LicenceTermWorkflow>(licenceTermWorkflowId(licenceStreamId(caseId))).result();
    expect(result).toMatchObject({ ended: true, escalated: [], uncured: [] });
    expect(result.remindersSent.map((r) => `${r.itemKey}:${r.leadDays}`)).toEqual(
      expect.arrayContaining(['upfront:30', 'upfront:7', 'deferred:d-1:30', 'deferred:d-1:7', ...years.map((y) => `report:${y}:30`)]),
    );
    expect(result.remindersSent.filter((r) => r.itemKey.startsWith('report:') && r.leadDays === 7)).toEqual([]);
    expect(await types(caseId)).not.toContain('LicenceObligationOverdue');

    // Every payment is income of the achievement under its case (source license).
    await eventually(async () => {
      const { state } = await loadStream(store, incomeStreamId(achievementId), incomeLedgerDecider);
      return Object.keys(state.entries).length === 2 + years.length;
    });
    const { state: income } = await loadStream(store, incomeStreamId(achievementId), incomeLedgerDecider);
    const receipts = Object.values(income.entries);
    expect(receipts.every((e) => e.source === 'license' && e.contractReference === caseId)).toBe(true);
    expect(receipts.reduce((sum, e) => sum + e.amountFen, 0)).toBe(30_000_000 + years.reduce((sum, _y, i) => sum + 5_000_000 * (i + 1), 0));
  }, 120_000);

  it('overdue: escalated when the due date ends, cured within the cure period; then uncured, and terminated only by the three-party round', async () => {
    const startsOn = await today();
    const firstOn = addDays(startsOn, 60);
    const secondOn = addDays(startsOn, 200);
    const { caseId } = await executedLicenceCase(20_000_000);
    await onLicence(caseId, {
      type: 'RecordLicence',
      licenceId: caseId,
      terms: terms(startsOn, addDays(startsOn, 5 * 365), {
        upfrontFeeFen: 0,
        milestones: [],
        royalty: null,
        deferredPayments: [
          { deferredId: 'd-1', amountFen: 10_000_000, dueOn: firstOn },
          { deferredId: 'd-2', amountFen: 10_000_000, dueOn: secondOn },
        ],
        guarantee: null,
      }),
    });
    await eventually(async () => (await status(caseId).catch(() => null)) !== null);

    // The first instalment is not paid by its due date: escalated to the TTO, 30 days to cure.
    await sleepUntil(endOf(firstOn));
    await eventually(async () => (await types(caseId)).includes('LicenceObligationOverdue'));
    const [overdue] = await events(caseId, 'LicenceObligationOverdue');
    expect(overdue).toMatchObject({ itemKey: 'deferred:d-1', dueOn: firstOn, outstandingFen: 10_000_000, escalatedTo: 'tto_officer' });
    expect(sent(caseId)).toContain(`licence-obligation-overdue:licence-overdue:${caseId}:deferred:d-1`);
    // Paid inside the cure period: cured, no default is recorded when the period ends.
    await sleepUntil(endOf(addDays(firstOn, 10)));
    await pay(caseId, { kind: 'deferred', deferredId: 'd-1' }, 10_000_000);
    await sleepUntil(endOf(overdue.cureEndsOn), DAY);
    expect(await types(caseId)).not.toContain('LicenceDefaultUncured');

    // The second is never paid: escalated, and uncured when its cure period ends.
    await sleepUntil(endOf(secondOn));
    await eventually(async () => (await events(caseId, 'LicenceObligationOverdue')).length === 2);
    const second = (await events(caseId, 'LicenceObligationOverdue'))[1];
    await sleepUntil(endOf(second.cureEndsOn));
    await eventually(async () => (await types(caseId)).includes('LicenceDefaultUncured'));
    expect((await status(caseId)).uncured).toEqual(['deferred:d-2']);
    // Nothing is terminated by the timer: the licence stays in effect until the round closes signed.
    expect(licenceStatusOf(await licenceState(caseId))).toBe('in_effect');

    await onLicence(caseId, {
      type: 'ProposeTermination',
      licenceId: caseId,
      ground: 'uncured_default',
      reasons: '第二期延期付款逾期未纠正',
    });
    const { state } = await loadSignOffs(store, licenceStreamId(caseId));
    const round = state[LICENCE_TERMINATION_SIGN_OFF];
    const sign = async (actor: Actor) =>
      handleSignOffCommand(
        store,
        licenceStreamId(caseId),
        { type: 'Sign', signOffId: LICENCE_TERMINATION_SIGN_OFF, termsHash: round.termsHash, actor, now: await nowIso() },
        { commandId: newId(), actor, correlationId: caseId },
      );
    const proposerSigns = await sign(tto);
    expect(isRuleViolation(proposerSigns) && proposerSigns.code).toBe('R4_CONFLICT_OF_INTEREST');
    for (const actor of [ttoHead, legal]) expect(isRuleViolation(await sign(actor))).toBe(false);
    expect(licenceStatusOf(await licenceState(caseId))).toBe('termination_proposed');
    expect(isRuleViolation(await sign(leader))).toBe(false);
    await harness.settle(licenceStreamId(caseId));

    const result = await env.client.workflow.getHandle<LicenceTermWorkflow>(licenceTermWorkflowId(licenceStreamId(caseId))).result();
    expect(result).toMatchObject({ ended: true, escalated: ['deferred:d-1', 'deferred:d-2'], uncured: ['deferred:d-2'] });
    expect(licenceStatusOf(await licenceState(caseId))).toBe('terminated');
  }, 120_000);
});
