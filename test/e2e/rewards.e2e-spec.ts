import { PostgresEventStore } from '@chengguo/eventstore';
import { shanghaiDate } from '@chengguo/kernel';
import { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { eventually, registerShows } from '../fixtures/http-flows';
import { documentedAnswers } from '../support/openapi-answers';
import { as } from '../support/tokens';
import { startAppsOnTimeSkippingServer, TimeSkippingApps } from '../fixtures/apps';

/**
 * Rewards over HTTP (R8–R10), with the api and worker apps as in production on PostgreSQL and
 * Temporal's time-skipping server: a transfer executed and registered, two instalments received, the
 * distribution computed under the unit's scheme and split 60/40 by the register, a principal leader
 * among the contributors making the announcement mandatory, approval, the announcement's days passed
 * on the server's clock, payment, and the month's payroll export.
 */
describe('rewards over HTTP (R8–R10)', () => {
  let apps: TimeSkippingApps;
  let env: TestWorkflowEnvironment;
  let api: INestApplication;
  let store: PostgresEventStore;

  const DAY = 24 * 60 * 60 * 1000;
  const tto = as('wang.tto', 'tto_officer');
  const ttoHead = as('zhou.tto', 'tto_officer');
  const finance = as('wu.finance', 'finance');
  const leader = as('sun.leader', 'unit_leader');
  const supervisor = as('gao.sup', 'supervisory_department');
  const admin = as('ops', 'admin');
  const member = as('zhao.member', 'unit_member');
  const li = as('li.lei', 'inventor');
  const stranger = as('qian.inv', 'inventor');
  const sha = (c: string) => c.repeat(64);
  const lastYear = Number(shanghaiDate(new Date()).slice(0, 4)) - 1;

  beforeAll(async () => {
    apps = await startAppsOnTimeSkippingServer('rewards');
    ({ env, api } = apps);
    store = new PostgresEventStore({ connectionString: apps.databaseUrl });
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  /** Signs a round as each actor in turn, with the terms hash the round's read model shows. */
  async function signRound(streamId: string, signOffId: string, actors: Array<Record<string, string>>): Promise<void> {
    const round = await eventually(async () => {
      const res = await http().get(`/sign-offs/${streamId}/${signOffId}`).set(actors[0]);
      return res.status === 200 ? res.body : undefined;
    });
    for (const actor of actors) {
      await http().post(`/sign-offs/${streamId}/${signOffId}/signatures`).set(actor).send({ termsHash: round.termsHash }).expect(200);
    }
  }

  let achievementId: string;
  let caseId: string;
  const distribution = () => `/achievements/${achievementId}/rewards/${lastYear}`;
  const distributionWhen = (status: string) =>
    eventually(async () => {
      const res = await http().get(distribution()).set(tto);
      return res.status === 200 && res.body.status === status ? res.body : undefined;
    });

  it('the unit adopts its scheme after consulting staff: unit leader, then the supervisory department (XZ-13)', async () => {
    await http()
      .post('/reward-scheme/versions')
      .set(tto)
      .send({
        effectiveFrom: `${lastYear}-01-01`,
        rules: {
          contributorShareBps: { transfer: 6000, license: 6000, equity_investment: 5000, technology_contract: 3000 },
          ttoShareBps: { transfer: 1000, license: 1000, equity_investment: 0, technology_contract: 500 },
          paymentDeadlineDays: 60,
          // The unit announces no distribution, save one that rewards a principal leader (R9).
          publicityDays: 0,
        },
        consultation: { heldOn: `${lastYear - 1}-12-15`, summary: '教职工代表大会审议通过', documentSha256: [sha('c')] },
      })
      .expect(201);
    await signRound('reward-scheme', 'scheme-adoption-v1', [leader, supervisor]);
    const scheme = await eventually(async () => {
      const res = await http().get('/reward-scheme').set(member).expect(200);
      return res.body.versions[0]?.status === 'in_force' ? res.body : undefined;
    });
    expect(scheme.inForceToday.transfer).toMatchObject({ basis: { kind: 'scheme', version: 1 }, contributorShareBps: 6000 });
  });

  it('the roster says an inventor holds a principal leader’s post (R9)', async () => {
    await http()
      .post('/leader-roster/tenures')
      .set(admin)
      .send({ userId: 'li.lei', name: '李雷', post: '院长', from: '2020-01-01' })
      .expect(200);
    await http().post('/leader-roster/tenures').set(tto).send({ userId: 'x', name: 'x', post: 'x', from: '2020-01-01' }).expect(403);
    const roster = await http().get('/leader-roster').set(leader).expect(200);
    expect(roster.body.tenures).toEqual([expect.objectContaining({ userId: 'li.lei', inPostToday: true })]);
  });

  it('a transfer is executed and two instalments arrive; the distribution waits for the contract’s registration (R8)', async () => {
    const registered = await http()
      .post('/achievements')
      .set(tto)
      .send({
        kind: 'invention_patent',
        title: '一种青稞秸秆生物质炭制备方法',
        inventors: [
          { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
          { userId: 'han.mm', name: '韩梅梅', shareBasisPoints: 4000 },
        ],
        classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
        rights: {
          applicationNumber: 'CN201910000001.X',
          filingDate: '2019-03-01',
          grantDate: '2021-05-01',
          patentNumber: 'ZL201910000001.X',
        },
        evidence: { summary: '专利证书扫描件', documentSha256: [sha('a')] },
      })
      .expect(201);
    achievementId = registered.body.achievementId;
    const opened = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({ achievementId, mode: { kind: 'transfer' }, pricingMethod: 'auction', proposedPriceFen: 30_000_000 })
      .expect(201);
    caseId = opened.body.caseId;
    await registerShows(store, achievementId, (state) => state.openCases.some((c) => c.caseId === caseId));
    await http()
      .post(`/transfer-cases/${caseId}/market-result`)
      .set(tto)
      .send({
        method: 'auction',
        exchange: '西藏技术产权交易所',
        listingNumber: 'XZ-AU-2025-0042',
        result: 'deal',
        finalPriceFen: 30_000_000,
        counterparty: { name: '雪域新材料有限公司' },
        concludedOn: `${lastYear}-02-10`,
      })
      .expect(200);
    const pending = await eventually(async () => {
      const res = await http().get(`/transfer-cases/${caseId}`).set(tto);
      return res.body?.status === 'awaiting_approval' && res.body.approvalTermsHash ? res.body : undefined;
    });
    for (const actor of [ttoHead, finance, leader]) {
      await http()
        .post(`/sign-offs/transfer-case-${caseId}/transfer-approval/signatures`)
        .set(actor)
        .send({ termsHash: pending.approvalTermsHash })
        .expect(200);
    }
    await eventually(async () => ((await http().get(`/transfer-cases/${caseId}`).set(tto)).body.status === 'approved' ? true : undefined));
    await http().post(`/transfer-cases/${caseId}/execution`).set(tto).expect(200);

    const instalment = (amountFen: number, receivedOn: string, invoiceNumber: string) =>
      http()
        .post(`/achievements/${achievementId}/income/receipts`)
        .set(finance)
        .send({
          source: 'transfer',
          form: 'cash',
          amountFen,
          receivedOn,
          payer: '雪域新材料有限公司',
          invoiceNumber,
          contractReference: caseId,
          evidence: { summary: '银行回单', documentSha256: [sha('d')] },
        })
        .expect(201);
    await instalment(10_000_000, `${lastYear}-03-01`, 'INV-1');
    await instalment(20_000_000, `${lastYear}-09-01`, 'INV-2');

    const refused = await http().post(distribution()).set(tto).send({});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'R8_CONTRACT_NOT_REGISTERED', contractReference: caseId });
    expect(await store.readStream(`reward-distribution-${achievementId}-${lastYear}`)).toEqual([]);

    await http()
      .post(`/transfer-cases/${caseId}/contract-registration`)
      .set(tto)
      .send({ registrationNumber: '2025540001000777', registeredOn: `${lastYear}-03-20` })
      .expect(200);
  });

  it('computes the pool under the scheme in force on each date, splits it 60/40, and makes the announcement mandatory for the leader (R8–R10)', async () => {
    const computed = await eventually(async () => {
      const res = await http().post(distribution()).set(tto).send({});
      return res.status === 201 ? res.body : undefined; // the case's registration reaches the register first
    });
    expect(computed.distributionId).toBe(`${achievementId}-${lastYear}`);
    const shown = await distributionWhen('computed');
    expect(shown).toMatchObject({
      cashReceivedFen: 30_000_000,
      netIncomeFen: 30_000_000,
      cashPoolFen: 18_000_000,
      ttoShareFen: 3_000_000,
      announcementDays: 7,
      includesPrincipalLeader: true,
    });
    expect(shown.receipts.map((r: any) => [r.basis.kind, r.contributorShareBps, r.registrationNumber])).toEqual([
      ['scheme', 6000, '2025540001000777'],
      ['scheme', 6000, '2025540001000777'],
    ]);
    expect(shown.contributors).toEqual([
      expect.objectContaining({ userId: 'li.lei', shareBps: 6000, cashFen: 10_800_000, principalLeader: true }),
      expect.objectContaining({ userId: 'han.mm', shareBps: 4000, cashFen: 7_200_000, principalLeader: false }),
    ]);
    expect(shown.contributors[0].tax).toEqual([
      { kind: 'cash_half_as_wage_income', countsAsWageIncomeFen: 5_400_000, inWageTotalBase: false },
    ]);
    expect((await http().get(distribution()).set(li)).status).toBe(200);
    expect((await http().get(distribution()).set(stranger)).status).toBe(404);
  });

  it('is approved by the TTO head, finance and the unit leader — not by the officer who computed it (R4, R13)', async () => {
    await http().post(`${distribution()}/approval`).set(tto).expect(200);
    const streamId = `reward-distribution-${achievementId}-${lastYear}`;
    const round = await eventually(async () => {
      const res = await http().get(`/sign-offs/${streamId}/reward-approval`).set(ttoHead);
      return res.status === 200 ? res.body : undefined;
    });
    const byPreparer = await http().post(`/sign-offs/${streamId}/reward-approval/signatures`).set(tto).send({ termsHash: round.termsHash });
    expect(byPreparer.status).toBe(403);
    expect(byPreparer.body.code).toBe('R4_CONFLICT_OF_INTEREST');
    await signRound(streamId, 'reward-approval', [ttoHead, finance, leader]);
    await distributionWhen('approved');
  });

  it('is announced for 7 days (R9), paid only after the durable timer ends it, and lands in the month’s payroll (R10)', async () => {
    await http().post(`${distribution()}/announcement`).set(tto).expect(200);
    const board = await eventually(async () => {
      const res = await http().get('/rewards/announcements').set(member).expect(200);
      return res.body.length > 0 ? res.body : undefined;
    });
    expect(board[0]).toMatchObject({
      includesPrincipalLeader: true,
      contributors: [{ name: '李雷', cashFen: 10_800_000 }, { name: '韩梅梅' }],
    });
    const documented = await documentedAnswers(api);
    expect(documented('get', '/rewards/announcements', await http().get('/rewards/announcements').set(member).expect(200))).toEqual([]);
    const today = shanghaiDate(new Date());
    const pay = (userId: string) =>
      http()
        .post(`${distribution()}/payments`)
        .set(finance)
        .send({ userId, paidOn: today, paymentReference: `PAY-${userId}` });
    const early = await pay('li.lei');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('R9_ANNOUNCEMENT_NOT_OVER');

    await env.sleep(8 * DAY);
    await distributionWhen('payable');
    expect((await pay('li.lei')).status).toBe(200);
    expect((await pay('li.lei')).body.code).toBe('REWARD_ALREADY_PAID');
    expect((await pay('han.mm')).status).toBe(200);
    await distributionWhen('settled');

    const csv = await http()
      .get(`/rewards/payroll.csv?month=${today.slice(0, 7)}`)
      .set(finance)
      .expect(200);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const rows = csv.text.slice(1).trim().split('\r\n');
    expect(rows[0]).toBe(
      'paidOn,userId,name,achievementId,distributionId,cashYuan,countsAsWageIncomeYuan,inWageTotalBase,equityValueYuan,equityTaxDeferred,principalLeader,paymentReference',
    );
    expect(rows.slice(1).sort()).toEqual(
      [
        `${today},han.mm,韩梅梅,${achievementId},${achievementId}-${lastYear},72000.00,36000.00,false,0.00,false,false,PAY-han.mm`,
        `${today},li.lei,李雷,${achievementId},${achievementId}-${lastYear},108000.00,54000.00,false,0.00,false,true,PAY-li.lei`,
      ].sort(),
    );
    await http()
      .get(`/rewards/payroll.csv?month=${today.slice(0, 7)}`)
      .set(li)
      .expect(403);
  });

  it('answers as the OpenAPI document says: the distribution, the scheme, the roster, the payroll, a refusal', async () => {
    const documented = await documentedAnswers(api);
    expect(documented('get', '/achievements/{id}/rewards/{year}', await http().get(distribution()).set(tto).expect(200))).toEqual([]);
    expect(documented('get', '/reward-scheme', await http().get('/reward-scheme').set(member).expect(200))).toEqual([]);
    expect(documented('get', '/leader-roster', await http().get('/leader-roster').set(leader).expect(200))).toEqual([]);
    const month = shanghaiDate(new Date()).slice(0, 7);
    expect(
      documented('get', '/rewards/payroll.csv', await http().get(`/rewards/payroll.csv?month=${month}`).set(finance).expect(200)),
    ).toEqual([]);
    const year = await http().get(`/achievements/${achievementId}/rewards/99`).set(tto).expect(422);
    expect(year.body.code).toBe('YEAR_INVALID');
    expect(documented('get', '/achievements/{id}/rewards/{year}', year)).toEqual([]);
  });
});
