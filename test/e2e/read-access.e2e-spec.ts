import { PostgresEventStore } from '@chengguo/eventstore';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ACCESS_MATRIX } from '../../apps/api/src/access/access-matrix';
import { RunningApps, startApps } from '../fixtures/apps';
import { as, disclosureDecided, eventually, registerShows, signOff } from '../fixtures/http-flows';

/**
 * Confidentiality follows the achievement (issue 16, item 3): every read endpoint × role ×
 * classification, on real PostgreSQL and Temporal with the worker running. For each classification
 * one disclosure decided "do not file" (its contract, the contract's signature round, an exemption
 * claim on the decision and the claim's confirmation round) and one achievement the TTO registered
 * (a transfer case with its publicity notice). Each viewer must get the record (200, or listed) or
 * "not found" (404, or absent from a list) as the table below says; the access matrix's 403 for a
 * role that may not call the route at all stays as it was.
 */
describe('who may read what (confidentiality follows the achievement)', () => {
  jest.setTimeout(600_000);
  let apps: RunningApps;
  let api: INestApplication;
  let store: PostgresEventStore;

  const evidence = { summary: '登记材料 / registration file', documentSha256: ['c'.repeat(64)] };
  const leader = as('sun', 'unit_leader', 'state_secret');
  const tto = as('wang.tto', 'tto_officer', 'state_secret');
  const inventors = [
    { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
    { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
  ];

  type Level = 'public' | 'internal' | 'commercial_secret' | 'state_secret';
  interface Classified {
    name: string;
    confidentiality: Level;
    nationalSecurity: boolean;
    keyCoreTechnology: boolean;
    /** The clearance a reader needs (the flags raise it): the expectation, stated, not computed by the policy. */
    needs: Level;
  }
  const CLASSIFICATIONS: Classified[] = [
    { name: 'public', confidentiality: 'public', nationalSecurity: false, keyCoreTechnology: false, needs: 'public' },
    { name: 'internal', confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false, needs: 'internal' },
    {
      name: 'commercial secret',
      confidentiality: 'commercial_secret',
      nationalSecurity: false,
      keyCoreTechnology: false,
      needs: 'commercial_secret',
    },
    { name: 'state secret', confidentiality: 'state_secret', nationalSecurity: false, keyCoreTechnology: false, needs: 'state_secret' },
    { name: 'national security', confidentiality: 'internal', nationalSecurity: true, keyCoreTechnology: false, needs: 'state_secret' },
    {
      name: 'key core technology',
      confidentiality: 'internal',
      nationalSecurity: false,
      keyCoreTechnology: true,
      needs: 'commercial_secret',
    },
  ];
  const RANK: Record<Level, number> = { public: 0, internal: 1, commercial_secret: 2, state_secret: 3 };

  interface Viewer {
    name: string;
    userId: string;
    role: string;
    clearance: Level;
  }
  const VIEWERS: Viewer[] = [
    { name: 'an inventor of the achievement (internal clearance)', userId: 'li.lei', role: 'inventor', clearance: 'internal' },
    {
      name: 'an inventor of another achievement (state-secret clearance)',
      userId: 'zhao.inv',
      role: 'inventor',
      clearance: 'state_secret',
    },
    { name: 'the disclosure’s evaluator', userId: 'eval.zhang', role: 'evaluator', clearance: 'internal' },
    { name: 'another evaluator', userId: 'eval.qi', role: 'evaluator', clearance: 'state_secret' },
    { name: 'a unit member', userId: 'member.ma', role: 'unit_member', clearance: 'internal' },
    { name: 'a TTO officer (public)', userId: 'tto.pub', role: 'tto_officer', clearance: 'public' },
    { name: 'a TTO officer (internal)', userId: 'tto.int', role: 'tto_officer', clearance: 'internal' },
    { name: 'a TTO officer (commercial secret)', userId: 'tto.com', role: 'tto_officer', clearance: 'commercial_secret' },
    { name: 'a TTO officer (state secret)', userId: 'tto.sec', role: 'tto_officer', clearance: 'state_secret' },
    { name: 'legal (internal)', userId: 'zhou.legal', role: 'legal', clearance: 'internal' },
    { name: 'the unit leader (commercial secret)', userId: 'sun.2', role: 'unit_leader', clearance: 'commercial_secret' },
    { name: 'an auditor (internal)', userId: 'audit.int', role: 'auditor', clearance: 'internal' },
    { name: 'an auditor (state secret)', userId: 'audit.sec', role: 'auditor', clearance: 'state_secret' },
    { name: 'discipline inspection (state secret)', userId: 'jiwei', role: 'discipline_inspection', clearance: 'state_secret' },
    { name: 'the supervisory department (internal)', userId: 'zhuguan', role: 'supervisory_department', clearance: 'internal' },
    { name: 'an operator (state secret)', userId: 'ops', role: 'admin', clearance: 'state_secret' },
  ];

  const UNIT_OFFICES = ['tto_officer', 'unit_leader', 'legal', 'finance', 'admin'];
  const OVERSIGHT = ['auditor', 'discipline_inspection', 'inspection_tour', 'supervisory_department'];

  /** The records made for one classification. */
  interface Records {
    disclosureId: string;
    claimId: string;
    registeredId: string;
    caseId: string;
  }
  const records = new Map<string, Records>();

  /**
   * One read endpoint: its route (the access matrix's key), the path for a classification's records,
   * and who reads it besides the achievement's inventors (who always do): the roles it answers to
   * and the people it names — each only with the clearance the classification needs.
   */
  interface Endpoint {
    route: string;
    path: (r: Records) => string;
    /** A list endpoint: the record is listed or not, instead of 200/404. */
    listed?: (body: any, r: Records) => boolean;
    roles: string[];
    people?: string[];
    /** The inventors of the achievement read it too (false for the notice board: nobody above unit-internal). */
    inventorsRead?: boolean;
    /** The board: nothing above unit-internal, whoever asks. */
    ceiling?: Level;
  }
  const ENDPOINTS: Endpoint[] = [
    {
      route: 'GET /disclosures/{id}',
      path: (r) => `/disclosures/${r.disclosureId}`,
      roles: [...UNIT_OFFICES, ...OVERSIGHT],
      people: ['eval.zhang'],
    },
    {
      // The due dates tell that the disclosure exists: the record's read rule, behind the offices-only route.
      route: 'GET /disclosures/{id}/deadlines',
      path: (r) => `/disclosures/${r.disclosureId}/deadlines`,
      roles: [...UNIT_OFFICES, ...OVERSIGHT],
    },
    {
      route: 'GET /ledger',
      path: () => '/ledger',
      listed: (b, r) => b.items.some((i: any) => i.disclosureId === r.disclosureId),
      roles: [...UNIT_OFFICES, ...OVERSIGHT],
    },
    {
      route: 'GET /disclosures/queue',
      path: () => '/disclosures/queue',
      // A decided disclosure has left the queue: nobody sees it there; the row proves the route stays 200.
      listed: () => false,
      roles: [],
      inventorsRead: false,
    },
    {
      route: 'GET /sign-offs/{streamId}/{signOffId}',
      path: (r) => `/sign-offs/abandonment-contract-${r.disclosureId}/contract-signature`,
      roles: [...UNIT_OFFICES, ...OVERSIGHT],
    },
    { route: 'GET /contracts/{id}', path: (r) => `/contracts/${r.disclosureId}`, roles: [...UNIT_OFFICES, ...OVERSIGHT] },
    {
      route: 'GET /contracts/{id}/revenue-ledger',
      path: (r) => `/contracts/${r.disclosureId}/revenue-ledger`,
      roles: [...UNIT_OFFICES, ...OVERSIGHT],
    },
    {
      route: 'GET /contracts',
      path: () => '/contracts',
      listed: (b, r) => b.items.some((i: any) => i.contractId === r.disclosureId),
      roles: [...UNIT_OFFICES, ...OVERSIGHT],
    },
    { route: 'GET /achievements/{id}', path: (r) => `/achievements/${r.disclosureId}`, roles: [...UNIT_OFFICES, ...OVERSIGHT] },
    {
      route: 'GET /achievements',
      path: () => '/achievements?limit=200',
      listed: (b, r) => b.items.some((i: any) => i.achievementId === r.registeredId),
      roles: [...UNIT_OFFICES, ...OVERSIGHT],
    },
    {
      route: 'GET /exemption-claims/{id}',
      path: (r) => `/exemption-claims/${r.claimId}`,
      roles: ['tto_officer', 'unit_leader', ...OVERSIGHT],
      people: ['sun'],
    },
    {
      route: 'GET /exemption-claims',
      path: () => '/exemption-claims',
      listed: (b, r) => b.items.some((i: any) => i.claimId === r.claimId),
      roles: ['tto_officer', 'unit_leader', ...OVERSIGHT],
    },
    {
      route: 'GET /sign-offs/{streamId}/{signOffId}',
      path: (r) => `/sign-offs/exemption-claim-${r.claimId}/exemption-confirmation`,
      roles: [...UNIT_OFFICES, ...OVERSIGHT],
    },
    {
      route: 'GET /transfer-cases/{caseId}',
      path: (r) => `/transfer-cases/${r.caseId}`,
      roles: ['tto_officer', 'unit_leader', 'legal', 'finance', ...OVERSIGHT],
    },
    {
      route: 'GET /transfer-cases',
      path: () => '/transfer-cases',
      listed: (b, r) => b.items.some((i: any) => i.caseId === r.caseId),
      roles: ['tto_officer', 'unit_leader', 'legal', 'finance', ...OVERSIGHT],
    },
    {
      route: 'GET /achievements/{kind}/{achievementId}/transfer-history',
      path: (r) => `/achievements/registered/${r.registeredId}/transfer-history`,
      roles: ['tto_officer', 'unit_leader', 'legal', 'finance', ...OVERSIGHT],
    },
    {
      route: 'GET /publicity-notices',
      path: () => '/publicity-notices',
      listed: (b, r) => b.items.some((i: any) => i.caseId === r.caseId),
      roles: ['inventor', 'evaluator', 'unit_member', ...UNIT_OFFICES, ...OVERSIGHT],
      ceiling: 'internal',
    },
    {
      route: 'GET /audit/achievements/{achievementId}/timeline',
      path: (r) => `/audit/achievements/${r.disclosureId}/timeline`,
      roles: ['auditor'],
    },
  ];

  function expected(endpoint: Endpoint, viewer: Viewer, c: Classified): 200 | 403 | 404 {
    const access = ACCESS_MATRIX[endpoint.route];
    if (access !== 'public' && !access.includes(viewer.role as never)) return 403;
    if (endpoint.ceiling && RANK[c.needs] > RANK[endpoint.ceiling]) return 404;
    if (endpoint.inventorsRead !== false && !endpoint.ceiling && viewer.userId === 'li.lei') return 200;
    const reader = endpoint.roles.includes(viewer.role) || (endpoint.people ?? []).includes(viewer.userId);
    return reader && RANK[viewer.clearance] >= RANK[c.needs] ? 200 : 404;
  }

  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    apps = await startApps('e2ereadaccess');
    api = apps.api;
    store = new PostgresEventStore({ connectionString: apps.databaseUrl });

    await Promise.all(
      CLASSIFICATIONS.map(async (c) => {
        const classification = {
          confidentiality: c.confidentiality,
          nationalSecurity: c.nationalSecurity,
          keyCoreTechnology: c.keyCoreTechnology,
        };
        // A disclosure decided "do not file": its contract and signature round open through the worker.
        const { disclosureId } = await disclosureDecided(api, {
          decision: 'do_not_file',
          leader,
          inventors,
          content: {
            title: `保密测试 ${c.name}`,
            confidentiality: c.confidentiality,
            involvesNationalSecurity: c.nationalSecurity,
            isKeyCoreTechnology: c.keyCoreTechnology,
          },
        });
        const decision = (await store.readStream(`disclosure-${disclosureId}`)).find((e) => e.type === 'DisclosureDecided')!;
        await registerShows(store, disclosureId, (s) => s.filingDecision === 'do_not_file');
        const claim = await http()
          .post('/exemption-claims')
          .set(leader)
          .send({
            subject: { kind: 'abandonment_decision', streamId: `disclosure-${disclosureId}`, eventId: decision.eventId },
            decisionMakers: [{ userId: 'sun', name: '孙' }],
            lossOrValueChangeFen: 0,
            description: '放弃申请 / the application was abandoned',
            assertedPositiveItemIds: ['P1'],
          })
          .expect(201);

        // An achievement the TTO registered, on which a transfer case runs its publicity (R7).
        const registered = await http()
          .post('/achievements')
          .set(tto)
          .send({
            kind: 'invention_patent',
            title: `保密转化 ${c.name}`,
            inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }],
            classification,
            evidence,
          })
          .expect(201);
        const registeredId: string = registered.body.achievementId;
        await registerShows(store, registeredId, (s) => s.status === 'to_be_filed');
        const opened = await http()
          .post('/transfer-cases')
          .set(tto)
          .send({
            achievementId: registeredId,
            mode: { kind: 'license', exclusivity: 'exclusive' },
            pricingMethod: 'agreement',
            counterparty: { name: '西藏高原农业科技有限公司', creditCode: '91540000MA6T0000X1' },
            proposedPriceFen: 50_000_000,
          })
          .expect(201);
        const caseId: string = opened.body.caseId;
        // R5: a state secret, national security or key core technology needs the supervisory filing first.
        if (c.confidentiality === 'state_secret' || c.nationalSecurity || c.keyCoreTechnology) {
          await eventually(async () => {
            const res = await http()
              .post(`/transfer-cases/${caseId}/supervisory-filing`)
              .set(tto)
              .send({ department: '科技厅', filingNumber: `备-${caseId}`, filedOn: '2026-11-01' });
            return res.status === 200 ? true : undefined;
          });
        }
        await eventually(async () => {
          const res = await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 });
          return res.status === 200 ? true : undefined;
        });
        records.set(c.name, { disclosureId, claimId: claim.body.claimId, registeredId, caseId });
      }),
    );

    // Everything projected: the fully cleared auditor and TTO see every record.
    const auditor = as('audit.all', 'auditor', 'state_secret');
    for (const r of records.values()) {
      for (const path of [
        `/contracts/${r.disclosureId}`,
        `/sign-offs/abandonment-contract-${r.disclosureId}/contract-signature`,
        `/exemption-claims/${r.claimId}`,
        `/sign-offs/exemption-claim-${r.claimId}/exemption-confirmation`,
        `/achievements/${r.registeredId}`,
      ]) {
        await eventually(async () => ((await http().get(path).set(auditor)).status === 200 ? true : undefined));
      }
      await eventually(async () => {
        const res = await http().get(`/transfer-cases/${r.caseId}`).set(auditor);
        return res.status === 200 && res.body.status === 'in_publicity' ? true : undefined;
      });
    }
  }, 600_000);

  afterAll(async () => {
    await store?.close();
    await apps?.close();
  });

  const cases = ENDPOINTS.flatMap((endpoint) =>
    VIEWERS.map(
      (viewer) =>
        [
          `${endpoint.path({ disclosureId: ':d', claimId: ':c', registeredId: ':a', caseId: ':case' })}`,
          viewer.name,
          endpoint,
          viewer,
        ] as const,
    ),
  );

  it.each(cases)('%s as %s', async (_path, _who, endpoint, viewer) => {
    const headers = as(viewer.userId, viewer.role, viewer.clearance);
    const outcomes: Array<[string, number | boolean]> = [];
    const wanted: Array<[string, number | boolean]> = [];
    for (const c of CLASSIFICATIONS) {
      const r = records.get(c.name)!;
      const res = await http().get(endpoint.path(r)).set(headers);
      const want = expected(endpoint, viewer, c);
      if (endpoint.listed) {
        outcomes.push([c.name, res.status === 200 ? endpoint.listed(res.body, r) : res.status]);
        wanted.push([c.name, want === 403 ? 403 : want === 200]);
      } else {
        outcomes.push([c.name, res.status]);
        wanted.push([c.name, want]);
        if (res.status === 404) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(wanted));
  });

  describe('sign-offs waiting for me', () => {
    const pendingIds = async (viewer: Record<string, string>) =>
      ((await http().get('/sign-offs/pending').set(viewer).expect(200)).body.items as any[]).map((i) => i.streamId);

    it('lists a round only to whoever may read it: its inventor party always, legal up to its clearance, a stranger never', async () => {
      const contract = (c: Classified) => `abandonment-contract-${records.get(c.name)!.disclosureId}`;
      const mine = await pendingIds(as('li.lei', 'inventor', 'public'));
      const legal = await pendingIds(as('zhou.legal', 'legal', 'internal'));
      const stranger = await pendingIds(as('zhao.inv', 'inventor', 'state_secret'));
      for (const c of CLASSIFICATIONS) {
        expect(mine).toContain(contract(c));
        expect(legal.includes(contract(c))).toBe(RANK[c.needs] <= RANK.internal);
        expect(stranger).not.toContain(contract(c));
      }
    });
  });

  describe('rounds name their achievement and who is conflicted, from the register (R4, R13)', () => {
    it('the contract names the inventors; the exemption confirmation the claim’s decision maker and the inventors', async () => {
      const auditor = as('audit.all', 'auditor', 'state_secret');
      for (const r of records.values()) {
        const contract = await http().get(`/sign-offs/abandonment-contract-${r.disclosureId}/contract-signature`).set(auditor).expect(200);
        expect(contract.body).toMatchObject({ achievementId: r.disclosureId, conflictedUserIds: ['han.meimei', 'li.lei'] });
        const confirmation = await http().get(`/sign-offs/exemption-claim-${r.claimId}/exemption-confirmation`).set(auditor).expect(200);
        expect(confirmation.body).toMatchObject({ achievementId: r.disclosureId, conflictedUserIds: ['han.meimei', 'li.lei', 'sun'] });
      }
    });
  });

  describe('conflicts of interest in the contract (R4, R13)', () => {
    it('an inventor who leads the unit signs as inventor, not for the unit: refused, and the unit’s side is not in their to-sign list', async () => {
      const { disclosureId } = await disclosureDecided(api, {
        decision: 'do_not_file',
        leader,
        inventors: [
          { userId: 'li.lei', name: '李雷', shareBasisPoints: 5000 },
          { userId: 'liu.leader', name: '刘', shareBasisPoints: 5000 },
        ],
      });
      const streamId = `abandonment-contract-${disclosureId}`;
      const liuAsLeader = as('liu.leader', 'unit_leader');
      const round = await eventually(async () => {
        const res = await http().get(`/sign-offs/${streamId}/contract-signature`).set(tto);
        return res.status === 200 ? res.body : undefined;
      });
      expect(round.conflictedUserIds).toEqual(['li.lei', 'liu.leader']);

      const leaderInbox = (await http().get('/sign-offs/pending').set(liuAsLeader).expect(200)).body.items as any[];
      expect(leaderInbox.filter((i) => i.streamId === streamId)).toEqual([]);
      const otherLeaderInbox = (await http().get('/sign-offs/pending').set(leader).expect(200)).body.items as any[];
      expect(otherLeaderInbox.filter((i) => i.streamId === streamId).map((i) => i.partyId)).toEqual(['unit-leader']);

      const before = await apps.eventCount();
      const refused = await http()
        .post(`/sign-offs/${streamId}/contract-signature/signatures`)
        .set(liuAsLeader)
        .send({ termsHash: round.termsHash, partyId: 'unit-leader' })
        .expect(403);
      expect(refused.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', conflictedUserId: 'liu.leader', partyId: 'unit-leader' });
      expect(await apps.eventCount()).toBe(before);

      // Their own side, as inventor; the unit's side by another leader.
      await signOff(api, streamId, 'contract-signature', as('liu.leader', 'inventor'));
      await signOff(api, streamId, 'contract-signature', leader);
    });
  });
});
