import { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { as, disclosureDecided, eventually, signOff } from '../fixtures/http-flows';
import { startAppsOnTimeSkippingServer, TimeSkippingApps } from '../fixtures/apps';

/**
 * Due-diligence exemption (R13, R4) over HTTP, on histories built by the real processes: a
 * disclosure decided "do not file" with its executed abandonment contract, and an equity investment
 * whose agreement price stood 15 days in publicity. The api and worker run as in production on
 * PostgreSQL and Temporal's time-skipping server (so the 15-day period can pass); findings are
 * recomputed from the event store, the four departments confirm through /sign-offs, and the
 * outcome is written by the conclusion workflow. The tests run in order: histories that need the
 * wall clock and Temporal's clock to agree come first, then the 16-day and 30-day time skips.
 */
describe('due-diligence exemption claims over HTTP (R13, R4)', () => {
  let apps: TimeSkippingApps;
  let env: TestWorkflowEnvironment;
  let api: INestApplication;
  let pg: PgClient;
  /** The approved equity investment of the second test, reused by the expiry test. */
  let investment: { kind: string; streamId: string; eventId: string } | undefined;

  const DAY = 24 * 60 * 60 * 1000;
  const tto = as('wang.tto', 'tto_officer');
  /** Approves for the TTO head: the officer who opens a case may not approve it (R4, R13). */
  const ttoApprover = as('ma.tto', 'tto_officer');
  const legal = as('zhou.legal', 'legal');
  const finance = as('wu.finance', 'finance');
  const leader = as('sun', 'unit_leader');
  const departments = [
    as('qian.audit', 'auditor'),
    as('zheng.discipline', 'discipline_inspection'),
    as('feng.tour', 'inspection_tour'),
    as('chen.supervisor', 'supervisory_department'),
  ];

  beforeAll(async () => {
    apps = await startAppsOnTimeSkippingServer('e2eexemption');
    ({ env, api } = apps);
    const databaseUrl = apps.databaseUrl;
    pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
  }, 180_000);

  afterAll(async () => {
    await pg?.end();
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  /** The recorded events of a stream, straight from the event store: the ids the findings must cite. */
  async function eventsOf(streamId: string): Promise<Array<{ id: string; type: string; data: any }>> {
    const { rows } = await pg.query(
      'SELECT event_id AS id, event_type AS type, data FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision',
      [streamId],
    );
    return rows;
  }

  /** A "do not file" decision whose contract every party signed; returns the stream and event ids. */
  async function executedAbandonment(
    decider: Record<string, string>,
    inventorSigners: Array<Record<string, string>>,
    unitLeaderSigner: Record<string, string> = decider,
  ) {
    const { disclosureId } = await disclosureDecided(api, {
      decision: 'do_not_file',
      leader: decider,
      inventors: [
        { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
        { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
      ],
    });
    const contractStream = `abandonment-contract-${disclosureId}`;
    await eventually(async () => ((await http().get(`/contracts/${disclosureId}`).set(tto)).status === 200 ? true : undefined));
    for (const party of [...inventorSigners, tto, legal, unitLeaderSigner]) await signOff(api, contractStream, 'contract-signature', party);
    await eventually(async () => ((await http().get(`/contracts/${disclosureId}`).set(tto)).body.status === 'executed' ? true : undefined));
    return { disclosureId, disclosureStream: `disclosure-${disclosureId}`, contractStream };
  }

  async function claimWhen(claimId: string, status: string, reader = departments[0]): Promise<any> {
    return eventually(async () => {
      const res = await http().get(`/exemption-claims/${claimId}`).set(reader);
      // Filing appends claim, findings and round together; the read model shows them once all three are in.
      return res.status === 200 && res.body.status === status && res.body.findings.length === 4 && res.body.confirmation
        ? res.body
        : undefined;
    });
  }

  /**
   * The four departments confirm: audit through the claim's confirmation route (R13 makes the
   * auditor a confirming party), the other three through the generic /sign-offs endpoint.
   */
  async function confirmByAllFour(claimId: string): Promise<void> {
    const claim = await claimWhen(claimId, 'in_confirmation');
    const stranger = await http()
      .post(`/exemption-claims/${claimId}/confirmation/signatures`)
      .set(leader)
      .send({ termsHash: claim.confirmation.termsHash });
    expect(stranger.status).toBe(403);
    await http()
      .post(`/exemption-claims/${claimId}/confirmation/signatures`)
      .set(departments[0])
      .send({ termsHash: claim.confirmation.termsHash })
      .expect(200);
    for (const department of departments.slice(1)) await signOff(api, `exemption-claim-${claimId}`, 'exemption-confirmation', department);
  }

  /** Events of every claim stream: a refused claim appends none (other processes' workflows may still run). */
  const eventCount = async (): Promise<number> =>
    Number((await pg.query("SELECT count(*)::int AS n FROM event_store.events WHERE stream_id LIKE 'exemption-claim-%'")).rows[0].n);

  /**
   * The auditor's timeline of an achievement (ADR 17): exactly the events of `streams`, in commit
   * order, each carrying the achievement's id, every chain intact. Waits for the worker's reactions
   * (the register follows the processes) and for $all's horizon.
   */
  async function expectTimeline(achievementId: string, streams: string[]): Promise<void> {
    const auditor = departments[0];
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
    // Not the same in time: the last read says which streams are missing.
    const timeline = await eventually(async () => {
      const attempt = await read();
      return attempt.same ? attempt : undefined;
    }, 15_000).catch(() => read());
    expect(timeline.body.streams).toEqual([...streams].sort());
    expect(timeline.same).toBe(true);
    expect(timeline.rows.every((r) => r.achievement === achievementId)).toBe(true);
    expect(timeline.body.verification.every((v: any) => v.ok)).toBe(true);
    expect(timeline.body.events.every((e: any) => e.verification === 'verified')).toBe(true);
  }

  /**
   * A case on a freshly decided achievement, priced by a listing deal with `counterparty` and
   * approved by the TTO head, finance and the unit leader; `beforeDeal` runs once the register
   * records the case. From the deal on, the TTO and the approvers act with `clearance` (a
   * reclassification in `beforeDeal` can put the case beyond the internal default, ADR 15).
   */
  async function approvedListingCase(
    mode: 'transfer' | 'equity_investment',
    {
      beforeDeal = async () => undefined,
      counterparty = { name: '山南新材料有限公司' },
      clearance,
    }: {
      beforeDeal?: (achievementId: string) => Promise<void>;
      counterparty?: { name: string; creditCode?: string };
      clearance?: string;
    } = {},
  ) {
    const { disclosureId } = await disclosureDecided(api, { decision: 'file', leader });
    await eventually(async () =>
      (await eventsOf(`achievement-${disclosureId}`)).some((e) => e.type === 'AchievementFilingDecided') ? true : undefined,
    );
    const opened = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({ achievementId: disclosureId, mode: { kind: mode }, pricingMethod: 'listing', proposedPriceFen: 20_000_000 })
      .expect(201);
    const caseId: string = opened.body.caseId;
    const caseStream = `transfer-case-${caseId}`;
    await eventually(async () =>
      (await eventsOf(`achievement-${disclosureId}`)).some((e) => e.type === 'TransformationCaseOpened') ? true : undefined,
    );
    await beforeDeal(disclosureId);
    const officer = as('wang.tto', 'tto_officer', clearance);
    const approvers = [as('ma.tto', 'tto_officer', clearance), as('wu.finance', 'finance', clearance), as('sun', 'unit_leader', clearance)];
    await http()
      .post(`/transfer-cases/${caseId}/market-result`)
      .set(officer)
      .send({
        method: 'listing',
        exchange: '西藏技术产权交易所',
        listingNumber: `XZ-LI-${caseId.slice(0, 8)}`,
        result: 'deal',
        finalPriceFen: 21_000_000,
        counterparty,
        concludedOn: '2026-04-12',
      })
      .expect(200);
    await eventually(async () =>
      (await eventsOf(caseStream)).some((e) => e.type === 'SignOffRoundOpened' && e.data.signOffId === 'transfer-approval')
        ? true
        : undefined,
    );
    for (const approver of approvers) await signOff(api, caseStream, 'transfer-approval', approver);
    await eventually(async () =>
      (await http().get(`/transfer-cases/${caseId}`).set(officer)).body.status === 'approved' ? true : undefined,
    );
    const closed = (await eventsOf(caseStream)).find((e) => e.type === 'SignOffRoundClosed' && e.data.signOffId === 'transfer-approval')!;
    return { disclosureId, caseId, caseStream, closed };
  }

  const byKey = (claim: any) => Object.fromEntries(claim.findings.map((f: any) => [f.key, f]));

  it('a decision-maker who is also an inventor fails the conflict finding; signed without overrides, the claim is denied', async () => {
    // li.lei is an inventor and a unit leader. Deciding the filing of one's own disclosure (R4) and
    // signing the unit's side of its contract (R4, R13) are both refused now, so the claimant names
    // li.lei among the decision makers (the democratic decision meeting): the finding still catches it.
    // (The refused signature is specified in read-access.e2e-spec.ts and the contract decider's spec.)
    // A name only the claim gives is no behaviour the history shows, so it is no negative-list hit
    // (N4): the claim is filed and the departments decide on the failed finding.
    const li = as('li.lei', 'inventor');
    const han = as('han.meimei', 'inventor');
    const abandonment = await executedAbandonment(leader, [li, han]);
    const disclosureEvents = await eventsOf(abandonment.disclosureStream);
    const decision = disclosureEvents.find((e) => e.type === 'DisclosureDecided')!;

    const filed = await http()
      .post('/exemption-claims')
      .set(tto)
      .send({
        subject: { kind: 'abandonment_decision', streamId: abandonment.disclosureStream, eventId: decision.id },
        decisionMakers: [
          { userId: 'zhao.vp', name: '赵副校长' },
          { userId: 'li.lei', name: '李雷' },
        ],
        lossOrValueChangeFen: 800_000,
        description: '放弃申请 / the application was abandoned',
        assertedPositiveItemIds: ['P1', 'P4'],
      })
      .expect(201);
    const claimId: string = filed.body.claimId;
    const claim = await claimWhen(claimId, 'in_confirmation');
    const f = byKey(claim);
    expect(f.democratic_procedure.outcome).toBe('pass');
    expect(f.supervision.outcome).toBe('pass');
    expect(f.no_conflict_of_interest).toMatchObject({
      outcome: 'fail',
      ruleKeys: ['R13', 'R4'],
      detail: expect.stringContaining('li.lei is an inventor'),
    });
    expect(f.no_conflict_of_interest.evidenceEventIds).toEqual(
      expect.arrayContaining([disclosureEvents.find((e) => e.type === 'DisclosureSubmitted')!.id]),
    );
    expect(claim.failedFindings).toEqual(['no_conflict_of_interest']);
    expect(claim.decisionMakers.find((m: any) => m.userId === 'li.lei').sources).toContain('claim');

    await http().post(`/exemption-claims/${claimId}/overrides`).set(leader).send({ reasons: '无' }).expect(403);

    await confirmByAllFour(claimId);
    const denied = await claimWhen(claimId, 'denied');
    expect(denied.excludedFromStateAssetAssessment).toBe(false);
    expect(denied.outcomeReasons).toEqual([
      expect.stringMatching(/^no_conflict_of_interest failed \(R13, R4\): Conflict of interest: li\.lei is an inventor/),
      'Not overridden by: auditor, discipline_inspection, inspection_tour, supervisory_department (R13).',
    ]);
    const types = (await eventsOf(`exemption-claim-${claimId}`)).map((e) => e.type);
    expect(types).toEqual([
      'ExemptionClaimFiled',
      'ExemptionFindingsRecorded',
      'SignOffRoundOpened',
      'SignOffSigned',
      'SignOffSigned',
      'SignOffSigned',
      'SignOffSigned',
      'SignOffRoundClosed',
      'ExemptionDenied',
    ]);
    // Closed now: an override comes too late.
    const late = await http().post(`/exemption-claims/${claimId}/overrides`).set(departments[3]).send({ reasons: '补充说明' }).expect(409);
    expect(late.body.code).toBe('R13_CONFIRMATION_CLOSED');

    const history = await eventually(async () => {
      const res = await http().get('/exemption-claims/by-decision-maker/li.lei').set(departments[1]).expect(200);
      return res.body.items.length === 1 && res.body.items[0].status === 'denied' ? res.body.items : undefined;
    });
    expect(history[0]).toMatchObject({ claimId, failedFindings: ['no_conflict_of_interest'], lossOrValueChangeFen: 800_000 });
  });

  it('N4 (R4, R13): a claim on a transfer whose buyer signed its approval for the unit is refused with the hit and its evidence', async () => {
    // The patent was sold at the listing to 吴芳 herself, who as wu.finance signed the approval for
    // the unit. Inventors and the case's preparer are barred from the approval round; the buyer is
    // not, so only the history shows it: her signature, and the deal naming her as the counterparty.
    const sold = await approvedListingCase('transfer', { counterparty: { name: '吴芳' } });
    const caseEvents = await eventsOf(sold.caseStream);
    const deal = caseEvents.find((e) => e.type === 'MarketResultRecorded')!;
    const wuSigned = caseEvents.find(
      (e) => e.type === 'SignOffSigned' && e.data.signOffId === 'transfer-approval' && e.data.userId === 'wu.finance',
    );
    expect(wuSigned).toBeDefined();
    const claim = {
      subject: { kind: 'transfer_approval', streamId: sold.caseStream, eventId: sold.closed.id },
      decisionMakers: [
        { userId: 'sun', name: '孙校长' },
        { userId: 'wu.finance', name: '吴芳' },
      ],
      lossOrValueChangeFen: 1_500_000,
      description: '转让后同类技术降价 / the technology lost value after the transfer',
      assertedPositiveItemIds: ['P1', 'P3'],
    };
    const before = await eventCount();

    // A claim asserts at least one positive-list item (双清单).
    const noPositive = await http()
      .post('/exemption-claims')
      .set(tto)
      .send({ ...claim, assertedPositiveItemIds: [] })
      .expect(422);
    expect(noPositive.body).toMatchObject({ code: 'R13_POSITIVE_ITEM_REQUIRED', listVersion: 0 });

    // The history shows a conflicted person acting for the unit (负面清单 N4): refused, naming the signature.
    const refused = await http().post('/exemption-claims').set(tto).send(claim).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({
      code: 'R13_CONFLICTED_PARTY_DECIDED',
      negativeListHits: [
        {
          code: 'R13_CONFLICTED_PARTY_DECIDED',
          itemId: 'N4',
          onListVersion: 0,
          ruleKeys: ['R4', 'R13'],
          detail: expect.stringContaining('wu.finance (counterparty)'),
          evidenceEventIds: expect.arrayContaining([deal.id, wuSigned!.id]),
        },
      ],
    });
    // Refusals change nothing.
    expect(await eventCount()).toBe(before);
  });

  it('XZ-18 and the negative list on transfers priced by a market: a transfer loss is not excluded; a classified investment without filing is refused (N5, R5)', async () => {
    // A transfer (not an investment) whose value fell: granted, but not kept out of state-asset assessment.
    const sold = await approvedListingCase('transfer');
    const transferClaim = await http()
      .post('/exemption-claims')
      .set(leader)
      .send({
        subject: { kind: 'transfer_approval', streamId: sold.caseStream, eventId: sold.closed.id },
        decisionMakers: [{ userId: 'sun', name: '孙校长' }],
        lossOrValueChangeFen: 4_000_000,
        description: '转让后同类技术降价 / the technology lost value after the transfer',
        assertedPositiveItemIds: ['P1', 'P3'],
      })
      .expect(201);
    // Naming the transfer as an equity investment does not buy the exclusion: the record says transfer.
    const misnamed = await http()
      .post('/exemption-claims')
      .set(leader)
      .send({
        subject: { kind: 'equity_investment', streamId: sold.caseStream, eventId: sold.closed.id },
        decisionMakers: [{ userId: 'sun' }],
        lossOrValueChangeFen: 4_000_000,
        description: '作价投资亏损 / an investment loss',
        assertedPositiveItemIds: ['P5'],
      })
      .expect(422);
    expect(misnamed.body.code).toBe('R13_SUBJECT_NOT_A_DECISION');
    await confirmByAllFour(transferClaim.body.claimId);
    const granted = await claimWhen(transferClaim.body.claimId, 'granted');
    expect(granted).toMatchObject({ route: 'transfer', excludedFromStateAssetAssessment: false });
    expect(granted.outcomeReasons).not.toEqual(expect.arrayContaining([expect.stringContaining('excluded from state-asset')]));
    const findings = (await eventsOf(`exemption-claim-${transferClaim.body.claimId}`)).find((e) => e.type === 'ExemptionFindingsRecorded')!;
    expect(findings.data.route).toBe('transfer');
    // The claim on the transfer joins its achievement's timeline with the case and the register.
    await expectTimeline(sold.disclosureId, [
      `disclosure-${sold.disclosureId}`,
      `achievement-${sold.disclosureId}`,
      sold.caseStream,
      `exemption-claim-${transferClaim.body.claimId}`,
    ]);

    // An equity investment the register classified as key core technology after the case opened,
    // approved without the supervisory filing R5 requires (负面清单 N5): refused, with the reclassification as evidence.
    // Key core technology demands a commercial-secret clearance of whoever reads the case and its round.
    const classified = await approvedListingCase('equity_investment', {
      clearance: 'commercial_secret',
      beforeDeal: async (achievementId) => {
        await http()
          .post(`/achievements/${achievementId}/classification`)
          .set(tto)
          .send({
            classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: true },
            reason: '列入关键核心技术清单 / listed as key core technology',
            evidence: { summary: '主管部门通知', documentSha256: ['a'.repeat(64)] },
          })
          .expect(200);
      },
    });
    const reclassified = (await eventsOf(`achievement-${classified.disclosureId}`)).find((e) => e.type === 'AchievementReclassified')!;
    const before = await eventCount();
    const refused = await http()
      .post('/exemption-claims')
      .set(leader)
      .send({
        subject: { kind: 'equity_investment', streamId: classified.caseStream, eventId: classified.closed.id },
        decisionMakers: [{ userId: 'sun' }],
        lossOrValueChangeFen: 9_000_000,
        description: '作价投资企业亏损 / the invested company made losses',
        assertedPositiveItemIds: ['P1', 'P5'],
      })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'R5_TRANSFORMED_WITHOUT_SUPERVISORY_FILING',
      negativeListHits: [
        expect.objectContaining({
          itemId: 'N5',
          ruleKeys: ['R5', 'R13'],
          evidenceEventIds: expect.arrayContaining([reclassified.id, classified.closed.id]),
        }),
      ],
    });
    expect(await eventCount()).toBe(before);
  });

  it('a diligent abandonment and a publicised equity investment: every finding passes with its evidence, four departments confirm, both are granted', async () => {
    // History 1: disclosure → evaluation → "do not file" → contract signed by every party.
    const li = as('li.lei', 'inventor');
    const han = as('han.meimei', 'inventor');
    const abandonment = await executedAbandonment(leader, [li, han]);

    // History 2: another disclosure (filed), invested as equity at an agreement price published 15 days.
    const { disclosureId: investedId } = await disclosureDecided(api, { decision: 'file', leader });
    // The case is decided on the register (R3, R5), which learns the decision through its reaction.
    await eventually(async () =>
      (await eventsOf(`achievement-${investedId}`)).some((e) => e.type === 'AchievementFilingDecided') ? true : undefined,
    );
    const opened = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({
        achievementId: investedId,
        mode: { kind: 'equity_investment' },
        pricingMethod: 'agreement',
        counterparty: { name: '拉萨储能科技有限公司', creditCode: '91540000MA6T0000X2' },
        proposedPriceFen: 50_000_000,
      })
      .expect(201);
    const caseId: string = opened.body.caseId;
    const caseStream = `transfer-case-${caseId}`;
    await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 }).expect(200);
    await eventually(async () =>
      (await http().get(`/transfer-cases/${caseId}`).set(tto)).body.status === 'in_publicity' ? true : undefined,
    );
    await env.sleep(16 * DAY); // the durable timer completes the period and opens the approval
    for (const approver of [ttoApprover, finance, leader]) await signOff(api, caseStream, 'transfer-approval', approver);
    await eventually(async () => ((await http().get(`/transfer-cases/${caseId}`).set(tto)).body.status === 'approved' ? true : undefined));

    const disclosureEvents = await eventsOf(abandonment.disclosureStream);
    const contractEvents = await eventsOf(abandonment.contractStream);
    const caseEvents = await eventsOf(caseStream);
    const investedEvents = await eventsOf(`disclosure-${investedId}`);
    const decision = disclosureEvents.find((e) => e.type === 'DisclosureDecided')!;
    const evaluation = disclosureEvents.find((e) => e.type === 'EvaluationRecorded')!;
    const approvalClosed = caseEvents.find((e) => e.type === 'SignOffRoundClosed' && e.data.signOffId === 'transfer-approval')!;
    investment = { kind: 'equity_investment', streamId: caseStream, eventId: approvalClosed.id };

    // Refusals first: an inventor may not file; list items must be on the positive list in force.
    const abandonmentClaim = {
      subject: { kind: 'abandonment_decision', streamId: abandonment.disclosureStream, eventId: decision.id },
      decisionMakers: [{ userId: 'sun', name: '孙校长' }],
      lossOrValueChangeFen: 3_000_000,
      description: '放弃申请后同类技术获得授权，单位失去潜在收益 / a similar patent was later granted elsewhere',
      assertedPositiveItemIds: ['P1', 'P2', 'P4', 'P6'],
    };
    await http().post('/exemption-claims').set(li).send(abandonmentClaim).expect(403);
    const unknown = await http()
      .post('/exemption-claims')
      .set(tto)
      .send({ ...abandonmentClaim, assertedPositiveItemIds: ['P1', 'X9'] })
      .expect(422);
    expect(unknown.body).toMatchObject({ code: 'R13_UNKNOWN_LIST_ITEM', unknownItemIds: ['X9'] });
    const notADecision = await http()
      .post('/exemption-claims')
      .set(tto)
      .send({ ...abandonmentClaim, subject: { ...abandonmentClaim.subject, eventId: evaluation.id } })
      .expect(422);
    expect(notADecision.body.code).toBe('R13_SUBJECT_NOT_A_DECISION');

    const first = await http().post('/exemption-claims').set(tto).send(abandonmentClaim).expect(201);
    const second = await http()
      .post('/exemption-claims')
      .set(leader)
      .send({
        subject: { kind: 'equity_investment', streamId: caseStream, eventId: approvalClosed.id },
        decisionMakers: [{ userId: 'sun', name: '孙校长' }, { userId: 'wu.finance' }],
        lossOrValueChangeFen: 12_000_000,
        description: '作价投资企业经营亏损，股权价值下降 / the invested company made losses',
        assertedPositiveItemIds: ['P1', 'P3', 'P5'],
      })
      .expect(201);

    // Abandonment: the contract's signatures, the cited evaluation, nothing priced, no inventor deciding.
    const a = byKey(await claimWhen(first.body.claimId, 'in_confirmation'));
    const contractRound = contractEvents.filter((e) => e.type.startsWith('SignOff'));
    expect(a.democratic_procedure).toMatchObject({ outcome: 'pass', ruleKeys: ['R13', 'R4'] });
    expect(a.democratic_procedure.evidenceEventIds).toEqual([
      contractEvents.find((e) => e.type === 'AbandonmentContractOpened')!.id,
      ...contractRound.filter((e) => ['SignOffRoundOpened', 'SignOffSigned', 'SignOffRoundClosed'].includes(e.type)).map((e) => e.id),
    ]);
    expect(a.democratic_procedure.evidenceEventIds).toHaveLength(1 + 1 + 5 + 1);
    expect(a.supervision).toMatchObject({ outcome: 'pass', evidenceEventIds: [evaluation.id, decision.id] });
    expect(a.information_publicity.outcome).toBe('not_applicable');
    expect(a.no_conflict_of_interest.outcome).toBe('pass');
    expect(a.no_conflict_of_interest.evidenceEventIds).toEqual(
      expect.arrayContaining([disclosureEvents.find((e) => e.type === 'DisclosureSubmitted')!.id, decision.id]),
    );

    // Investment: the approval round, the evaluation before it, the 15-day period, no conflicts.
    const claim2 = await claimWhen(second.body.claimId, 'in_confirmation');
    const t = byKey(claim2);
    const approval = caseEvents.filter((e) => e.type.startsWith('SignOff') && e.data.signOffId === 'transfer-approval');
    expect(t.democratic_procedure).toMatchObject({ outcome: 'pass', evidenceEventIds: approval.map((e) => e.id) });
    expect(t.supervision).toMatchObject({
      outcome: 'pass',
      evidenceEventIds: [investedEvents.find((e) => e.type === 'EvaluationRecorded')!.id, approvalClosed.id],
    });
    expect(t.information_publicity).toMatchObject({
      outcome: 'pass',
      ruleKeys: ['R13', 'R7'],
      evidenceEventIds: [
        caseEvents.find((e) => e.type === 'PublicityNoticePublished')!.id,
        caseEvents.find((e) => e.type === 'PublicityPeriodCompleted')!.id,
      ],
    });
    expect(t.no_conflict_of_interest.outcome).toBe('pass');
    expect(claim2.assertion).toEqual({
      listVersion: 0,
      positiveItemIds: ['P1', 'P3', 'P5'],
      assertedBy: 'sun',
      assertedByRole: 'unit_leader',
    });
    expect(claim2.decisionMakers.map((m: any) => m.userId).sort()).toEqual(['ma.tto', 'sun', 'wu.finance']);

    // Nothing failed, so there is nothing to override.
    const nothing = await http()
      .post(`/exemption-claims/${first.body.claimId}/overrides`)
      .set(departments[0])
      .send({ reasons: 'n/a' })
      .expect(409);
    expect(nothing.body.code).toBe('R13_NO_FAILED_FINDING');

    for (const claimId of [first.body.claimId, second.body.claimId]) await confirmByAllFour(claimId);
    const granted1 = await claimWhen(first.body.claimId, 'granted');
    const granted2 = await claimWhen(second.body.claimId, 'granted');
    expect(granted1).toMatchObject({ excludedFromStateAssetAssessment: false, confirmation: { outcome: 'signed' } });
    expect(granted2).toMatchObject({ route: 'equity_investment', excludedFromStateAssetAssessment: true });
    expect(granted2.outcomeReasons).toEqual(
      expect.arrayContaining([expect.stringContaining('excluded from state-asset preservation assessment')]),
    );

    // Both outcomes are events an auditor replays, recorded once each.
    for (const claimId of [first.body.claimId, second.body.claimId]) {
      const types = (await eventsOf(`exemption-claim-${claimId}`)).map((e) => e.type);
      expect(types.filter((type) => type === 'ExemptionGranted')).toHaveLength(1);
      expect(types).not.toContain('ExemptionDenied');
    }
    // The auditor replays the claim with the write side's evolve: closed at revision 7, granted at 8.
    const replay = (revision: number) =>
      http().get(`/audit/streams/exemption-claim-${second.body.claimId}/state?revision=${revision}`).set(departments[0]).expect(200);
    expect((await replay(7)).body).toMatchObject({ process: 'exemption-claim', state: { status: 'confirmation_closed', outcome: null } });
    expect((await replay(8)).body).toMatchObject({
      process: 'exemption-claim',
      state: { status: 'granted', outcome: { excludedFromStateAssetPreservationAssessment: true } },
    });

    const listed = await http().get('/exemption-claims?status=granted').set(as('zheng.discipline', 'discipline_inspection')).expect(200);
    expect(listed.body.items.map((c: any) => c.claimId)).toEqual(expect.arrayContaining([first.body.claimId, second.body.claimId]));
    const history = await eventually(async () => {
      const res = await http().get('/exemption-claims/by-decision-maker/sun').set(leader).expect(200);
      return res.body.items.filter((i: any) => i.status === 'granted').length === 3 ? res.body.items : undefined;
    });
    // sun also decided the abandonment denied in the first scenario and the transfer granted in the
    // third (the buyer's approval in the second was refused, no claim filed); these two are granted as well.
    expect(history.filter((i: any) => i.status === 'granted').map((i: any) => i.claimId)).toEqual(
      expect.arrayContaining([first.body.claimId, second.body.claimId]),
    );
    await http().get('/exemption-claims').set(li).expect(403);

    // Each achievement's timeline holds every process that acted on it, joined by the achievement id
    // its events carry: the disclosure, the contract and its sign-off round, the transfer case with
    // its publicity and approval, the exemption claim with its confirmation, and the register.
    await expectTimeline(abandonment.disclosureId, [
      abandonment.disclosureStream,
      abandonment.contractStream,
      `achievement-${abandonment.disclosureId}`,
      `exemption-claim-${first.body.claimId}`,
    ]);
    await expectTimeline(investedId, [
      `disclosure-${investedId}`,
      `achievement-${investedId}`,
      caseStream,
      `exemption-claim-${second.body.claimId}`,
    ]);
    const csv = await http()
      .get(`/audit/achievements/${investedId}/export?format=csv`)
      .set(departments[0])
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    const csvRows = (csv.body as string).split('\r\n').filter(Boolean);
    expect(csvRows.some((r) => r.startsWith(`${caseStream},`))).toBe(true);
    expect(csvRows.some((r) => r.startsWith(`exemption-claim-${second.body.claimId},`))).toBe(true);
  });

  it('a confirmation left unsigned for 30 days escalates to the supervisory department; closed as expired, the claim is denied', async () => {
    // The equity investment of the test above is the subject: no new disclosure runs on the skewed clock.
    expect(investment).toBeDefined();
    const filed = await http()
      .post('/exemption-claims')
      .set(leader)
      .send({
        subject: investment,
        decisionMakers: [{ userId: 'sun' }],
        lossOrValueChangeFen: 0,
        description: '复核 / a second claim on the same investment',
        assertedPositiveItemIds: ['P5'],
      })
      .expect(201);
    const claimId: string = filed.body.claimId;
    const claim = await claimWhen(claimId, 'in_confirmation');
    expect(Date.parse(claim.confirmation.deadline) - Date.parse(claim.filedAt)).toBe(30 * DAY);
    await signOff(api, `exemption-claim-${claimId}`, 'exemption-confirmation', departments[1]);

    await env.sleep(30 * DAY + 60_000); // the sign-off workflow's durable timer expires the round
    const streamId = `exemption-claim-${claimId}`;
    await eventually(async () => ((await eventsOf(streamId)).some((e) => e.type === 'SignOffRoundExpired') ? true : undefined));
    const expired = (await eventsOf(streamId)).find((e) => e.type === 'SignOffRoundExpired')!;
    expect(expired.data).toMatchObject({
      escalatedToRole: 'supervisory_department',
      pendingPartyIds: ['audit', 'inspection-tour', 'supervisory-department'],
    });

    await http().post(`/sign-offs/${streamId}/exemption-confirmation/closure`).set(departments[3]).expect(200);
    const denied = await claimWhen(claimId, 'denied');
    expect(denied.outcomeReasons).toEqual(["The four departments' confirmation closed as expired (R13)."]);
    expect((await eventsOf(streamId)).find((e) => e.type === 'ExemptionDenied')!.data).toMatchObject({
      grounds: 'confirmation_expired',
      confirmationRound: 1,
    });
  });
});
