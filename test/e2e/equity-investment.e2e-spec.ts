import { PostgresEventStore } from '@chengguo/eventstore';
import { shanghaiDate } from '@chengguo/kernel';
import { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { disclosureDecided, eventually, registerShows } from '../fixtures/http-flows';
import { as } from '../support/tokens';
import { startAppsOnTimeSkippingServer, TimeSkippingApps } from '../fixtures/apps';

/**
 * Equity investment (作价投资, R5–R7) over HTTP: a transfer case of mode equity_investment, priced by
 * agreement with publicity (its 15 days pass on Temporal's time-skipping server), approved and
 * executed; the investment valued at the publicised price, the shares recorded; the register shows
 * the holding; the shares, a dividend and a partial sale land in the income ledger through reactions.
 */
describe('equity investment over HTTP (R5–R7)', () => {
  let apps: TimeSkippingApps;
  let env: TestWorkflowEnvironment;
  let api: INestApplication;
  let store: PostgresEventStore;

  const DAY = 24 * 60 * 60 * 1000;
  const tto = as('wang.tto', 'tto_officer');
  const approver = as('zhou.tto', 'tto_officer');
  const finance = as('wu.finance', 'finance');
  const leader = as('sun.leader', 'unit_leader');
  const member = as('zhao.member', 'unit_member');
  const auditor = as('qian.audit', 'auditor');
  const sha = (c: string) => c.repeat(64);
  const company = { name: '高原新材料科技有限公司', creditCode: '91540100MA6T1XYW3K' };
  const soleInventor = [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }];

  beforeAll(async () => {
    apps = await startAppsOnTimeSkippingServer('equity');
    ({ env, api } = apps);
    store = new PostgresEventStore({ connectionString: apps.databaseUrl });
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  async function decidedAchievement(title: string): Promise<string> {
    const { disclosureId } = await disclosureDecided(api, { decision: 'file', leader, inventors: soleInventor, content: { title } });
    await registerShows(store, disclosureId, (state) => state.filingDecision === 'file');
    return disclosureId;
  }

  async function openCase(achievementId: string, mode: Record<string, unknown>): Promise<string> {
    const opened = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({ achievementId, mode, pricingMethod: 'agreement', counterparty: company, proposedPriceFen: 300_000_000 })
      .expect(201);
    const caseId: string = opened.body.caseId;
    await registerShows(store, achievementId, (state) => state.links.caseIds.includes(caseId));
    return caseId;
  }

  const caseWhen = (caseId: string, status: string, ready: (row: any) => boolean = () => true) =>
    eventually(async () => {
      const res = await http().get(`/transfer-cases/${caseId}`).set(tto);
      return res.status === 200 && res.body.status === status && ready(res.body) ? res.body : undefined;
    });

  const evidence = (summary: string, c = 'e') => ({ summary, documentSha256: [sha(c)] });

  it('agreement pricing with publicity → approved and executed → valued, shares, dividend, partial sale; register and income ledger follow', async () => {
    const achievementId = await decidedAchievement('一种高原光伏组件自清洁涂层');
    const caseId = await openCase(achievementId, { kind: 'equity_investment' });

    // Refusals at opening: an unknown case (404), a licence case (409), a malformed credit code (422), the wrong role (403).
    const unknown = await http()
      .post('/equity-investments')
      .set(tto)
      .send({ achievementId, caseId: '00000000-0000-4000-8000-000000000000', company })
      .expect(404);
    expect(unknown.body.code).toBe('TRANSFER_CASE_NOT_FOUND');
    const otherAchievement = await decidedAchievement('一种牦牛毛纤维改性方法');
    const licenceCase = await openCase(otherAchievement, { kind: 'license', exclusivity: 'non_exclusive' });
    const wrongMode = await http()
      .post('/equity-investments')
      .set(tto)
      .send({ achievementId: otherAchievement, caseId: licenceCase, company })
      .expect(409);
    expect(wrongMode.body).toMatchObject({ code: 'R5_CASE_NOT_EQUITY_INVESTMENT', mode: 'license' });
    const badCode = await http()
      .post('/equity-investments')
      .set(tto)
      .send({ achievementId, caseId, company: { ...company, creditCode: '91540100MA6T1XYZ3K' } })
      .expect(422);
    expect(badCode.body.code).toBe('R5_CREDIT_CODE_INVALID');
    await http().post('/equity-investments').set(member).send({ achievementId, caseId, company }).expect(403);

    const opened = await http().post('/equity-investments').set(tto).send({ achievementId, caseId, company }).expect(201);
    const investmentId: string = opened.body.investmentId;
    expect(opened.headers.location).toBe(`/equity-investments/${investmentId}`);
    await registerShows(store, achievementId, (state) => state.equityInvestments.some((i) => i.investmentId === investmentId));

    // R7: the agreement price values nothing before its publicity completed.
    const early = await http().post(`/equity-investments/${investmentId}/valuation`).set(tto).send({ method: 'agreement' }).expect(409);
    expect(early.body.code).toBe('R7_PUBLICITY_NOT_COMPLETED');

    await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 }).expect(200);
    await env.sleep(16 * DAY);
    const pending = await caseWhen(caseId, 'awaiting_approval', (row) => !!row.approvalTermsHash);
    for (const actor of [approver, finance, leader]) {
      await http()
        .post(`/sign-offs/transfer-case-${caseId}/transfer-approval/signatures`)
        .set(actor)
        .send({ termsHash: pending.approvalTermsHash })
        .expect(200);
    }
    await caseWhen(caseId, 'approved');

    // R6: an expired appraisal report is refused.
    const today = shanghaiDate(new Date());
    const expired = await http()
      .post(`/equity-investments/${investmentId}/valuation`)
      .set(tto)
      .send({
        method: 'appraisal',
        appraisal: {
          institution: '西藏中天资产评估有限公司',
          reportNumber: '藏中天评报字〔2025〕第007号',
          appraisedValueFen: 300_000_000,
          baseDate: '2025-01-31',
          validUntil: '2026-01-30',
          evidence: evidence('资产评估报告', 'a'),
        },
      })
      .expect(409);
    expect(expired.body).toMatchObject({ code: 'R6_APPRAISAL_EXPIRED', validUntil: '2026-01-30' });
    await http().post(`/equity-investments/${investmentId}/valuation`).set(tto).send({ method: 'agreement' }).expect(200);

    const shares = {
      registeredOn: today,
      shares: 3_000_000,
      capitalContributionFen: 300_000_000,
      shareholdingBasisPoints: 1_500,
      evidence: evidence('市场监督管理局变更登记通知书', 'b'),
    };
    const notExecuted = await http().post(`/equity-investments/${investmentId}/shares`).set(tto).send(shares).expect(409);
    expect(notExecuted.body.code).toBe('R5_CASE_NOT_EXECUTED');
    await http().post(`/transfer-cases/${caseId}/execution`).set(tto).expect(200);
    await caseWhen(caseId, 'executed');
    await http().post(`/equity-investments/${investmentId}/shares`).set(tto).send(shares).expect(200);

    // The register shows the achievement invested, the company and the holding.
    const shown = await eventually(async () => {
      const res = await http().get(`/achievements/${achievementId}`).set(tto).expect(200);
      return res.body.equityInvestments?.[0]?.holding ? res.body : undefined;
    });
    expect(shown.status).toBe('invested');
    expect(shown.equityInvestments).toEqual([
      {
        investmentId,
        caseId,
        company,
        valueFen: 300_000_000,
        registeredOn: today,
        holding: { shares: 3_000_000, capitalContributionFen: 300_000_000, shareholdingBasisPoints: 1_500 },
      },
    ]);

    await http()
      .post(`/equity-investments/${investmentId}/dividends`)
      .set(finance)
      .send({ amountFen: 1_200_000, receivedOn: today, evidence: evidence('分红到账回单', 'c') })
      .expect(201);
    const sale = {
      buyer: '拉萨创新投资基金',
      sharesSold: 1_000_000,
      capitalContributionSoldFen: 100_000_000,
      proceedsFen: 150_000_000,
      soldOn: today,
      shareholdingBasisPointsAfter: 1_000,
      evidence: evidence('股权转让协议及回单', 'd'),
    };
    await http().post(`/equity-investments/${investmentId}/sales`).set(tto).send(sale).expect(201);
    const tooMuch = await http()
      .post(`/equity-investments/${investmentId}/sales`)
      .set(tto)
      .send({ ...sale, sharesSold: 2_000_001, capitalContributionSoldFen: 200_000_000, shareholdingBasisPointsAfter: 0 })
      .expect(409);
    expect(tooMuch.body).toMatchObject({ code: 'R5_SALE_EXCEEDS_HOLDING', field: 'sharesSold', sold: 2_000_001, held: 2_000_000 });

    // The income ledger: the shares as equity at the valuation, the dividend and the sale's proceeds as cash.
    const ledger = await eventually(async () => {
      const res = await http().get(`/achievements/${achievementId}/income`).set(finance);
      return res.status === 200 && res.body.lines.length === 3 ? res.body : undefined;
    });
    expect(
      ledger.lines.map((l: any) => ({
        source: l.source,
        form: l.form,
        amountFen: l.amountFen,
        ref: l.contractReference,
      })),
    ).toEqual([
      { source: 'equity_investment', form: 'equity', amountFen: 300_000_000, ref: investmentId },
      { source: 'equity_dividend', form: 'cash', amountFen: 1_200_000, ref: investmentId },
      { source: 'equity_sale', form: 'cash', amountFen: 150_000_000, ref: investmentId },
    ]);
    const year = ledger.years.find((y: any) => y.year === Number(today.slice(0, 4)));
    expect(year).toMatchObject({ equityReceivedFen: 300_000_000, cashReceivedFen: 151_200_000 });

    // The investment's read model, and the register's holding after the sale.
    const investment = await eventually(async () => {
      const res = await http().get(`/equity-investments/${investmentId}`).set(tto);
      return res.status === 200 && res.body.sales.length === 1 ? res.body : undefined;
    });
    expect(investment).toMatchObject({
      achievementId,
      caseId,
      status: 'holding',
      company,
      valuation: { method: 'agreement', valueFen: 300_000_000, publicityRound: 1 },
      holding: { shares: 2_000_000, capitalContributionFen: 200_000_000, shareholdingBasisPoints: 1_000 },
      dividendsFen: 1_200_000,
      saleProceedsFen: 150_000_000,
    });
    const listed = await http().get(`/equity-investments?achievementId=${achievementId}`).set(tto).expect(200);
    expect(listed.body.items.map((i: any) => i.investmentId)).toEqual([investmentId]);
    await http().get(`/equity-investments/${investmentId}`).set(member).expect(403);
    await registerShows(store, achievementId, (state) => state.equityInvestments[0]?.holding?.shareholdingBasisPoints === 1_000);

    // The auditor's timeline joins the investment's events to the achievement, under their rule keys.
    const timeline = await eventually(async () => {
      const res = await http().get(`/audit/achievements/${achievementId}/timeline`).set(auditor);
      const types = res.status === 200 ? res.body.events.map((e: any) => e.type) : [];
      return types.includes('EquityHoldingSold') && types.filter((t: string) => t === 'EquityHoldingChanged').length === 2
        ? res.body
        : undefined;
    });
    const investmentEvents = timeline.events.filter((e: any) => e.streamId === `equity-investment-${investmentId}`);
    expect(investmentEvents.map((e: any) => [e.type, e.ruleKeys])).toEqual([
      ['EquityInvestmentOpened', ['R5']],
      ['EquityInvestmentValued', ['R5', 'R6', 'R7']],
      ['EquitySharesReceived', ['R5', 'R12']],
      ['EquityDividendReceived', ['R8', 'R14']],
      ['EquityHoldingSold', ['R5', 'R8', 'R14']],
    ]);
    expect(timeline.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['EquityInvestmentRecorded', 'IncomeReceived']));
  });
});
