import { INestApplication } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { as } from '../support/tokens';

/**
 * The disclosure process over HTTP, draft to "do not file", on real PostgreSQL and the Temporal dev
 * server; the history read back from the store is the expected sequence of events.
 */
describe('disclosure process over HTTP', () => {
  let apps: RunningApps;
  let api: INestApplication;
  let databaseUrl: string;
  const li = as('li.lei', 'inventor');
  const han = as('han.meimei', 'inventor');
  const stranger = as('zhao', 'inventor');
  const tto = as('wang.tto', 'tto_officer');
  const agency = as('agency-1', 'evaluator');
  const leaderSun = as('sun', 'unit_leader');
  const leaderQian = as('qian', 'unit_leader');

  const content = {
    title: '一种低温固态电池电解质',
    abstract: 'A solid electrolyte that conducts at -20 °C.',
    technicalField: 'materials science',
    funding: { kind: 'fiscal', projectNumber: 'NSFC-52070001' },
    conceptionDate: '2026-01-15',
    confidentiality: 'internal',
    involvesNationalSecurity: false,
    isKeyCoreTechnology: false,
    inventors: [
      { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
      { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
    ],
    // The drafter's upload (beforeAll): a disclosure lists only files its author uploaded.
    attachments: [] as Array<{ name: string; sha256: string; sizeBytes: number }>,
  };

  beforeAll(async () => {
    apps = await startApps('e2edisclosure');
    ({ api, databaseUrl } = apps);
    const uploaded = await request(api.getHttpServer())
      .post('/attachments')
      .set(li)
      .attach('file', Buffer.from('%PDF-1.4\n% results\n%%EOF\n'), 'results.pdf')
      .expect(201);
    content.attachments = [{ name: 'results.pdf', sha256: uploaded.body.sha256, sizeBytes: uploaded.body.sizeBytes }];
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  async function eventTypes(disclosureId: string): Promise<string[]> {
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ event_type: string }>(
        'SELECT event_type FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision',
        [`disclosure-${disclosureId}`],
      );
      return rows.map((r) => r.event_type);
    } finally {
      await pg.end();
    }
  }

  async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('condition not met in time');
  }

  it('goes from draft to a "do not file" decision', async () => {
    const drafted = await http().post('/disclosures').set(li).send(content).expect(201);
    const id: string = drafted.body.disclosureId;

    // Drafts are private to their drafter.
    await eventually(async () => ((await http().get(`/disclosures/${id}`).set(li)).status === 200 ? true : undefined));
    await http().get(`/disclosures/${id}`).set(han).expect(404);
    await http().get(`/disclosures/${id}`).set(stranger).expect(404);

    await http().post(`/disclosures/${id}/submission`).set(li).expect(200);
    const row = await eventually(async () => {
      const res = await http().get(`/disclosures/${id}`).set(han);
      return res.status === 200 && res.body.status === 'awaiting_confirmation' ? res.body : undefined;
    });
    expect(row.inventorIds).toEqual(['li.lei', 'han.meimei']);

    // Han sees the confirmation among his pending sign-offs and confirms the hash he was shown.
    const pending = await eventually(async () => {
      const res = await http().get('/sign-offs/pending').set(han);
      return res.body.items?.find((p: { streamId: string }) => p.streamId === `disclosure-${id}`);
    });
    const signOff = await http().get(`/sign-offs/disclosure-${id}/co-inventor-confirmation`).set(han).expect(200);
    expect(pending.partyId).toBe('inventor:han.meimei');
    await http()
      .post(`/sign-offs/disclosure-${id}/co-inventor-confirmation/signatures`)
      .set(han)
      .send({ termsHash: signOff.body.termsHash })
      .expect(200);
    await eventually(async () => ((await http().get(`/disclosures/${id}`).set(tto)).body.status === 'confirmed' ? true : undefined));

    // The TTO's queue lists it; the deadline workflow is running in Temporal.
    const queue = await http().get('/disclosures/queue').set(tto).expect(200);
    expect(queue.body.items.map((d: { disclosureId: string }) => d.disclosureId)).toContain(id);
    await eventually(async () => {
      const res = await http().get(`/disclosures/${id}/deadlines`).set(tto);
      return res.body.acknowledgement ? res.body : undefined;
    });

    await http().post(`/disclosures/${id}/acknowledgement`).set(tto).expect(200);
    await http().post(`/disclosures/${id}/clarification-requests`).set(tto).send({ question: '检索过哪些现有技术？' }).expect(200);
    await http().post(`/disclosures/${id}/clarification-answers`).set(han).send({ answer: 'CN112345678A, US2020123456A1' }).expect(200);
    await http()
      .post(`/disclosures/${id}/evaluator`)
      .set(tto)
      .send({ kind: 'external_agency', userId: 'agency-1', agencyName: '西部技术转移中心' })
      .expect(200);
    await eventually(async () => ((await http().get(`/disclosures/${id}`).set(agency)).status === 200 ? true : undefined));
    const evaluation = await http()
      .post(`/disclosures/${id}/evaluation`)
      .set(agency)
      .send({
        patentability: { novelty: 'yes', inventiveness: 'uncertain', practicalApplicability: 'yes', notes: '' },
        technologyReadinessLevel: 4,
        marketAssessment: 'Narrow market for now',
        recommendation: 'do_not_file',
      })
      .expect(200);

    // Two leaders decide at once: exactly one wins, the other gets 409 and nothing is appended for it.
    const decide = (leader: Record<string, string>) =>
      http()
        .post(`/disclosures/${id}/decision`)
        .set(leader)
        .send({ decision: 'do_not_file', reasons: '市场前景有限，由发明人自行申请 (R3)', evaluationId: evaluation.body.evaluationId });
    const [a, b] = await Promise.all([decide(leaderSun), decide(leaderQian)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    // The answer names the decision's event, and so does the disclosure's view: what a contract or an exemption claim cites.
    const winner = a.status === 200 ? a : b;
    expect(winner.body.decisionEventId).toBe(winner.body.eventIds[0]);
    await eventually(async () => {
      const view = (await http().get(`/disclosures/${id}`).set(tto)).body;
      return view.decisionEventId === winner.body.decisionEventId && view.evaluationId === evaluation.body.evaluationId ? true : undefined;
    });
    expect(['CONCURRENT_MODIFICATION', 'DISCLOSURE_ALREADY_DECIDED']).toContain(loser.body.code);
    expect((await decide(leaderSun)).body.code).toBe('DISCLOSURE_ALREADY_DECIDED');

    expect(await eventTypes(id)).toEqual([
      'DisclosureDrafted',
      'DisclosureSubmitted',
      'SignOffRoundOpened',
      'SignOffSigned',
      'SignOffRoundClosed',
      'DisclosureAcknowledged',
      'ClarificationRequested',
      'ClarificationProvided',
      'EvaluatorAssigned',
      'EvaluationRecorded',
      'DisclosureDecided',
    ]);
    const ledger = await eventually(async () => {
      const res = await http().get('/ledger').set(leaderSun);
      const mine = res.body.items?.find((d: { disclosureId: string }) => d.disclosureId === id);
      return mine?.status === 'decided' ? mine : undefined;
    });
    expect(ledger).toMatchObject({ decision: 'do_not_file', evaluationId: evaluation.body.evaluationId });
    const mine = await http().get('/disclosures/mine').set(han).expect(200);
    expect(mine.body.items.map((d: { disclosureId: string }) => d.disclosureId)).toContain(id);
  });

  it('refuses an inventor as evaluator, as the evaluation and as the leader deciding on filing (R4, R13)', async () => {
    // 李雷 is the sole inventor, and also holds the unit-leader role: the record, not the role, decides.
    const soleInventor = { ...content, inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }] };
    const id: string = (await http().post('/disclosures').set(li).send(soleInventor).expect(201)).body.disclosureId;
    await http().post(`/disclosures/${id}/submission`).set(li).expect(200);
    await http().post(`/disclosures/${id}/acknowledgement`).set(tto).expect(200);

    const assignLi = await http().post(`/disclosures/${id}/evaluator`).set(tto).send({ kind: 'tto_staff', userId: 'li.lei' }).expect(403);
    expect(assignLi.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', conflictedUserId: 'li.lei' });
    expect(assignLi.headers['content-type']).toMatch(/application\/problem\+json/);

    await http().post(`/disclosures/${id}/evaluator`).set(tto).send({ kind: 'tto_staff', userId: 'eval.zhang' }).expect(200);
    const evaluationBody = {
      patentability: { novelty: 'yes', inventiveness: 'uncertain', practicalApplicability: 'yes', notes: '' },
      technologyReadinessLevel: 4,
      marketAssessment: 'Narrow market for now',
      recommendation: 'do_not_file',
    };
    const selfEvaluation = await http()
      .post(`/disclosures/${id}/evaluation`)
      .set(as('li.lei', 'evaluator'))
      .send(evaluationBody)
      .expect(403);
    expect(selfEvaluation.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', conflictedUserId: 'li.lei' });
    const evaluation = await http()
      .post(`/disclosures/${id}/evaluation`)
      .set(as('eval.zhang', 'evaluator'))
      .send(evaluationBody)
      .expect(200);

    const decision = { decision: 'do_not_file', reasons: '由发明人自行申请 (R3)', evaluationId: evaluation.body.evaluationId };
    const selfDecision = await http().post(`/disclosures/${id}/decision`).set(as('li.lei', 'unit_leader')).send(decision).expect(403);
    expect(selfDecision.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', conflictedUserId: 'li.lei' });

    // Nothing was appended for the refused commands; a leader who is not an inventor decides.
    expect(await eventTypes(id)).toEqual([
      'DisclosureDrafted',
      'DisclosureSubmitted',
      'DisclosureAcknowledged',
      'EvaluatorAssigned',
      'EvaluationRecorded',
    ]);
    await http().post(`/disclosures/${id}/decision`).set(leaderSun).send(decision).expect(200);
  });

  describe('bad input answers problem+json and appends nothing', () => {
    let id: string;
    beforeAll(async () => {
      id = (await http().post('/disclosures').set(li).send(content).expect(201)).body.disclosureId;
    });

    const cases: Array<[string, () => request.Test, number, string]> = [
      [
        'shares not totalling 100% (R1)',
        () =>
          http()
            .put(`/disclosures/${id}/draft`)
            .set(li)
            .send({ ...content, inventors: [content.inventors[0]] }),
        200,
        '',
      ],
      ['submitting them', () => http().post(`/disclosures/${id}/submission`).set(li), 422, 'R1_SHARES_NOT_100_PERCENT'],
      ['a stranger submitting', () => http().post(`/disclosures/${id}/submission`).set(stranger), 403, 'DISCLOSURE_NOT_YOURS'],
      [
        'an unknown field',
        () =>
          http()
            .post('/disclosures')
            .set(li)
            .send({ ...content, secret: true }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'a bad attachment hash',
        () =>
          http()
            .post('/disclosures')
            .set(li)
            .send({ ...content, attachments: [{ name: 'x', sha256: 'nope', sizeBytes: 1 }] }),
        422,
        'VALIDATION_FAILED',
      ],
      ['a TTO acknowledging a draft', () => http().post(`/disclosures/${id}/acknowledgement`).set(tto), 409, 'DISCLOSURE_WRONG_STATUS'],
      [
        'an inventor acknowledging (access matrix)',
        () => http().post(`/disclosures/${id}/acknowledgement`).set(li),
        403,
        'ROLE_NOT_PERMITTED',
      ],
      [
        'a decision without evaluation',
        () =>
          http()
            .post(`/disclosures/${id}/decision`)
            .set(leaderSun)
            .send({ decision: 'file', reasons: 'x', evaluationId: '00000000-0000-4000-8000-000000000000' }),
        409,
        'R2_DECISION_WITHOUT_EVALUATION',
      ],
      [
        'an unknown disclosure',
        () => http().post('/disclosures/00000000-0000-4000-8000-000000000000/submission').set(li),
        404,
        'DISCLOSURE_NOT_FOUND',
      ],
      [
        'a policy in the past',
        () =>
          http()
            .post('/policies/disclosure')
            .set(as('root', 'admin'))
            .send({
              effectiveFrom: '2020-01-01T00:00:00Z',
              confirmationDays: 14,
              confirmationReminderDays: [3],
              acknowledgementDays: 15,
              evaluationDays: 30,
              abandonmentUnitShareBasisPoints: 3000,
              contractSigningDays: 30,
            }),
        422,
        'POLICY_EFFECTIVE_IN_PAST',
      ],
    ];

    it.each(cases)('%s', async (_, send, status, code) => {
      const before = (await eventTypes(id)).length;
      const res = await send().expect(status);
      if (status >= 400) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status, code });
        expect(await eventTypes(id)).toHaveLength(before);
      }
    });
  });
});
