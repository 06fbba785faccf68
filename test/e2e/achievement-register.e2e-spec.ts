import { INestApplication } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { addMonths } from '@chengguo/achievement-register';
import { shanghaiDate } from '@chengguo/kernel';
import { Client, Connection } from '@temporalio/client';
import { annuityStatusQuery, annuityWorkflowId } from '../../workflows/achievement-register/annuity.contract';
import { RunningApps, startApps } from '../fixtures/apps';
import { as, disclosureContent, disclosureDecided, eventually } from '../fixtures/http-flows';

/**
 * The achievement register (台账, R12) over HTTP, on real PostgreSQL and the Temporal dev server
 * with the worker running: a submitted disclosure enters the register through the worker's
 * reaction and projection; the TTO registers, reclassifies and records rights with evidence; the
 * ledger filters, pages, exports and shows each caller only what they may see.
 */
describe('achievement register over HTTP (R12)', () => {
  let apps: RunningApps;
  let api: INestApplication;

  const tto = as('wang.tto', 'tto_officer'); // internal clearance, as most staff
  const ttoCleared = as('wang.tto', 'tto_officer', 'commercial_secret');
  const leader = as('sun', 'unit_leader');
  const auditor = as('audit.chen', 'auditor');
  const li = as('li.lei', 'inventor');
  const zhou = as('zhou.inv', 'inventor');
  const stranger = as('zhao', 'inventor');

  const sha = (c: string) => c.repeat(64);
  const evidence = { summary: '2019 年专利证书及登记簿扫描件', documentSha256: [sha('a'), sha('b')] };
  const existing = {
    kind: 'invention_patent',
    title: '一种青稞秸秆生物质炭制备方法',
    inventors: [
      { userId: 'li.lei', name: '李雷', shareBasisPoints: 5000 },
      { userId: 'wu.inv', name: '吴', shareBasisPoints: 5000 },
    ],
    classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
    evidence,
  };
  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

  // Filled in as the scenario goes: A submitted disclosure, B the TTO's existing patent, C a disclosure decided "file".
  let disclosedA: string;
  let existingB: string;
  let decidedC: string;
  const softwareIds: string[] = [];

  beforeAll(async () => {
    apps = await startApps('e2eregister');
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
  const row = (id: string, viewer: Record<string, string>, until: (body: any) => boolean = () => true) =>
    eventually(async () => {
      const res = await http().get(`/achievements/${id}`).set(viewer);
      return res.status === 200 && until(res.body) ? res.body : undefined;
    });
  const ids = (res: request.Response): string[] => res.body.items.map((i: any) => i.achievementId);

  async function eventTypes(achievementId: string): Promise<string[]> {
    const pg = new PgClient({ connectionString: apps.databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ event_type: string }>(
        'SELECT event_type FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision',
        [`achievement-${achievementId}`],
      );
      return rows.map((r) => r.event_type);
    } finally {
      await pg.end();
    }
  }

  it('registers a submitted disclosure under its id, with its inventors and classification (the worker’s reaction and projection)', async () => {
    const inventors = [
      { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
      { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
    ];
    const drafted = await http()
      .post('/disclosures')
      .set(li)
      .send({ ...disclosureContent(inventors), title: '一种高原冻土监测传感器' })
      .expect(201);
    disclosedA = drafted.body.disclosureId;
    await http().post(`/disclosures/${disclosedA}/submission`).set(li).expect(200);

    const registered = await row(disclosedA, tto);
    expect(registered).toMatchObject({
      achievementId: disclosedA,
      title: '一种高原冻土监测传感器',
      kind: null,
      status: 'disclosed',
      owner: { kind: 'unit' },
      inventors,
      classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
      r5FilingRequired: false,
      disclosureId: disclosedA,
      origin: { kind: 'disclosure', disclosureId: disclosedA, submittedBy: 'li.lei' },
      irregularityCount: 0,
    });
    expect(await eventTypes(disclosedA)).toEqual(['AchievementRegistered']);
  });

  it('lets the TTO register an existing achievement with evidence; a retry with the same Idempotency-Key lands on the same id', async () => {
    const key = `register-existing-${Date.now()}`;
    const first = await http().post('/achievements').set(tto).set('Idempotency-Key', key).send(existing).expect(201);
    existingB = first.body.achievementId;
    expect(first.headers.location).toBe(`/achievements/${existingB}`);
    expect(first.body).toMatchObject({ streamId: `achievement-${existingB}`, revision: 0, eventIds: [expect.any(String)] });
    const again = await http().post('/achievements').set(tto).set('Idempotency-Key', key).send(existing).expect(201);
    expect(again.body).toEqual(first.body);

    const shown = await row(existingB, tto);
    expect(shown).toMatchObject({
      kind: 'invention_patent',
      status: 'to_be_filed',
      rights: { patentKind: 'invention_patent', applicationNumber: null, patentNumber: null },
      origin: { kind: 'existing', registeredBy: 'wang.tto', evidence },
      disclosureId: null,
    });
    expect(await eventTypes(existingB)).toEqual(['AchievementRegistered']);
  });

  it('refuses registrations and reclassifications without evidence, with bad shares, unknown fields or an unknown id, and appends nothing', async () => {
    const before = await apps.eventCount();
    const { evidence: _omitted, ...withoutEvidence } = existing;

    const noEvidence = await http().post('/achievements').set(tto).send(withoutEvidence).expect(422);
    expect(problem(noEvidence).code).toBe('R12_EVIDENCE_REQUIRED');
    const emptyEvidence = await http()
      .post('/achievements')
      .set(tto)
      .send({ ...existing, evidence: { summary: '  ', documentSha256: [sha('c')] } })
      .expect(422);
    expect(problem(emptyEvidence).code).toBe('R12_EVIDENCE_REQUIRED');
    const badShares = await http()
      .post('/achievements')
      .set(tto)
      .send({ ...existing, inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 9000 }] })
      .expect(422);
    expect(problem(badShares)).toMatchObject({ code: 'R12_SHARES_NOT_100_PERCENT', totalBasisPoints: 9000 });
    const unknownField = await http()
      .post('/achievements')
      .set(tto)
      .send({ ...existing, owner: 'me' })
      .expect(422);
    expect(problem(unknownField).code).toBe('VALIDATION_FAILED');
    const notAHash = await http()
      .post('/achievements')
      .set(tto)
      .send({ ...existing, evidence: { summary: 'x', documentSha256: ['abc'] } })
      .expect(422);
    expect(problem(notAHash).code).toBe('VALIDATION_FAILED');
    await http().post('/achievements').set(li).send(existing).expect(403);

    const raise = { classification: { confidentiality: 'commercial_secret', nationalSecurity: false, keyCoreTechnology: false } };
    const reclassifyWithoutEvidence = await http()
      .post(`/achievements/${existingB}/classification`)
      .set(tto)
      .send({ ...raise, reason: '与企业签订保密协议' })
      .expect(422);
    expect(problem(reclassifyWithoutEvidence).code).toBe('R12_EVIDENCE_REQUIRED');
    const withoutReason = await http()
      .post(`/achievements/${existingB}/classification`)
      .set(tto)
      .send({ ...raise, reason: '', evidence })
      .expect(422);
    expect(problem(withoutReason).code).toBe('R12_REASON_REQUIRED');
    const unknown = await http()
      .post('/achievements/00000000-0000-4000-8000-00000000abcd/classification')
      .set(tto)
      .send({ ...raise, reason: 'x', evidence })
      .expect(404);
    expect(problem(unknown).code).toBe('ACHIEVEMENT_NOT_REGISTERED');

    expect(await apps.eventCount()).toBe(before);
  });

  it('reclassifies with reason and evidence, records the application and the grant; a second, different application number is refused', async () => {
    const reclassified = await http()
      .post(`/achievements/${existingB}/classification`)
      .set(tto)
      .set('If-Match', '"0"')
      .send({
        classification: { confidentiality: 'commercial_secret', nationalSecurity: false, keyCoreTechnology: false },
        reason: '与企业签订保密协议，工艺参数须保密',
        evidence,
      })
      .expect(200);
    expect(reclassified.body).toMatchObject({ revision: 1, eventIds: [expect.any(String)] });

    const application = { patentKind: 'invention_patent', applicationNumber: 'CN201910000001.2', filingDate: '2019-03-01', evidence };
    await http().post(`/achievements/${existingB}/patent-application`).set(tto).send(application).expect(200);
    const before = await apps.eventCount();
    const second = await http()
      .post(`/achievements/${existingB}/patent-application`)
      .set(tto)
      .send({ ...application, applicationNumber: 'CN202010000009.9' })
      .expect(409);
    expect(problem(second)).toMatchObject({ code: 'R12_RIGHT_ALREADY_RECORDED', recorded: 'CN201910000001.2' });
    // The same number again is the fact the register already holds: accepted, nothing appended.
    const same = await http().post(`/achievements/${existingB}/patent-application`).set(tto).send(application).expect(200);
    expect(same.body.eventIds).toEqual([]);
    const noEvidence = await http()
      .post(`/achievements/${existingB}/patent-grant`)
      .set(tto)
      .send({ patentNumber: 'ZL201910000001.2', grantDate: '2021-06-18' })
      .expect(422);
    expect(problem(noEvidence).code).toBe('R12_EVIDENCE_REQUIRED');
    expect(await apps.eventCount()).toBe(before);

    await http()
      .post(`/achievements/${existingB}/patent-grant`)
      .set(tto)
      .send({ patentNumber: 'ZL201910000001.2', grantDate: '2021-06-18', evidence })
      .expect(200);

    const granted = await row(existingB, ttoCleared, (b) => b.status === 'granted');
    expect(granted).toMatchObject({
      classification: { confidentiality: 'commercial_secret' },
      rights: {
        patentKind: 'invention_patent',
        applicationNumber: 'CN201910000001.2',
        filingDate: '2019-03-01',
        patentNumber: 'ZL201910000001.2',
        grantDate: '2021-06-18',
      },
      revision: 3,
    });
    expect(await eventTypes(existingB)).toEqual([
      'AchievementRegistered',
      'AchievementReclassified',
      'PatentApplicationRecorded',
      'PatentGrantRecorded',
    ]);
  });

  it('refuses to lower the classification while a transfer case is open on the achievement (R5), but lets it be raised', async () => {
    ({ disclosureId: decidedC } = await disclosureDecided(api, { decision: 'file', leader }));
    await row(decidedC, tto, (b) => b.status === 'to_be_filed');
    const opened = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({ achievementId: decidedC, mode: { kind: 'transfer' }, pricingMethod: 'auction', proposedPriceFen: 30_000_000 })
      .expect(201);
    const caseId: string = opened.body.caseId;
    await row(decidedC, tto, (b) => b.openCaseIds.includes(caseId));

    const before = await apps.eventCount();
    const lowered = await http()
      .post(`/achievements/${decidedC}/classification`)
      .set(tto)
      .send({
        classification: { confidentiality: 'public', nationalSecurity: false, keyCoreTechnology: false },
        reason: '已公开发表',
        evidence,
      })
      .expect(409);
    expect(problem(lowered)).toMatchObject({ code: 'R5_CLASSIFICATION_LOCKED_WHILE_CASE_OPEN', openCaseIds: [caseId] });
    expect(await apps.eventCount()).toBe(before);

    await http()
      .post(`/achievements/${decidedC}/classification`)
      .set(tto)
      .send({
        classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: true },
        reason: '列入关键核心技术目录',
        evidence,
      })
      .expect(200);
    // Key core technology demands a commercial-secret clearance of its readers (the read policy).
    await row(decidedC, ttoCleared, (b) => b.r5FilingRequired === true);
    await http().get(`/achievements/${decidedC}`).set(tto).expect(404);
  }, 180_000);

  it('filters the ledger, pages it with an opaque cursor, and refuses bad query parameters with problem+json', async () => {
    for (const n of [1, 2, 3]) {
      const res = await http()
        .post('/achievements')
        .set(tto)
        .send({
          kind: 'software_copyright',
          title: n === 2 ? '=HYPERLINK("http://evil","点我"), 版本 2' : `雪域气象数据平台 V${n}.0`,
          inventors: [{ userId: 'zhou.inv', name: '周', shareBasisPoints: 10000 }],
          classification: { confidentiality: 'public', nationalSecurity: false, keyCoreTechnology: false },
          evidence,
        })
        .expect(201);
      softwareIds.push(res.body.achievementId);
    }
    await eventually(async () => {
      const res = await http().get('/achievements?kind=software_copyright').set(tto);
      return res.body.items?.length === 3 ? true : undefined;
    });

    // Newest registration first; the cursor continues exactly where the page ended.
    const page1 = await http().get('/achievements?kind=software_copyright&limit=2').set(tto).expect(200);
    expect(ids(page1)).toEqual([softwareIds[2], softwareIds[1]]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await http()
      .get('/achievements')
      .query({ kind: 'software_copyright', limit: 2, cursor: page1.body.nextCursor })
      .set(tto)
      .expect(200);
    expect(ids(page2)).toEqual([softwareIds[0]]);
    expect(page2.body.nextCursor).toBeNull();

    const cleared = (query: Record<string, string>) => http().get('/achievements').query(query).set(ttoCleared).expect(200).then(ids);
    expect(await cleared({ status: 'granted' })).toEqual([existingB]);
    expect(await cleared({ r5FilingRequired: 'true' })).toEqual([decidedC]);
    expect(await cleared({ confidentiality: 'commercial_secret' })).toEqual([existingB]);
    expect((await cleared({ inventor: 'zhou.inv' })).sort()).toEqual([...softwareIds].sort());
    expect((await cleared({ kind: 'invention_patent', inventor: 'li.lei' })).sort()).toEqual([existingB]);
    expect((await cleared({ year: String(thisYear) })).sort()).toEqual([disclosedA, existingB, decidedC, ...softwareIds].sort());
    expect(await cleared({ year: '2001' })).toEqual([]);

    const before = await apps.eventCount();
    for (const [query, code] of [
      ['limit=0', 'VALIDATION_FAILED'],
      ['limit=201', 'VALIDATION_FAILED'],
      ['limit=abc', 'VALIDATION_FAILED'],
      ['limit=1&limit=2', 'VALIDATION_FAILED'],
      ['kind=spaceship', 'VALIDATION_FAILED'],
      ['status=lost', 'VALIDATION_FAILED'],
      ['year=99', 'VALIDATION_FAILED'],
      ['r5FilingRequired=yes', 'VALIDATION_FAILED'],
      ['inventor=%27%3B%20DROP%20TABLE', 'VALIDATION_FAILED'],
      ['department=physics', 'VALIDATION_FAILED'],
      ['cursor=not-a-cursor', 'LEDGER_CURSOR_INVALID'],
    ]) {
      const res = await http().get(`/achievements?${query}`).set(tto);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 422, code });
      problem(res);
    }
    const csvWithCursor = await http().get('/achievements/export.csv?cursor=x').set(tto).expect(422);
    expect(problem(csvWithCursor).code).toBe('VALIDATION_FAILED');
    const badId = await http().get('/achievements/not-a-uuid').set(tto).expect(422);
    problem(badId);
    expect(await apps.eventCount()).toBe(before);
  });

  it('exports the filtered ledger as CSV: UTF-8 with BOM, a header row, RFC 4180 quoting, formulas defused', async () => {
    const res = await http()
      .get('/achievements/export.csv?kind=software_copyright')
      .set(tto)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="achievement-ledger.csv"');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['achievementId', 'title', 'kind', 'status']);
    expect(lines.slice(1, -1)).toHaveLength(3);
    expect(lines[lines.length - 1]).toBe('');
    expect(lines[1]).toContain(`${softwareIds[2]},雪域气象数据平台 V3.0,software_copyright,to_be_filed`);
    expect(lines[2]).toContain(`${softwareIds[1]},"'=HYPERLINK(""http://evil"",""点我""), 版本 2",software_copyright,`);
    expect(lines[2]).toContain(',周 (zhou.inv) 100.00%,public,');
  });

  it('shows an inventor only the achievements naming them, whatever filter they send', async () => {
    const zhous = await http().get('/achievements').set(zhou).expect(200);
    expect(ids(zhous).sort()).toEqual([...softwareIds].sort());
    expect(ids(await http().get('/achievements?inventor=me').set(zhou).expect(200)).sort()).toEqual([...softwareIds].sort());
    expect(ids(await http().get('/achievements?inventor=li.lei').set(zhou).expect(200))).toEqual([]);
    expect(ids(await http().get('/achievements').set(stranger).expect(200))).toEqual([]);
    const notTheirs = await http().get(`/achievements/${existingB}`).set(zhou).expect(404);
    expect(problem(notTheirs).code).toBe('ACHIEVEMENT_NOT_FOUND');
    const csv = await http().get('/achievements/export.csv').set(stranger).expect(200);
    expect(
      csv.text
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean),
    ).toHaveLength(1); // the header only

    // Li is an inventor of the commercial secret: his own achievement is not hidden from him.
    expect(ids(await http().get('/achievements?inventor=me').set(li).expect(200)).sort()).toEqual([disclosedA, existingB, decidedC].sort());
    await http().get(`/achievements/${existingB}`).set(li).expect(200);
  });

  it('hides a commercial-secret achievement from a viewer without the clearance, in the list, the export and by id', async () => {
    for (const viewer of [tto, auditor]) {
      const listed = ids(await http().get('/achievements?limit=200').set(viewer).expect(200));
      expect(listed).not.toContain(existingB);
      expect(listed).toContain(disclosedA);
      const notFound = await http().get(`/achievements/${existingB}`).set(viewer).expect(404);
      expect(problem(notFound).code).toBe('ACHIEVEMENT_NOT_FOUND');
      const csv = await http().get('/achievements/export.csv').set(viewer).expect(200);
      expect(csv.text).not.toContain(existingB);
      expect(csv.text).toContain(disclosedA);
    }
    expect(ids(await http().get('/achievements?limit=200').set(ttoCleared).expect(200))).toContain(existingB);
    await http()
      .get(`/achievements/${existingB}`)
      .set(as('audit.lin', 'auditor', 'commercial_secret'))
      .expect(200);
  });

  it('lets the TTO withdraw an achievement with reason and evidence, but not one with an open transfer case (R5)', async () => {
    const before = await apps.eventCount();
    const withoutEvidence = await http()
      .post(`/achievements/${softwareIds[0]}/withdrawal`)
      .set(tto)
      .send({ reason: '登记有误' })
      .expect(422);
    expect(problem(withoutEvidence).code).toBe('R12_EVIDENCE_REQUIRED');
    const caseOpen = await http().post(`/achievements/${decidedC}/withdrawal`).set(tto).send({ reason: '登记有误', evidence }).expect(409);
    expect(problem(caseOpen).code).toBe('R5_TRANSFORMATION_CASE_OPEN');
    expect(await apps.eventCount()).toBe(before);

    await http().post(`/achievements/${softwareIds[0]}/withdrawal`).set(tto).send({ reason: '与 V2.0 重复登记', evidence }).expect(200);
    await row(softwareIds[0], tto, (b) => b.status === 'withdrawn');
    expect(await eventTypes(softwareIds[0])).toEqual(['AchievementRegistered', 'AchievementWithdrawn']);
    expect(ids(await http().get('/achievements?status=withdrawn').set(tto).expect(200))).toEqual([softwareIds[0]]);
  });

  it('rights maintenance (R12): the ledger shows the next due date; the TTO records the fee; letting the right lapse is signed off without the proposer (R4, R13)', async () => {
    // A granted invention patent whose fifth-year fee falls due in two months (filed four years before).
    const due5 = addMonths(shanghaiDate(new Date()), 2);
    const due6 = addMonths(due5, 12);
    const filingDate = addMonths(due5, -48);
    const rights = { applicationNumber: 'CN-E2E-ANN-1', filingDate, grantDate: addMonths(filingDate, 40), patentNumber: 'ZL-E2E-ANN-1' };
    const created = await http()
      .post('/achievements')
      .set(tto)
      .send({ ...existing, title: '高原冻土路基保温结构', rights })
      .expect(201);
    const id: string = created.body.achievementId;
    const due = await row(id, tto);
    expect(due).toMatchObject({ status: 'granted', nextDueDate: due5, annuityStatus: 'due' });
    // The worker's reaction started the right's annuity workflow, which waits for the first reminder.
    const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
    const workflow = new Client({ connection }).workflow.getHandle(annuityWorkflowId(id));
    const waiting = await eventually(async () => {
      const status = await workflow.query(annuityStatusQuery).catch(() => null);
      return status?.current ? status : undefined;
    });
    expect(waiting.current).toMatchObject({ year: 5, dueDate: due5, reminderLeadDays: [90, 30, 7] });
    expect(due.annuities).toMatchObject({ status: 'due', nextDueDate: due5, graceEndsOn: addMonths(due5, 6), paid: [], lapse: null });

    const payment = { year: 5, amountFen: 120_000, paidOn: shanghaiDate(new Date()), evidence };
    const before = await apps.eventCount();
    const outOfOrder = await http()
      .post(`/achievements/${id}/annuities/payments`)
      .set(tto)
      .send({ ...payment, year: 6 })
      .expect(409);
    expect(problem(outOfOrder)).toMatchObject({ code: 'R12_ANNUITY_YEAR_NOT_NEXT', year: 6, nextYear: 5 });
    const noReceipt = await http()
      .post(`/achievements/${id}/annuities/payments`)
      .set(tto)
      .send({ ...payment, evidence: undefined })
      .expect(422);
    expect(problem(noReceipt).code).toBe('R12_EVIDENCE_REQUIRED');
    await http().post(`/achievements/${id}/annuities/payments`).set(leader).send(payment).expect(403);
    const fraction = await http()
      .post(`/achievements/${id}/annuities/payments`)
      .set(tto)
      .send({ ...payment, amountFen: 12.5 })
      .expect(422);
    expect(problem(fraction).code).toBe('VALIDATION_FAILED');
    expect(await apps.eventCount()).toBe(before);

    await http().post(`/achievements/${id}/annuities/payments`).set(tto).send(payment).expect(200);
    const paid = await row(id, tto, (b) => b.nextDueDate === due6);
    expect(paid.annuities.paid).toEqual([{ year: 5, amountFen: 120_000, lateFeeFen: 0, paidOn: payment.paidOn }]);

    // Letting the right lapse: proposed by the TTO, decided through the right-lapse sign-off.
    await http()
      .post(`/achievements/${id}/annuities/lapse-proposal`)
      .set(tto)
      .send({ reason: '技术已被替代 / superseded', evidence })
      .expect(200);
    const proposed = await row(id, tto, (b) => b.annuityStatus === 'lapse_proposed');
    expect(proposed.annuities.lapseProposal).toEqual({ year: 6, reason: '技术已被替代 / superseded', proposedBy: 'wang.tto' });
    expect(proposed.annuities.lapseSignOff).toMatchObject({ streamId: `achievement-${id}`, signOffId: 'right-lapse', status: 'open' });
    const blocked = await http()
      .post(`/achievements/${id}/annuities/payments`)
      .set(tto)
      .send({ ...payment, year: 6 })
      .expect(409);
    expect(problem(blocked).code).toBe('R12_LAPSE_PROPOSAL_OPEN');
    const signatures = `/sign-offs/achievement-${id}/right-lapse/signatures`;
    const termsHash = proposed.annuities.lapseSignOff.termsHash;
    const proposerSigns = await http().post(signatures).set(tto).send({ termsHash }).expect(403);
    expect(problem(proposerSigns).code).toBe('R4_CONFLICT_OF_INTEREST');
    for (const signer of [as('ma.tto', 'tto_officer'), as('zhou.legal', 'legal'), leader]) {
      await http().post(signatures).set(signer).send({ termsHash }).expect(200);
    }
    const lapsed = await row(id, tto, (b) => b.status === 'lapsed');
    expect(lapsed).toMatchObject({ annuityStatus: 'lapsed', nextDueDate: null });
    expect(lapsed.annuities.lapse).toEqual({ year: 6, cause: 'abandoned', effectiveFrom: due6 });
    expect(await eventTypes(id)).toEqual([
      'AchievementRegistered',
      'AnnuityPaid',
      'RightLapseProposed',
      'SignOffRoundOpened',
      'SignOffSigned',
      'SignOffSigned',
      'SignOffSigned',
      'SignOffRoundClosed',
      'RightLapsed',
    ]);
    expect(ids(await http().get('/achievements?status=lapsed').set(tto).expect(200))).toEqual([id]);
    // The lapse ends the right's annuity workflow.
    expect(await workflow.result()).toMatchObject({ ended: true, current: null, remindersSent: [] });
    await connection.close();
  });

  it('lets the TTO withdraw a disclosed achievement with reason and evidence (R12), which nobody can then transform', async () => {
    const drafted = await http()
      .post('/disclosures')
      .set(zhou)
      .send({ ...disclosureContent([{ userId: 'zhou.inv', name: '周', shareBasisPoints: 10000 }]), title: '一种非职务的茶具' })
      .expect(201);
    const id: string = drafted.body.disclosureId;
    await http().post(`/disclosures/${id}/submission`).set(zhou).expect(200);
    await row(id, tto);

    await http().post(`/achievements/${id}/withdrawal`).set(leader).send({ reason: '非职务成果', evidence }).expect(403);
    await http().post(`/achievements/${id}/withdrawal`).set(tto).send({ reason: '非职务成果 / not job-related', evidence }).expect(200);
    await row(id, tto, (b) => b.status === 'withdrawn');
    const pg = new PgClient({ connectionString: apps.databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ data: any }>(
        "SELECT data FROM event_store.events WHERE stream_id = $1 AND event_type = 'AchievementWithdrawn'",
        [`achievement-${id}`],
      );
      expect(rows.map((r) => r.data)).toEqual([
        expect.objectContaining({ reason: '非职务成果 / not job-related', provenance: { kind: 'tto', userId: 'wang.tto', evidence } }),
      ]);
    } finally {
      await pg.end();
    }
    const refused = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({
        achievementId: id,
        mode: { kind: 'transfer' },
        pricingMethod: 'listing',
        proposedPriceFen: 1_000_000,
      });
    expect(refused.status).toBe(409);
    expect(problem(refused)).toMatchObject({ code: 'R5_ACHIEVEMENT_NOT_TRANSFORMABLE', currentStatus: 'withdrawn' });
  });
});
