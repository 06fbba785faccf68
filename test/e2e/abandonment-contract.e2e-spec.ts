import { INestApplication } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { as, disclosureDecided, eventually, signOff } from '../fixtures/http-flows';

/** R3 over HTTP: a "do not file" decision → contract opened by the worker → signed → filing, fees and revenue. */
describe('patent-abandonment contract over HTTP', () => {
  let apps: RunningApps;
  let api: INestApplication;
  let databaseUrl: string;
  const li = as('li.lei', 'inventor');
  const han = as('han.meimei', 'inventor');
  const tto = as('wang.tto', 'tto_officer');
  const legal = as('zhou.legal', 'legal');
  const leader = as('sun', 'unit_leader');

  beforeAll(async () => {
    apps = await startApps('e2econtract', { env: { UNIT_NAME: '西藏某大学' } });
    ({ api, databaseUrl } = apps);
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  it('runs from the decision to an executed contract and two revenue reports', async () => {
    const { disclosureId, evaluationId } = await disclosureDecided(api, { decision: 'do_not_file', leader });
    const contract = await eventually(async () => {
      const res = await http().get(`/contracts/${disclosureId}`).set(tto);
      return res.status === 200 ? res.body : undefined;
    });
    expect(contract).toMatchObject({
      status: 'negotiating',
      evaluationEventId: evaluationId,
      terms: { feeBearer: 'inventors', unitShareBasisPoints: 3000, unitName: '西藏某大学', rightTransferred: 'patent_application_right' },
    });

    // Negotiation: the TTO lowers the unit share to 25%; the signature round restarts on the new terms.
    await http().post(`/contracts/${disclosureId}/terms`).set(tto).send({ unitShareBasisPoints: 2500 }).expect(200);
    const streamId = `abandonment-contract-${disclosureId}`;
    await eventually(async () =>
      (await http().get(`/sign-offs/${streamId}/contract-signature`).set(tto)).body.round === 2 ? true : undefined,
    );
    const stranger = await http()
      .post(`/sign-offs/${streamId}/contract-signature/signatures`)
      .set(as('zhao', 'inventor'))
      .send({ termsHash: 'a'.repeat(64) });
    expect(stranger.status).toBe(409); // the stale hash is checked first, and names the current one
    expect(stranger.body.currentTermsHash).toMatch(/^[0-9a-f]{64}$/);
    // The contract's view names the round its parties sign and the hash of the terms as they stand.
    const round = (await http().get(`/sign-offs/${streamId}/contract-signature`).set(tto)).body;
    await eventually(async () => {
      const { signature } = (await http().get(`/contracts/${disclosureId}`).set(li)).body;
      return signature?.signOffId === 'contract-signature' && signature.termsHash === round.termsHash ? true : undefined;
    });
    for (const party of [li, han, tto, legal, leader]) await signOff(api, streamId, 'contract-signature', party);
    await eventually(async () => ((await http().get(`/contracts/${disclosureId}`).set(li)).body.status === 'executed' ? true : undefined));

    await http()
      .post(`/contracts/${disclosureId}/patent-application`)
      .set(li)
      .send({ applicationNumber: 'CN202610000001.X', filedOn: '2026-06-01' })
      .expect(200);
    await http()
      .post(`/contracts/${disclosureId}/fees`)
      .set(han)
      .send({ kind: 'application', amountFen: 95_000, paidOn: '2026-06-01', evidenceSha256: 'e'.repeat(64) })
      .expect(200);
    await http()
      .post(`/contracts/${disclosureId}/fees`)
      .set(han)
      .send({ kind: 'agency', amountFen: 200_000, paidOn: '2026-06-01', evidenceSha256: 'f'.repeat(64) })
      .expect(200);
    await http()
      .post(`/contracts/${disclosureId}/revenue-reports`)
      .set(li)
      .send({ periodStart: '2027-01-01', periodEnd: '2027-06-30', revenueFen: 60_000 })
      .expect(200);
    await http()
      .post(`/contracts/${disclosureId}/revenue-reports`)
      .set(li)
      .send({ periodStart: '2027-07-01', periodEnd: '2027-12-31', revenueFen: 1_000_001 })
      .expect(200);
    const overlap = await http()
      .post(`/contracts/${disclosureId}/revenue-reports`)
      .set(li)
      .send({ periodStart: '2027-12-01', periodEnd: '2028-01-31', revenueFen: 1 })
      .expect(409);
    expect(overlap.body.code).toBe('R3_REVENUE_PERIOD_OVERLAPS');

    let ledger = await eventually(async () => {
      const res = await http().get(`/contracts/${disclosureId}/revenue-ledger`).set(leader);
      return res.body.reports?.length === 2 ? res.body : undefined;
    });
    // Report 1: 600 yuan revenue against 950 yuan deductible fees → nothing owed, 350 yuan carried.
    // Report 2: 10,000.01 yuan − 350 carried = 9,650.01 yuan net × 25% = 2,412.5025 → 2,412.50 yuan.
    expect(
      ledger.reports.map((r: Record<string, number>) => [r.deductedFen, r.netRevenueFen, r.unitShareFen, r.costsCarriedForwardFen]),
    ).toEqual([
      [60_000, 0, 0, 35_000],
      [35_000, 965_001, 241_250, 0],
    ]);
    expect(ledger.totals).toEqual({
      revenueFen: 1_060_001,
      deductibleCostsFen: 95_000,
      deductedFen: 95_000,
      costsCarriedForwardFen: 0,
      unitShareFen: 241_250,
    });

    // A receipt dated inside the first period, recorded late: it counts for the period it was paid in,
    // and the ledger appends corrections instead of rewriting the reports (R3).
    await http()
      .post(`/contracts/${disclosureId}/fees`)
      .set(han)
      .send({ kind: 'annual_maintenance', amountFen: 10_000, paidOn: '2027-03-01', evidenceSha256: 'a'.repeat(64) })
      .expect(200);
    ledger = await eventually(async () => {
      const res = await http().get(`/contracts/${disclosureId}/revenue-ledger`).set(leader);
      return res.body.entries?.length === 4 ? res.body : undefined;
    });
    expect(ledger.entries.map((e: { entry: string; unitShareChangeFen: number }) => [e.entry, e.unitShareChangeFen])).toEqual([
      ['report', 0],
      ['report', 241_250],
      ['correction', 0],
      ['correction', -2_500],
    ]);
    expect(ledger.entries[3].cause).toEqual({
      kind: 'fee_recorded',
      costKind: 'annual_maintenance',
      paidOn: '2027-03-01',
      amountFen: 10_000,
    });
    // Report 1: 1,050 yuan paid by its end, 600 deducted, 450 carried. Report 2: 9,550.01 net × 25% → 2,387.50 yuan.
    expect(
      ledger.reports.map((r: Record<string, number>) => [r.deductedFen, r.netRevenueFen, r.unitShareFen, r.costsCarriedForwardFen]),
    ).toEqual([
      [60_000, 0, 0, 45_000],
      [45_000, 955_001, 238_750, 0],
    ]);
    expect(ledger.totals).toEqual({
      revenueFen: 1_060_001,
      deductibleCostsFen: 105_000,
      deductedFen: 105_000,
      costsCarriedForwardFen: 0,
      unitShareFen: 238_750,
    });

    // One decision, one contract: the stream was opened exactly once.
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    const { rows } = await pg.query(
      "SELECT count(*)::int AS n FROM event_store.events WHERE stream_id = $1 AND event_type = 'AbandonmentContractOpened'",
      [streamId],
    );
    await pg.end();
    expect(rows[0].n).toBe(1);

    const list = await http().get('/contracts?status=executed').set(tto).expect(200);
    expect(list.body.items.map((c: { contractId: string }) => c.contractId)).toContain(disclosureId);
    await http().get(`/contracts/${disclosureId}`).set(as('zhao', 'inventor')).expect(404);
  });

  it('ends the obligations only when the TTO confirms an inventor’s request with evidence; earlier revenue is still owed', async () => {
    const { disclosureId } = await disclosureDecided(api, { decision: 'do_not_file', leader });
    const streamId = `abandonment-contract-${disclosureId}`;
    for (const party of [li, han, tto, legal, leader]) await signOff(api, streamId, 'contract-signature', party);
    await eventually(async () => ((await http().get(`/contracts/${disclosureId}`).set(li)).body.status === 'executed' ? true : undefined));
    const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const endsOn = day(-1);
    await http()
      .post(`/contracts/${disclosureId}/patent-application`)
      .set(li)
      .send({ applicationNumber: 'CN202610000002.X', filedOn: day(-30) })
      .expect(200);

    const noEvidence = await http()
      .post(`/contracts/${disclosureId}/end-of-obligations`)
      .set(li)
      .send({ cause: 'application_rejected', endsOn, evidence: { summary: '驳回', documentSha256: [] } })
      .expect(422);
    expect(noEvidence.body.code).toBe('R3_END_OF_OBLIGATIONS_EVIDENCE_REQUIRED');
    await http()
      .post(`/contracts/${disclosureId}/end-of-obligations`)
      .set(li)
      .send({ cause: 'application_rejected', endsOn, evidence: { summary: '国家知识产权局驳回决定书', documentSha256: ['d'.repeat(64)] } })
      .expect(200);

    // The inventor alone ends nothing: the contract stays executed until the TTO confirms.
    const requested = await eventually(async () => {
      const res = await http().get(`/contracts/${disclosureId}`).set(tto);
      return res.body.endOfObligations?.status === 'requested' ? res.body : undefined;
    });
    expect(requested).toMatchObject({
      status: 'executed',
      endOfObligations: { cause: 'application_rejected', endsOn, signOffId: 'obligations-end-confirmation' },
    });
    await http()
      .post(`/sign-offs/${streamId}/obligations-end-confirmation/signatures`)
      .set(li)
      .send({ termsHash: requested.endOfObligations.termsHash })
      .expect(403);
    await signOff(api, streamId, 'obligations-end-confirmation', tto);
    await eventually(async () => ((await http().get(`/contracts/${disclosureId}`).set(li)).body.status === 'ended' ? true : undefined));

    // Revenue earned up to the end date is still reported and owed; later periods are not.
    await http()
      .post(`/contracts/${disclosureId}/revenue-reports`)
      .set(li)
      .send({ periodStart: day(-30), periodEnd: endsOn, revenueFen: 100_000 })
      .expect(200);
    const after = await http()
      .post(`/contracts/${disclosureId}/revenue-reports`)
      .set(li)
      .send({ periodStart: day(0), periodEnd: day(0), revenueFen: 1 })
      .expect(409);
    expect(after.body.code).toBe('R3_OBLIGATIONS_ENDED');
    const ledger = await eventually(async () => {
      const res = await http().get(`/contracts/${disclosureId}/revenue-ledger`).set(tto);
      return res.body.reports?.length === 1 ? res.body : undefined;
    });
    expect(ledger.totals.unitShareFen).toBe(30_000);
  });
});
