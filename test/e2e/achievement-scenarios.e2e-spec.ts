import { addMonths } from '@chengguo/achievement-register';
import { PostgresEventStore } from '@chengguo/eventstore';
import { shanghaiDate } from '@chengguo/kernel';
import { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { as, disclosureDecided, eventually, registerShows, signOff } from '../fixtures/http-flows';
import { startAppsOnTimeSkippingServer, TimeSkippingApps } from '../fixtures/apps';

/**
 * Two achievements from disclosure to their last process, over HTTP with the api and worker apps on
 * PostgreSQL and Temporal's time-skipping server (the 15-day publicity passes in a moment). Each
 * ends with the auditor's timeline (ADR 17): exactly the streams that acted on the achievement, every
 * event of them in commit order, joined by the achievement id their metadata carries.
 */
describe('achievement scenarios end to end (R1–R13)', () => {
  let apps: TimeSkippingApps;
  let env: TestWorkflowEnvironment;
  let api: INestApplication;
  let store: PostgresEventStore;
  let pg: PgClient;

  const DAY = 24 * 60 * 60 * 1000;
  const li = as('li.lei', 'inventor');
  const han = as('han.meimei', 'inventor');
  const tto = as('wang.tto', 'tto_officer');
  /** Approves for the TTO head: the officer who opens a case may not approve it (R4, R13). */
  const ttoHead = as('zhou.tto', 'tto_officer');
  const legal = as('zhou.legal', 'legal');
  const finance = as('wu.finance', 'finance');
  const leader = as('sun.leader', 'unit_leader');
  /** Auditors read with the clearance of the classification; these achievements are internal. */
  const auditor = as('qian.audit', 'auditor', 'internal');
  const evidence = { summary: '国家知识产权局通知书 / CNIPA notice', documentSha256: ['c'.repeat(64)] };

  beforeAll(async () => {
    apps = await startAppsOnTimeSkippingServer('e2escenarios');
    ({ env, api } = apps);
    const databaseUrl = apps.databaseUrl;
    store = new PostgresEventStore({ connectionString: databaseUrl });
    pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
  }, 180_000);

  afterAll(async () => {
    await pg?.end();
    await store?.close();
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  async function eventsOf(streamId: string): Promise<Array<{ id: string; type: string; data: any }>> {
    const { rows } = await pg.query(
      'SELECT event_id AS id, event_type AS type, data FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision',
      [streamId],
    );
    return rows;
  }

  /**
   * The auditor's timeline of an achievement equals the events stored for `streams`, in commit order,
   * each carrying the achievement's id, every chain verified. Waits for the worker's reactions (the
   * register follows the processes) and for $all's horizon. Returns the timeline's event types per stream.
   */
  async function expectTimeline(
    achievementId: string,
    streams: string[],
  ): Promise<{ byStream: Record<string, string[]>; order: string[] }> {
    const stored = async () =>
      (
        await pg.query<{ id: string; achievement: string | null }>(
          `SELECT event_id AS id, metadata ->> 'achievementId' AS achievement FROM event_store.events
            WHERE stream_id = ANY ($1::text[]) ORDER BY transaction_id, global_position`,
          [streams],
        )
      ).rows;
    const read = async () => {
      const [rows, res] = await Promise.all([
        stored(),
        http().get(`/audit/achievements/${achievementId}/timeline`).set(auditor).expect(200),
      ]);
      return {
        rows,
        body: res.body,
        same: JSON.stringify(res.body.events.map((e: any) => e.eventId)) === JSON.stringify(rows.map((r) => r.id)),
      };
    };
    const timeline = await eventually(async () => {
      const attempt = await read();
      return attempt.same ? attempt : undefined;
    }, 15_000).catch(() => read());
    expect(timeline.body.streams).toEqual([...streams].sort());
    expect(timeline.body.events.map((e: any) => e.eventId)).toEqual(timeline.rows.map((r) => r.id));
    expect(timeline.rows.every((r) => r.achievement === achievementId)).toBe(true);
    expect(timeline.body.verification.every((v: any) => v.ok)).toBe(true);
    expect(timeline.body.events.every((e: any) => e.verification === 'verified')).toBe(true);
    const byStream: Record<string, string[]> = {};
    for (const e of timeline.body.events) (byStream[e.streamId] ??= []).push(e.type);
    return { byStream, order: timeline.body.events.map((e: any) => `${e.streamId.split('-')[0]}:${e.type}`) };
  }

  /** The register records what the processes did through reactions: wait for the last of them. */
  const registerHas = (achievementId: string, type: string) =>
    eventually(async () => ((await eventsOf(`achievement-${achievementId}`)).some((e) => e.type === type) ? true : undefined));

  /** `earlier` comes before `later` in the timeline. */
  const expectBefore = (order: string[], earlier: string, later: string) =>
    expect(order.indexOf(earlier)).toBeLessThan(order.indexOf(later));

  const disclosureTypes = [
    'DisclosureDrafted',
    'DisclosureSubmitted',
    'SignOffRoundOpened', // the co-inventor's confirmation (R1)
    'SignOffSigned',
    'SignOffRoundClosed',
    'DisclosureAcknowledged',
    'EvaluatorAssigned',
    'EvaluationRecorded',
    'DisclosureDecided',
  ];

  it('A: disclosure with two inventors → "do not file" → abandonment contract signed by all parties', async () => {
    const { disclosureId } = await disclosureDecided(api, { decision: 'do_not_file', leader });
    const disclosureStream = `disclosure-${disclosureId}`;
    const contractStream = `abandonment-contract-${disclosureId}`;
    // The worker opens the contract from the decision (R3).
    await eventually(async () => ((await http().get(`/contracts/${disclosureId}`).set(tto)).status === 200 ? true : undefined));
    for (const party of [li, han, tto, legal, leader]) await signOff(api, contractStream, 'contract-signature', party);
    await eventually(async () => ((await http().get(`/contracts/${disclosureId}`).set(li)).body.status === 'executed' ? true : undefined));
    // Executed, the contract hands the rights to the inventors on the register (R3).
    await registerHas(disclosureId, 'AchievementOwnerChanged');

    const registerStream = `achievement-${disclosureId}`;
    const { byStream, order } = await expectTimeline(disclosureId, [disclosureStream, contractStream, registerStream]);
    expect(byStream).toEqual({
      [disclosureStream]: disclosureTypes,
      [registerStream]: ['AchievementRegistered', 'AchievementEvaluationStarted', 'AchievementFilingDecided', 'AchievementOwnerChanged'],
      [contractStream]: [
        'AbandonmentContractOpened',
        'SignOffRoundOpened',
        ...Array(5).fill('SignOffSigned'), // two inventors, the TTO, legal, the unit leader
        'SignOffRoundClosed',
      ],
    });
    expectBefore(order, 'disclosure:DisclosureDecided', 'abandonment:AbandonmentContractOpened');
    expectBefore(order, 'abandonment:SignOffRoundClosed', 'achievement:AchievementOwnerChanged');
  });

  it('B: disclosure → "file" → application and grant → annuity paid → transfer with publicity → exemption claim', async () => {
    const { disclosureId } = await disclosureDecided(api, { decision: 'file', leader });
    const disclosureStream = `disclosure-${disclosureId}`;
    const registerStream = `achievement-${disclosureId}`;
    await registerShows(store, disclosureId, (state) => state.filingDecision === 'file');

    // The register records the rights with evidence (R12). Dates follow today: granted in patent
    // year 3, the fee for year 4 falls due in two months and is paid today, before it is late.
    const today = shanghaiDate(new Date());
    const filingDate = addMonths(today, -34);
    await http()
      .post(`/achievements/${disclosureId}/patent-application`)
      .set(tto)
      .send({ patentKind: 'invention_patent', applicationNumber: 'CN202310000042.7', filingDate, evidence })
      .expect(200);
    await http()
      .post(`/achievements/${disclosureId}/patent-grant`)
      .set(tto)
      .send({ patentNumber: 'ZL202310000042.7', grantDate: addMonths(today, -4), evidence })
      .expect(200);
    await http()
      .post(`/achievements/${disclosureId}/annuities/payments`)
      .set(tto)
      .send({ year: 4, amountFen: 90_000, paidOn: today, evidence })
      .expect(200);

    const opened = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({
        achievementId: disclosureId,
        mode: { kind: 'transfer' },
        pricingMethod: 'agreement',
        counterparty: { name: '西藏高原农业科技有限公司', creditCode: '91540000MA6T0000X1' },
        proposedPriceFen: 50_000_000,
      })
      .expect(201);
    const caseId: string = opened.body.caseId;
    const caseStream = `transfer-case-${caseId}`;
    await registerShows(store, disclosureId, (state) => state.openCases.some((c) => c.caseId === caseId));
    await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 }).expect(200);
    await eventually(async () =>
      (await http().get(`/transfer-cases/${caseId}`).set(tto)).body.status === 'in_publicity' ? true : undefined,
    );
    await env.sleep(16 * DAY); // the durable timer completes the period and opens the approval (R7)
    for (const approver of [ttoHead, finance, leader]) await signOff(api, caseStream, 'transfer-approval', approver);
    await eventually(async () => ((await http().get(`/transfer-cases/${caseId}`).set(tto)).body.status === 'approved' ? true : undefined));
    await http()
      .post(`/transfer-cases/${caseId}/contract-registration`)
      .set(tto)
      .send({ registrationNumber: '2026540001000456', registeredOn: today })
      .expect(200);
    await eventually(async () =>
      (await http().get(`/transfer-cases/${caseId}`).set(tto)).body.status === 'registered' ? true : undefined,
    );
    await http().post(`/transfer-cases/${caseId}/execution`).set(tto).expect(200);
    await eventually(async () => ((await http().get(`/transfer-cases/${caseId}`).set(tto)).body.status === 'executed' ? true : undefined));

    // The claim cites the approval's closing event; filed, it stays in confirmation (R13).
    const closed = (await eventsOf(caseStream)).find((e) => e.type === 'SignOffRoundClosed' && e.data.signOffId === 'transfer-approval')!;
    const filed = await http()
      .post('/exemption-claims')
      .set(leader)
      .send({
        subject: { kind: 'transfer_approval', streamId: caseStream, eventId: closed.id },
        decisionMakers: [{ userId: 'sun.leader', name: '孙校长' }],
        lossOrValueChangeFen: 4_000_000,
        description: '转让后同类技术降价 / the technology lost value after the transfer',
        assertedPositiveItemIds: ['P1', 'P3'],
      })
      .expect(201);
    const claimStream = `exemption-claim-${filed.body.claimId}`;
    await eventually(async () => ((await eventsOf(claimStream)).some((e) => e.type === 'SignOffRoundOpened') ? true : undefined));
    // Executed, the transfer closes the case on the register and changes the right's owner (R12).
    await registerHas(disclosureId, 'AchievementOwnerChanged');

    const { byStream, order } = await expectTimeline(disclosureId, [disclosureStream, registerStream, caseStream, claimStream]);
    expect(byStream).toEqual({
      [disclosureStream]: disclosureTypes,
      [registerStream]: [
        'AchievementRegistered',
        'AchievementEvaluationStarted',
        'AchievementFilingDecided',
        'PatentApplicationRecorded',
        'PatentGrantRecorded',
        'AnnuityPaid',
        'TransformationCaseOpened',
        'TransformationCaseClosed',
        'AchievementOwnerChanged',
      ],
      [caseStream]: [
        'TransferCaseOpened',
        'PublicityNoticePublished',
        'PublicityPeriodCompleted',
        'SignOffRoundOpened', // approval: TTO head, finance, unit leader
        'SignOffSigned',
        'SignOffSigned',
        'SignOffSigned',
        'SignOffRoundClosed',
        'TechnologyContractRegistered',
        'TransferExecuted',
      ],
      [claimStream]: ['ExemptionClaimFiled', 'ExemptionFindingsRecorded', 'SignOffRoundOpened'],
    });
    expectBefore(order, 'disclosure:DisclosureDecided', 'achievement:AchievementFilingDecided');
    expectBefore(order, 'achievement:AnnuityPaid', 'transfer:TransferCaseOpened');
    expectBefore(order, 'transfer:TransferExecuted', 'exemption:ExemptionClaimFiled');
  });
});
