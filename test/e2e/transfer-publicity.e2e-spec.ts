import { as } from '../support/tokens';
import { idForCreation, newId, PostgresEventStore } from '@chengguo/eventstore';
import { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { disclosureDecided, disclosureWithdrawn, registerShows } from '../fixtures/http-flows';
import { startAppsOnTimeSkippingServer, TimeSkippingApps } from '../fixtures/apps';

/**
 * The transfer process over HTTP, from case opened through publicity (with an objection),
 * approval and registration to executed. The api and worker apps run as in production, on
 * PostgreSQL and on Temporal's time-skipping server, so the 15-day period (R7) can pass in a
 * moment: the test advances the server's clock; the period's timer is the real durable timer.
 */
describe('transfer with pricing publicity over HTTP (R5–R8)', () => {
  let apps: TimeSkippingApps;
  let env: TestWorkflowEnvironment;
  let api: INestApplication;
  let store: PostgresEventStore;

  const DAY = 24 * 60 * 60 * 1000;
  const tto = as('wang.tto', 'tto_officer');
  /** Approves for the TTO head: the officer who opens a case (`tto`) may not approve it (R4, R13). */
  const approver = as('zhou.tto', 'tto_officer');
  const finance = as('wu.finance', 'finance');
  const leader = as('sun.leader', 'unit_leader');
  const member = as('zhao.member', 'unit_member');
  const auditor = as('qian.audit', 'auditor');

  beforeAll(async () => {
    apps = await startAppsOnTimeSkippingServer('transfer');
    ({ env, api } = apps);
    store = new PostgresEventStore({ connectionString: apps.databaseUrl });
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The case's read model once it shows `status`. */
  /** The projector applies one event at a time: wait for the state, and optionally a field of it. */
  function caseWhen(caseId: string, status: string, ready: (row: any) => boolean = () => true): Promise<any> {
    return eventually(async () => {
      // Cleared: a classified achievement's case is read only with the clearance it demands.
      const res = await http()
        .get(`/transfer-cases/${caseId}`)
        .set(as('wang.tto', 'tto_officer', 'state_secret'));
      return res.status === 200 && res.body.status === status && ready(res.body) ? res.body : undefined;
    });
  }

  const soleInventor = [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }];

  /** A disclosure decided over HTTP, once the register (fed by reactions) shows the decision. */
  async function decidedAchievement(
    decision: 'file' | 'do_not_file' | 'trade_secret',
    content: Record<string, unknown> = {},
  ): Promise<string> {
    const { disclosureId } = await disclosureDecided(api, { decision, leader, inventors: soleInventor, content });
    await registerShows(store, disclosureId, (state) => state.filingDecision === decision);
    return disclosureId;
  }

  const caseOn = (achievementId: string, pricing: Record<string, unknown> = {}) => ({
    achievementId,
    mode: { kind: 'license', exclusivity: 'exclusive' },
    pricingMethod: 'agreement',
    counterparty: { name: '西藏高原农业科技有限公司', creditCode: '91540000MA6T0000X1' },
    proposedPriceFen: 80_000_000,
    ...pricing,
  });

  /**
   * A deal opens the approval round, whose conflicts are read from the register and expected
   * unchanged on append; the register records the case's opening through a reaction, so a test
   * records the deal once that has landed instead of racing it (which would answer 409).
   */
  const caseOpenOnRegister = (achievementId: string, caseId: string) =>
    registerShows(store, achievementId, (state) => state.openCases.some((c) => c.caseId === caseId));

  async function approve(caseId: string): Promise<void> {
    // Completion and the approval round's opening are two events of one decision.
    const pending = await caseWhen(caseId, 'awaiting_approval', (row) => !!row.approvalTermsHash);
    expect(pending.approvalTermsHash).toMatch(/^[0-9a-f]{64}$/);
    const path = `/sign-offs/transfer-case-${caseId}/transfer-approval/signatures`;
    for (const actor of [approver, finance, leader]) {
      await http().post(path).set(actor).send({ termsHash: pending.approvalTermsHash }).expect(200);
    }
    await caseWhen(caseId, 'approved');
  }

  it('agreement pricing: opened → publicity with an objection → approval → registration → executed', async () => {
    const achievementId = await decidedAchievement('file', { title: '一种青稞秸秆生物质炭制备方法' });
    const body = caseOn(achievementId);
    await http().post('/transfer-cases').set(member).send(body).expect(403);
    const opened = await http().post('/transfer-cases').set(tto).send(body).expect(201);
    const caseId: string = opened.body.caseId;
    expect(opened.headers.location).toBe(`/transfer-cases/${caseId}`);

    // Refusals: the wrong role, unknown fields, a period under 15 days (R7).
    const unknownField = await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15, hours: 3 }).expect(422);
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');
    const tooShort = await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 14 }).expect(422);
    expect(tooShort.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tooShort.body).toMatchObject({ code: 'R7_PUBLICITY_TOO_SHORT', minimumDays: 15 });
    await http().post(`/transfer-cases/${caseId}/publicity`).set(member).send({ days: 15 }).expect(403);

    await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 }).expect(200);

    // The notice board: every unit member reads it; only the TTO sees objections.
    const notice = await eventually(async () => {
      const res = await http().get('/publicity-notices').set(member).expect(200);
      return res.body.items.find((n: any) => n.caseId === caseId);
    });
    expect(notice).toMatchObject({
      round: 1,
      // The published name is the register's title, not the caller's (R7, R12).
      achievement: { kind: 'disclosure', id: achievementId, name: '一种青稞秸秆生物质炭制备方法' },
      proposedPriceFen: 80_000_000,
      days: 15,
      daysRemaining: 15,
      awaitingObjectionResolution: false,
    });
    expect(notice).not.toHaveProperty('objections');

    const objection = await http()
      .post(`/transfer-cases/${caseId}/objections`)
      .set(member)
      .send({ reason: '同类专利许可价格更高 / comparable licences are priced higher', evidenceHashes: ['b'.repeat(64)] })
      .expect(200);
    const objectionId: string = objection.body.objectionId;
    const seenByTto = await eventually(async () => {
      const res = await http().get('/publicity-notices').set(tto).expect(200);
      const mine = res.body.items.find((n: any) => n.caseId === caseId);
      return mine?.objections?.length === 1 ? mine : undefined;
    });
    expect(seenByTto.objections[0]).toMatchObject({
      objectionId,
      raisedBy: 'zhao.member',
      status: 'open',
      evidenceHashes: ['b'.repeat(64)],
    });
    const seenByMember = (await http().get('/publicity-notices').set(member).expect(200)).body.items.find((n: any) => n.caseId === caseId);
    expect(seenByMember).not.toHaveProperty('objections');
    // The case's view: when it was published, and the objection still to resolve.
    const withObjection = await eventually(async () => {
      const view = (await http().get(`/transfer-cases/${caseId}`).set(tto).expect(200)).body;
      return view.openObjections.length === 1 ? view : undefined;
    });
    expect(withObjection).toMatchObject({
      publishedAt: notice.publishedAt,
      publicity: { round: 1, days: 15, status: 'running', publishedAt: notice.publishedAt },
      openObjections: [{ objectionId, raisedBy: 'zhao.member' }],
      approval: { signOffId: 'transfer-approval', termsHash: null },
    });

    await http()
      .post(`/transfer-cases/${caseId}/objections/${objectionId}/resolution`)
      .set(member)
      .send({ resolution: 'dismiss', reasons: 'x' })
      .expect(403);
    await http()
      .post(`/transfer-cases/${caseId}/objections/${objectionId}/resolution`)
      .set(tto)
      .send({ resolution: 'dismiss', reasons: '独占许可价格经第三方评估公允 / valuation confirms the price' })
      .expect(200);

    // Still in publicity: no approval can be recorded yet.
    expect((await caseWhen(caseId, 'in_publicity')).approvalTermsHash).toBeNull();
    const early = await http().post(`/transfer-cases/${caseId}/execution`).set(tto).expect(409);
    expect(early.body.code).toBe('TRANSFER_APPROVAL_REQUIRED');

    // 16 days pass on the Temporal server: the durable timer completes the period and opens the approval.
    await env.sleep(16 * DAY);
    await approve(caseId);
    const board = await http().get('/publicity-notices').set(member).expect(200);
    expect(board.body.items.find((n: any) => n.caseId === caseId)).toBeUndefined();

    await http()
      .post(`/transfer-cases/${caseId}/contract-registration`)
      .set(tto)
      .send({ registrationNumber: '2026540001000123', registeredOn: '2026-05-20' })
      .expect(200);
    await caseWhen(caseId, 'registered');
    await http().post(`/transfer-cases/${caseId}/execution`).set(tto).expect(200);
    const executed = await caseWhen(caseId, 'executed');
    expect(executed).toMatchObject({
      mode: 'license',
      licenseExclusivity: 'exclusive',
      pricingMethod: 'agreement',
      priceFen: 80_000_000,
      registrationNumber: '2026540001000123',
      registeredOn: '2026-05-20',
      rewardEligible: true,
      flags: [],
      approvalOutcome: 'signed',
    });
    expect(executed).not.toHaveProperty('state');

    const listed = await http().get('/transfer-cases?status=executed').set(tto).expect(200);
    expect(listed.body.items.map((c: any) => c.caseId)).toContain(caseId);

    const history = await eventually(async () => {
      const res = await http().get(`/achievements/disclosure/${achievementId}/transfer-history`).set(auditor).expect(200);
      return res.body.items.length === 12 ? res.body.items : undefined;
    });
    expect(history.map((h: any) => h.eventType)).toEqual([
      'TransferCaseOpened',
      'PublicityNoticePublished',
      'PublicityObjectionRaised',
      'PublicityObjectionDismissed',
      'PublicityPeriodCompleted',
      'SignOffRoundOpened',
      'SignOffSigned',
      'SignOffSigned',
      'SignOffSigned',
      'SignOffRoundClosed',
      'TechnologyContractRegistered',
      'TransferExecuted',
    ]);
    await http().get(`/achievements/disclosure/${achievementId}/transfer-history`).set(member).expect(403);
  });

  it('auction: the result skips publicity; executed without registration it is flagged (R6, R8)', async () => {
    const achievementId = await decidedAchievement('trade_secret', { title: '牦牛乳蛋白快速检测试剂盒' });
    const opened = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({ achievementId, mode: { kind: 'equity_investment' }, pricingMethod: 'auction', proposedPriceFen: 30_000_000 })
      .expect(201);
    const caseId: string = opened.body.caseId;
    await caseOpenOnRegister(achievementId, caseId);
    const refused = await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({}).expect(409);
    expect(refused.body.code).toBe('R6_PUBLICITY_ONLY_FOR_AGREEMENT_PRICING');
    await http()
      .post(`/transfer-cases/${caseId}/market-result`)
      .set(tto)
      .send({
        method: 'auction',
        exchange: '西藏技术产权交易所',
        listingNumber: 'XZ-AU-2026-0007',
        result: 'deal',
        finalPriceFen: 36_500_000,
        counterparty: { name: '雪域乳业有限公司' },
        concludedOn: '2026-04-10',
      })
      .expect(200);
    await approve(caseId);
    await http().post(`/transfer-cases/${caseId}/execution`).set(tto).expect(200);
    const executed = await caseWhen(caseId, 'executed');
    expect(executed).toMatchObject({
      priceFen: 36_500_000,
      counterparty: { name: '雪域乳业有限公司' },
      market: expect.objectContaining({ exchange: '西藏技术产权交易所', listingNumber: 'XZ-AU-2026-0007', result: 'deal' }),
      registrationNumber: null,
      rewardEligible: false,
      flags: ['R8_NOT_ELIGIBLE_FOR_REWARDS'],
    });
  });

  it('R4, R13: neither the officer who opened the case nor an inventor of the achievement approves it; another TTO officer does', async () => {
    const achievementId = await decidedAchievement('file', { title: '高海拔青稞抗倒伏栽培技术' });
    const opened = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({ achievementId, mode: { kind: 'transfer' }, pricingMethod: 'listing', proposedPriceFen: 20_000_000 })
      .expect(201);
    const caseId: string = opened.body.caseId;
    await caseOpenOnRegister(achievementId, caseId);
    await http()
      .post(`/transfer-cases/${caseId}/market-result`)
      .set(tto)
      .send({
        method: 'listing',
        exchange: '西藏技术产权交易所',
        listingNumber: 'XZ-LI-2026-0019',
        result: 'deal',
        finalPriceFen: 22_000_000,
        counterparty: { name: '日喀则农牧科技有限公司' },
        concludedOn: '2026-04-12',
      })
      .expect(200);
    const pending = await caseWhen(caseId, 'awaiting_approval', (row) => !!row.approvalTermsHash);
    const sign = (actor: Record<string, string>) =>
      http()
        .post(`/sign-offs/transfer-case-${caseId}/transfer-approval/signatures`)
        .set(actor)
        .send({ termsHash: pending.approvalTermsHash });

    const byOpener = await sign(tto).expect(403);
    expect(byOpener.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', conflictedUserId: 'wang.tto', partyId: 'tto-head' });
    // The inventor is known from the register (the disclosure's inventors), not from anything the request said.
    const byInventor = await sign(as('li.lei', 'unit_leader')).expect(403);
    expect(byInventor.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', conflictedUserId: 'li.lei', partyId: 'unit-leader' });
    const [roundOpened] = (await store.readStream(`transfer-case-${caseId}`)).filter((e) => e.type === 'SignOffRoundOpened');
    expect(roundOpened.data).toMatchObject({ conflictedUserIds: ['li.lei', 'wang.tto'] });

    for (const actor of [approver, finance, leader]) await sign(actor).expect(200);
    expect(await caseWhen(caseId, 'approved')).toMatchObject({ approvalOutcome: 'signed' });
  });

  describe('a case is decided on the register, never on the caller’s flags (R3, R5, R12)', () => {
    /** Opens with an Idempotency-Key, so the refused case's stream is known and can be shown empty. */
    async function refusedOpening(body: Record<string, unknown>, status: number): Promise<Record<string, unknown>> {
      const key = `open-${newId()}`;
      const res = await http().post('/transfer-cases').set(tto).set('Idempotency-Key', key).send(body).expect(status);
      expect(await store.readStream(`transfer-case-${idForCreation(key, 'transfer-case', 'wang.tto')}`)).toEqual([]);
      return res.body;
    }

    it('R12: refuses an achievement the register does not hold (422), and a request that still sends a classification (422)', async () => {
      const unknown = await refusedOpening(caseOn('3f1c2a9e-5b7d-4c1e-9a8b-0d2e4f6a8c10'), 422);
      expect(unknown).toMatchObject({ code: 'ACHIEVEMENT_NOT_REGISTERED', achievementId: '3f1c2a9e-5b7d-4c1e-9a8b-0d2e4f6a8c10' });
      const flags = { classification: { stateSecret: false, nationalSecurity: false, keyCoreTechnology: false } };
      const achievementId = await decidedAchievement('file');
      expect((await refusedOpening(caseOn(achievementId, flags), 422)).code).toBe('VALIDATION_FAILED');
    });

    it('R3: refuses an achievement the unit decided not to file', async () => {
      const achievementId = await decidedAchievement('do_not_file');
      expect((await refusedOpening(caseOn(achievementId), 409)).code).toBe('R3_RIGHTS_DUE_TO_INVENTORS');
    });

    it('R5: refuses a withdrawn disclosure', async () => {
      const achievementId = await disclosureWithdrawn(api);
      await registerShows(store, achievementId, (state) => state.status === 'withdrawn');
      expect(await refusedOpening(caseOn(achievementId), 409)).toMatchObject({
        code: 'R5_ACHIEVEMENT_NOT_TRANSFORMABLE',
        currentStatus: 'withdrawn',
      });
    });

    it('R5: a key-core-technology disclosure needs the supervisory filing, as the register (not the request) says', async () => {
      const achievementId = await decidedAchievement('file', { isKeyCoreTechnology: true });
      const opened = await http().post('/transfer-cases').set(tto).send(caseOn(achievementId)).expect(201);
      const caseId: string = opened.body.caseId;
      const row = await caseWhen(caseId, 'awaiting_supervisory_filing');
      expect(row.supervisoryFilingRequired).toBe(true);
      const blocked = await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 }).expect(409);
      expect(blocked.body.code).toBe('R5_SUPERVISORY_FILING_REQUIRED');
      const [openedEvent] = await store.readStream(`transfer-case-${caseId}`);
      expect(openedEvent).toMatchObject({
        schemaVersion: 2,
        data: {
          achievementId,
          classification: { stateSecret: false, nationalSecurity: false, keyCoreTechnology: true },
          classificationSource: 'register',
          supervisoryFilingRequired: true,
        },
      });
    });
  });
});
