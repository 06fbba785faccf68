import { PostgresEventStore, runProcessCommand } from '@chengguo/eventstore';
import { shanghaiDate } from '@chengguo/kernel';
import { licenceCommands, LicenceCommandInput } from '@chengguo/licensing';
import { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { eventually, registerShows } from '../fixtures/http-flows';
import { as } from '../support/tokens';
import { startAppsOnTimeSkippingServer, TimeSkippingApps } from '../fixtures/apps';

/**
 * Use first, pay later over HTTP (R5–R7, R15), with the api and worker apps as in production on
 * PostgreSQL and Temporal's time-skipping server: the unit's policy lets SMEs use first and pay
 * later; a non-exclusive licence case on a registered patent is priced by agreement and published
 * for 15 days (the publicity workflow's timer on the server's clock), approved and executed; the
 * licence recorded against it takes effect with the execution, its term workflow starts; the
 * licensee's first sales are reported and the first royalty paid, and the payment is in the
 * achievement's income ledger. The API's clock is the machine's, so the first quarter — which ends
 * in the future — is reported and paid through the licence's command declaration at the server's
 * skipped instant; over HTTP the same report is refused before the quarter ends.
 */
describe('licensing over HTTP: use first, pay later (R5–R7, R15)', () => {
  let apps: TimeSkippingApps;
  let env: TestWorkflowEnvironment;
  let api: INestApplication;
  let store: PostgresEventStore;

  const DAY = 24 * 60 * 60 * 1000;
  const tto = as('wang.tto', 'tto_officer');
  const ttoHead = as('zhou.tto', 'tto_officer');
  const finance = as('wu.finance', 'finance');
  const leader = as('sun.leader', 'unit_leader');
  const auditor = as('he.audit', 'auditor');
  const li = as('li.lei', 'inventor');
  const stranger = as('qian.inv', 'inventor');
  const sha = (c: string) => c.repeat(64);
  const today = shanghaiDate(new Date());
  const year = Number(today.slice(0, 4));
  const LICENSEE = { name: '星火储能科技有限公司', creditCode: '91110108MA01ABCD2X' };

  beforeAll(async () => {
    apps = await startAppsOnTimeSkippingServer('licensing');
    ({ env, api } = apps);
    store = new PostgresEventStore({ connectionString: apps.databaseUrl });
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  let achievementId: string;
  let caseId: string;
  /** The use-first-pay-later terms: no upfront fee, a milestone on first series production, 3 % of net sales from the first sales. */
  const licence = (overrides: Record<string, unknown> = {}) => ({
    caseId,
    exclusivity: 'non_exclusive',
    territory: '中国大陆',
    fieldOfUse: '储能电池',
    term: { startsOn: today, endsOn: `${year + 5}-12-31` },
    sublicensing: false,
    licensee: { ...LICENSEE, class: 'sme' },
    consideration: {
      upfrontFeeFen: 0,
      milestones: [
        {
          milestoneId: 'm-1',
          description: '首批产品量产',
          amountFen: 30_000_000,
          due: { kind: 'event', trigger: '首批产品量产', paymentDays: 30 },
        },
      ],
      royalty: { rateBasisPoints: 300, minimumAnnualRoyaltyFen: 0, reportingPeriod: 'quarterly', reportDueDays: 30 },
      deferredPayments: [],
      guarantee: { guarantor: '中关村科技融资担保有限公司', kind: 'guarantee_company', amountFen: 10_000_000 },
    },
    useFirstPayLater: { paymentStart: { kind: 'first_sales' }, decisionDueOn: `${year + 2}-06-30` },
    ...overrides,
  });

  /** Runs a licence command at the time-skipping server's instant (the API's clock cannot be moved). */
  async function atServerTime(input: LicenceCommandInput, actor: { userId: string; role: string }): Promise<void> {
    const outcome = await runProcessCommand(store, licenceCommands, caseId, input, {
      commandId: `e2e:${input.type}:${caseId}`,
      actor,
      correlationId: caseId,
      occurredAt: new Date(await env.currentTimeMs()).toISOString(),
    });
    if ('code' in outcome) throw new Error(`${outcome.code}: ${outcome.detail}`);
  }

  it('the unit’s licensing policy lets SMEs use first and pay later (R15)', async () => {
    await http()
      .post('/licensing/policy/versions')
      .set(tto)
      .send({
        useFirstPayLaterClasses: ['sme'],
        effectiveFrom: `${year - 1}-01-01`,
        basis: '关于开展科技成果先使用后付费改革试点的实施方案',
      })
      .expect(201);
    await http()
      .post('/licensing/policy/versions')
      .set(finance)
      .send({ useFirstPayLaterClasses: [], effectiveFrom: `${year}-01-01`, basis: 'x' })
      .expect(403);
    const invalid = await http()
      .post('/licensing/policy/versions')
      .set(tto)
      .send({ useFirstPayLaterClasses: ['startup'], effectiveFrom: `${year}-01-01`, basis: 'x' })
      .expect(422);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    const policy = await http().get('/licensing/policy').set(li).expect(200);
    expect(policy.body).toMatchObject({ revision: 0, useFirstPayLaterClassesToday: ['sme'] });
  });

  it('a licence case is priced by agreement and published for 15 days (R6, R7); the licence waits for the settled price', async () => {
    const registered = await http()
      .post('/achievements')
      .set(tto)
      .send({
        kind: 'invention_patent',
        title: '一种低温固态电池电解质',
        inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }],
        classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
        rights: {
          applicationNumber: 'CN202110000002.X',
          filingDate: '2021-03-01',
          grantDate: '2023-05-01',
          patentNumber: 'ZL202110000002.X',
        },
        evidence: { summary: '专利证书扫描件', documentSha256: [sha('a')] },
      })
      .expect(201);
    achievementId = registered.body.achievementId;
    const opened = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({
        achievementId,
        mode: { kind: 'license', exclusivity: 'non_exclusive' },
        pricingMethod: 'agreement',
        counterparty: LICENSEE,
        proposedPriceFen: 30_000_000,
      })
      .expect(201);
    caseId = opened.body.caseId;
    await registerShows(store, achievementId, (state) => state.openCases.some((c) => c.caseId === caseId));

    const early = await http().post('/licences').set(tto).send(licence()).expect(409);
    expect(early.body).toMatchObject({ code: 'R7_PRICE_NOT_SETTLED', caseStatus: 'awaiting_publicity' });

    await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 }).expect(200);
    await env.sleep(16 * DAY);
    await eventually(async () => {
      const res = await http().get(`/transfer-cases/${caseId}`).set(tto);
      return res.body?.status === 'awaiting_approval' && res.body.approvalTermsHash ? res.body : undefined;
    });
  });

  it('refuses a licence its case did not price, a class the policy does not allow, an upfront fee, U+0000 (R5–R7, R15)', async () => {
    const unknown = await http()
      .post('/licences')
      .set(tto)
      .send(licence({ caseId: '0b0c1f3e-5a1d-4a39-9d7e-1c2b3a4d5e6f' }))
      .expect(404);
    expect(unknown.body.code).toBe('LICENCE_CASE_NOT_FOUND');
    const exclusive = await http()
      .post('/licences')
      .set(tto)
      .send(licence({ exclusivity: 'exclusive' }))
      .expect(409);
    expect(exclusive.body).toMatchObject({ code: 'R5_EXCLUSIVITY_MISMATCH', caseExclusivity: 'non_exclusive', requested: 'exclusive' });
    const large = await http()
      .post('/licences')
      .set(tto)
      .send(licence({ licensee: { ...LICENSEE, class: 'large' } }))
      .expect(409);
    expect(large.body).toMatchObject({ code: 'R15_LICENSEE_CLASS_NOT_ALLOWED', licenseeClass: 'large', allowedClasses: ['sme'] });
    const base = licence();
    const upfront = await http()
      .post('/licences')
      .set(tto)
      .send({
        ...base,
        consideration: {
          ...base.consideration,
          upfrontFeeFen: 100,
          milestones: [{ ...base.consideration.milestones[0], amountFen: 29_999_900 }],
        },
      })
      .expect(422);
    expect(upfront.body.code).toBe('R15_UPFRONT_FEE_NOT_ZERO');
    const otherLicensee = await http()
      .post('/licences')
      .set(tto)
      .send(licence({ licensee: { name: '另一家公司', class: 'sme' } }))
      .expect(409);
    expect(otherLicensee.body.code).toBe('R6_LICENSEE_NOT_COUNTERPARTY');
    const nul = await http()
      .post('/licences')
      .set(tto)
      .send(licence({ territory: '中国\u0000大陆' }))
      .expect(422);
    expect(nul.body.code).toBe('INPUT_CONTAINS_NUL');
    await http().post('/licences').set(finance).send(licence()).expect(403);
    expect(await store.readStream(`licence-${caseId}`)).toEqual([]);
  });

  it('records the licence, which takes effect when the approved case is executed; its term workflow starts', async () => {
    const recorded = await http().post('/licences').set(tto).send(licence()).expect(201);
    expect(recorded.body).toMatchObject({ licenceId: caseId, streamId: `licence-${caseId}` });
    expect(recorded.headers.location).toBe(`/licences/${caseId}`);
    await http().post('/licences').set(tto).send(licence()).expect(409);
    const waiting = await eventually(async () => {
      const res = await http().get(`/licences/${caseId}`).set(tto);
      return res.status === 200 ? res.body : undefined;
    });
    expect(waiting).toMatchObject({ status: 'awaiting_effect', paymentModel: 'use_first_pay_later', licenseeClass: 'sme', receivedFen: 0 });

    const pending = (await http().get(`/transfer-cases/${caseId}`).set(tto).expect(200)).body;
    for (const actor of [ttoHead, finance, leader]) {
      await http()
        .post(`/sign-offs/transfer-case-${caseId}/transfer-approval/signatures`)
        .set(actor)
        .send({ termsHash: pending.approvalTermsHash })
        .expect(200);
    }
    await eventually(async () => ((await http().get(`/transfer-cases/${caseId}`).set(tto)).body.status === 'approved' ? true : undefined));
    await http().post(`/transfer-cases/${caseId}/execution`).set(tto).expect(200);

    const inEffect = await eventually(async () => {
      const res = await http().get(`/licences/${caseId}`).set(tto);
      return res.body.status === 'in_effect' ? res.body : undefined;
    });
    expect(inEffect.effectiveOn).toBe(today);
    expect(inEffect.dueItems.map((i: any) => i.itemKey)).toEqual(expect.arrayContaining([`report:${year}-Q4`, 'decision']));
    await eventually(async () => {
      const description = await env.client.workflow
        .getHandle(`licensing:licence-${caseId}:term`)
        .describe()
        .catch(() => undefined);
      return description?.status.name === 'RUNNING' ? true : undefined;
    });

    // The register's ledger: the achievement is licensed, and links the case whose id is the licence's.
    const row = await eventually(async () => {
      const res = await http().get(`/achievements/${achievementId}`).set(tto);
      return res.body?.status === 'licensed' ? res.body : undefined;
    });
    expect(row.links.caseIds).toEqual([caseId]);
    // …and lists the licence, recorded by the register's reaction to its taking effect, with its standing.
    const listed = await eventually(async () => {
      const res = await http().get(`/achievements/${achievementId}`).set(tto);
      return res.body?.licences?.length ? res.body.licences : undefined;
    });
    expect(listed).toEqual([
      expect.objectContaining({
        licenceId: caseId,
        licensee: { name: LICENSEE.name, class: 'sme' },
        exclusivity: 'non_exclusive',
        useFirstPayLater: true,
        effectiveOn: today,
        status: 'in_effect',
        terminatedOn: null,
      }),
    ]);

    // The achievement's licences, as the register's read policy lets each reader see them.
    const mine = await http().get(`/licences?achievementId=${achievementId}`).set(li).expect(200);
    expect(mine.body.items.map((l: any) => l.licenceId)).toEqual([caseId]);
    expect((await http().get(`/licences?achievementId=${achievementId}`).set(stranger).expect(200)).body.items).toEqual([]);
    await http().get(`/licences/${caseId}`).set(stranger).expect(404);
  });

  it('the licensee’s first sales are reported, the first royalty paid and entered in the income ledger (R8, R14, R15)', async () => {
    const report = {
      period: `${year}-Q4`,
      netSalesFen: 100_000_000,
      statedRoyaltyFen: 3_000_000,
      reportedOn: today,
      evidence: { summary: '季度销售报告', documentSha256: [sha('b')] },
    };
    const tooEarly = await http().post(`/licences/${caseId}/royalty-reports`).set(tto).send(report).expect(409);
    expect(tooEarly.body).toMatchObject({ code: 'LICENCE_PERIOD_NOT_ENDED', period: `${year}-Q4` });

    // The quarter ends; ten days later the licensee reports its first sales.
    await env.sleep(Date.parse(`${year + 1}-01-10T12:00:00+08:00`) - (await env.currentTimeMs()));
    const reportedOn = shanghaiDate(new Date(await env.currentTimeMs()));
    await atServerTime(
      {
        type: 'RecordRoyaltyReport',
        licenceId: caseId,
        reportId: 'r-1',
        period: `${year}-Q4`,
        netSalesFen: 100_000_000,
        statedRoyaltyFen: 3_000_000,
        reportedOn,
        evidence: report.evidence,
      },
      { userId: 'wang.tto', role: 'tto_officer' },
    );
    const reported = await eventually(async () => {
      const res = await http().get(`/licences/${caseId}`).set(tto);
      return res.body.reports?.[`${year}-Q4`] ? res.body : undefined;
    });
    expect(reported.dueItems.find((i: any) => i.itemKey === `royalty:${year}-Q4`)).toMatchObject({
      amountFen: 3_000_000,
      dueOn: `${year + 1}-01-30`,
      settled: false,
    });

    await atServerTime(
      {
        type: 'RecordPayment',
        licenceId: caseId,
        paymentId: 'p-1',
        item: { kind: 'royalty', period: `${year}-Q4` },
        amountFen: 3_000_000,
        receivedOn: reportedOn,
        evidence: { summary: '银行回单', documentSha256: [sha('d')] },
      },
      { userId: 'wu.finance', role: 'finance' },
    );
    const paid = await eventually(async () => {
      const res = await http().get(`/licences/${caseId}`).set(finance);
      return res.body.receivedFen === 3_000_000 ? res.body : undefined;
    });
    expect(paid.dueItems.find((i: any) => i.itemKey === `royalty:${year}-Q4`)).toMatchObject({ paidFen: 3_000_000, settled: true });

    const ledger = await eventually(async () => {
      const res = await http().get(`/achievements/${achievementId}/income`).set(finance);
      return res.status === 200 && res.body.lines?.length === 1 ? res.body : undefined;
    });
    expect(JSON.stringify(ledger)).toContain('"source":"license"');
    expect(JSON.stringify(ledger)).toContain(caseId);

    // The auditor's timeline of the achievement holds the licence's events beside the case's.
    const timeline = await eventually(async () => {
      const res = await http().get(`/audit/achievements/${achievementId}/timeline`).set(auditor);
      return res.status === 200 && res.body.streams.includes(`licence-${caseId}`) ? res.body : undefined;
    });
    expect(timeline.events.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['LicenceRecorded', 'LicenceTookEffect', 'RoyaltyReportRecorded', 'LicencePaymentReceived']),
    );
  });
});
