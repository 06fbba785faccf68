import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { as, eventually } from '../fixtures/http-flows';
import { documentedAnswers } from '../support/openapi-answers';

/**
 * The income ledger (R8, R14) over HTTP, on real PostgreSQL and Temporal with the worker running:
 * finance records income only under a case the register links to the achievement (R5), deductible
 * costs and corrections are entries of their own, and the yearly net follows the date received.
 */
describe('income ledger over HTTP (R8, R14)', () => {
  let apps: RunningApps;
  let api: INestApplication;

  const tto = as('wang.tto', 'tto_officer');
  const finance = as('zhao.fin', 'finance');
  const li = as('li.lei', 'inventor');
  const stranger = as('qian.inv', 'inventor');
  const sha = (c: string) => c.repeat(64);
  const evidence = { summary: '工商银行电子回单', documentSha256: [sha('c')] };
  const lastYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;

  let achievementId: string;
  let caseId: string;

  beforeAll(async () => {
    apps = await startApps('e2eincome');
    api = apps.api;
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());
  const problem = (res: request.Response) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res.body;
  };
  const receipt = (overrides: Record<string, unknown> = {}) => ({
    source: 'transfer',
    form: 'cash',
    amountFen: 30_000_000,
    receivedOn: `${lastYear}-06-01`,
    payer: '某某新能源有限公司',
    invoiceNumber: 'INV-001',
    contractReference: caseId,
    evidence,
    ...overrides,
  });

  it('sets the scene: a registered patent with a transfer case the register links to it', async () => {
    const registered = await http()
      .post('/achievements')
      .set(tto)
      .send({
        kind: 'invention_patent',
        title: '一种青稞秸秆生物质炭制备方法',
        inventors: [
          { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
          { userId: 'wu.inv', name: '吴', shareBasisPoints: 4000 },
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
    await eventually(async () => {
      const res = await http().get(`/achievements/${achievementId}`).set(tto);
      return res.status === 200 && res.body.openCaseIds.includes(caseId) ? true : undefined;
    });
  });

  it('records a receipt under the case on record; a retry with the same Idempotency-Key changes nothing', async () => {
    const key = `income-receipt-${Date.now()}`;
    const first = await http()
      .post(`/achievements/${achievementId}/income/receipts`)
      .set(finance)
      .set('Idempotency-Key', key)
      .send(receipt());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ entryId: expect.any(String), streamId: `income-${achievementId}`, revision: 0 });
    const before = await apps.eventCount();
    const again = await http()
      .post(`/achievements/${achievementId}/income/receipts`)
      .set(finance)
      .set('Idempotency-Key', key)
      .send(receipt());
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await apps.eventCount()).toBe(before);
  });

  it('refuses income under a case the register does not link, for an unregistered achievement, twice-recorded invoices and future dates — storing nothing', async () => {
    const before = await apps.eventCount();
    const foreign = await http()
      .post(`/achievements/${achievementId}/income/receipts`)
      .set(finance)
      .send(receipt({ contractReference: randomUUID(), invoiceNumber: 'INV-X' }));
    expect(foreign.status).toBe(409);
    expect(problem(foreign).code).toBe('R5_TRANSFORMATION_NOT_ON_RECORD');

    const unregistered = await http().post(`/achievements/${randomUUID()}/income/receipts`).set(finance).send(receipt());
    expect(unregistered.status).toBe(404);
    expect(problem(unregistered).code).toBe('ACHIEVEMENT_NOT_REGISTERED');

    const twice = await http().post(`/achievements/${achievementId}/income/receipts`).set(finance).send(receipt());
    expect(twice.status).toBe(409);
    expect(problem(twice).code).toBe('INCOME_INVOICE_ALREADY_RECORDED');

    const future = await http()
      .post(`/achievements/${achievementId}/income/receipts`)
      .set(finance)
      .send(receipt({ receivedOn: '2999-01-01', invoiceNumber: 'INV-F' }));
    expect(future.status).toBe(422);
    expect(problem(future).code).toBe('INCOME_DATE_IN_FUTURE');

    const byInventor = await http()
      .post(`/achievements/${achievementId}/income/receipts`)
      .set(li)
      .send(receipt({ invoiceNumber: 'INV-L' }));
    expect(byInventor.status).toBe(403);
    expect(await apps.eventCount()).toBe(before);
  });

  it('nets costs and corrections by the year of their date, and shows each correction as its own line', async () => {
    await http()
      .post(`/achievements/${achievementId}/income/receipts`)
      .set(finance)
      .send(receipt({ invoiceNumber: 'INV-002', amountFen: 5_000_000, receivedOn: `${lastYear}-09-30` }))
      .expect(201);
    await http()
      .post(`/achievements/${achievementId}/income/costs`)
      .set(finance)
      .send({ category: 'appraisal', amountFen: 2_000_000, incurredOn: `${lastYear}-03-15`, description: '资产评估费', evidence })
      .expect(201);
    const shown = await eventually(async () => {
      const res = await http().get(`/achievements/${achievementId}/income`).set(finance);
      return res.status === 200 && res.body.lines.length === 3 ? res.body : undefined;
    });
    const firstReceipt = shown.lines.find((l: any) => l.invoiceNumber === 'INV-001');
    await http()
      .post(`/achievements/${achievementId}/income/corrections`)
      .set(finance)
      .send({ entryId: firstReceipt.receiptId, amountFen: 29_000_000, on: `${lastYear}-06-01`, reason: '回单金额录入错误', evidence })
      .expect(201);

    const corrected = await eventually(async () => {
      const res = await http().get(`/achievements/${achievementId}/income`).set(finance);
      return res.status === 200 && res.body.lines.length === 4 ? res.body : undefined;
    });
    expect(corrected.years).toEqual([
      {
        year: lastYear,
        cashReceivedFen: 34_000_000,
        cashBySource: { transfer: 34_000_000 },
        equityReceivedFen: 0,
        deductibleCostsFen: 2_000_000,
        netIncomeFen: 32_000_000,
      },
    ]);
    expect(corrected.lines.map((l: any) => l.type)).toEqual([
      'IncomeReceived',
      'IncomeReceived',
      'DeductibleCostRecorded',
      'LedgerEntryCorrected',
    ]);
    expect(corrected.lines[3]).toMatchObject({
      entryId: firstReceipt.receiptId,
      previous: { amountFen: 30_000_000 },
      corrected: { amountFen: 29_000_000 },
    });
  });

  it('shows the ledger to the offices and the achievement’s inventors, and to nobody else (404)', async () => {
    expect((await http().get(`/achievements/${achievementId}/income`).set(li)).status).toBe(200);
    expect((await http().get(`/achievements/${achievementId}/income`).set(tto)).status).toBe(200);
    const hidden = await http().get(`/achievements/${achievementId}/income`).set(stranger);
    expect(hidden.status).toBe(404);
    expect(problem(hidden).code).toBe('INCOME_LEDGER_NOT_FOUND');
  });

  it('answers as the OpenAPI document says: the ledger, a new entry’s id, a refusal', async () => {
    const documented = await documentedAnswers(api);
    const ledger = await http().get(`/achievements/${achievementId}/income`).set(finance).expect(200);
    expect(documented('get', '/achievements/{id}/income', ledger)).toEqual([]);
    const cost = await http()
      .post(`/achievements/${achievementId}/income/costs`)
      .set(finance)
      .send({ category: 'appraisal', amountFen: 100, incurredOn: `${lastYear}-04-01`, description: '复核费', evidence })
      .expect(201);
    expect(documented('post', '/achievements/{id}/income/costs', cost)).toEqual([]);
    const hidden = await http().get(`/achievements/${achievementId}/income`).set(stranger).expect(404);
    expect(documented('get', '/achievements/{id}/income', hidden)).toEqual([]);
  });
});
