import { shanghaiDate } from '@chengguo/kernel';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { eventually } from '../fixtures/http-flows';
import { as } from '../support/tokens';
import { startAppsOnTimeSkippingServer, TimeSkippingApps } from '../fixtures/apps';

/**
 * The inventors' ownership pilot over HTTP (赋权, R11), with the api and worker apps as in production
 * on PostgreSQL and Temporal: refused before the unit is a pilot; a 10-year use right proposed, signed
 * by both inventors, the TTO, legal and the unit leader, and shown by the register; a 9-year one
 * refused; a co-ownership agreement signed, after which a transfer case opens with the co-owners'
 * consent round: refused, it stops the case; reopened and consented to (at a revised price, by a new
 * round), the case goes on to its notice.
 */
describe('the ownership pilot over HTTP (R11)', () => {
  let apps: TimeSkippingApps;
  let api: INestApplication;

  const tto = as('wang.tto', 'tto_officer');
  const legal = as('zhang.legal', 'legal');
  const leader = as('sun.leader', 'unit_leader');
  const li = as('li.lei', 'inventor');
  const wu = as('wu.inv', 'inventor');
  const sha = (c: string) => c.repeat(64);
  const today = shanghaiDate(new Date());
  const terms = {
    revenueShares: '转化净收入按共有份额分配',
    decisionMaking: '转化方式与价格由共有人协商一致决定',
    costSharing: '专利年费按份额分担',
    ipMaintenance: '由学校知识产权办公室负责维护',
  };

  beforeAll(async () => {
    apps = await startAppsOnTimeSkippingServer('ownership_pilot');
    api = apps.api;
  }, 180_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  async function registerAchievement(title: string, number: string): Promise<string> {
    const res = await http()
      .post('/achievements')
      .set(tto)
      .send({
        kind: 'invention_patent',
        title,
        inventors: [
          { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
          { userId: 'wu.inv', name: '吴', shareBasisPoints: 4000 },
        ],
        classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
        rights: {
          applicationNumber: `CN2019${number}.X`,
          filingDate: '2019-03-01',
          grantDate: '2021-05-01',
          patentNumber: `ZL2019${number}.X`,
        },
        evidence: { summary: '专利证书扫描件', documentSha256: [sha('a')] },
      })
      .expect(201);
    return res.body.achievementId;
  }

  /** Every party signs the round with the terms hash its read model shows. */
  async function signAgreement(achievementId: string): Promise<void> {
    const path = `/sign-offs/ownership-agreement-${achievementId}/ownership-agreement-signature`;
    const round = await eventually(async () => {
      const res = await http().get(path).set(tto);
      return res.status === 200 ? res.body : undefined;
    });
    for (const actor of [li, wu, tto, legal, leader]) {
      await http().post(`${path}/signatures`).set(actor).send({ termsHash: round.termsHash }).expect(200);
    }
  }

  const registerShows = (achievementId: string, ready: (body: Record<string, any>) => boolean) =>
    eventually(async () => {
      const res = await http().get(`/achievements/${achievementId}`).set(tto);
      return res.status === 200 && ready(res.body) ? res.body : undefined;
    });

  let useRightOn: string;
  let shortOn: string;
  let coOwnedOn: string;

  it('refuses an agreement while the unit is not a pilot unit', async () => {
    useRightOn = await registerAchievement('一种青稞秸秆生物质炭制备方法', '10000001');
    shortOn = await registerAchievement('一种高原土壤修复菌剂', '10000002');
    coOwnedOn = await registerAchievement('一种低温固态电池电解质', '10000003');
    await registerShows(coOwnedOn, (a) => a.status === 'granted');
    const refused = await http()
      .post(`/achievements/${useRightOn}/ownership-agreement`)
      .set(tto)
      .send({ grant: { kind: 'use_right', years: 10, startsOn: today }, terms })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'R11_NOT_A_PILOT_UNIT' });
  });

  it('the TTO makes the unit a pilot unit from the start of the year', async () => {
    await http()
      .post('/ownership-pilot/policy/versions')
      .set(tto)
      .send({ pilot: true, effectiveFrom: `${today.slice(0, 4)}-01-01`, basis: '省科技厅赋权试点单位通知' })
      .expect(201);
    await http().post('/ownership-pilot/policy/versions').set(li).send({ pilot: false, effectiveFrom: today, basis: 'x' }).expect(403);
    const policy = await http().get('/ownership-pilot/policy').set(li).expect(200);
    expect(policy.body).toMatchObject({ pilotToday: true, versions: [{ version: 1, pilot: true }] });
  });

  it('a 10-year use right is accepted, signed by every party, and shown by the register while the unit stays owner', async () => {
    const proposed = await http()
      .post(`/achievements/${useRightOn}/ownership-agreement`)
      .set(tto)
      .send({ grant: { kind: 'use_right', years: 10, startsOn: today }, terms })
      .expect(201);
    expect(proposed.body).toMatchObject({ streamId: `ownership-agreement-${useRightOn}`, signOffId: 'ownership-agreement-signature' });
    await signAgreement(useRightOn);
    const shown = await registerShows(useRightOn, (a) => a.useRights.length === 1);
    expect(shown.owner).toEqual({ kind: 'unit' });
    expect(shown.useRights[0]).toMatchObject({ userIds: ['li.lei', 'wu.inv'], years: 10, startsOn: today });
  });

  it('a 9-year use right is refused and nothing is opened', async () => {
    const refused = await http()
      .post(`/achievements/${shortOn}/ownership-agreement`)
      .set(tto)
      .send({ grant: { kind: 'use_right', years: 9, startsOn: today }, terms })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'R11_USE_RIGHT_TOO_SHORT', years: 9, minimumYears: 10 });
    await http().get(`/sign-offs/ownership-agreement-${shortOn}/ownership-agreement-signature`).set(tto).expect(404);
  });

  it('an empty body is refused as invalid, not a server error', async () => {
    const refused = await http().post(`/achievements/${shortOn}/ownership-agreement`).set(tto).send({}).expect(422);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('an agreement without its IP maintenance terms is refused', async () => {
    const refused = await http()
      .post(`/achievements/${shortOn}/ownership-agreement`)
      .set(tto)
      .send({ grant: { kind: 'whole' }, terms: { ...terms, ipMaintenance: '' } })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'R11_IP_MAINTENANCE_REQUIRED' });
  });

  it('a co-ownership agreement without the unit’s share of the income as a number is refused (R11, ADR 24)', async () => {
    const refused = await http()
      .post(`/achievements/${coOwnedOn}/ownership-agreement`)
      .set(tto)
      .send({ grant: { kind: 'co_ownership', inventorsShareBasisPoints: 7000 }, terms })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'R11_REVENUE_SPLIT_REQUIRED' });
  });

  it('a co-ownership agreement, once signed, makes the inventors co-owners; its subject names the unit’s income share', async () => {
    await http()
      .post(`/achievements/${coOwnedOn}/ownership-agreement`)
      .set(tto)
      .send({ grant: { kind: 'co_ownership', inventorsShareBasisPoints: 7000, unitRevenueShareBasisPoints: 4000 }, terms })
      .expect(201);
    const round = await eventually(async () => {
      const res = await http().get(`/sign-offs/ownership-agreement-${coOwnedOn}/ownership-agreement-signature`).set(li);
      return res.status === 200 ? res.body : undefined;
    });
    expect(round.subject).toContain("unit's income share 40%");
    await signAgreement(coOwnedOn);
    const shown = await registerShows(coOwnedOn, (a) => a.owner.kind === 'co_owned');
    expect(shown.owner).toEqual({
      kind: 'co_owned',
      unitShareBasisPoints: 3000,
      coOwners: [
        { userId: 'li.lei', shareBasisPoints: 4200 },
        { userId: 'wu.inv', shareBasisPoints: 2800 },
      ],
      agreementId: `ownership-agreement-${coOwnedOn}`,
    });
    // The signed split: the unit's 40 %, the co-owners' 60 % by contribution (ADR 24).
    expect(shown.unitIncomeShare).toEqual({ shareBasisPoints: 4000, basis: 'agreement', agreementId: `ownership-agreement-${coOwnedOn}` });
    expect(shown.revenueSplit).toEqual({
      unitShareBasisPoints: 4000,
      coOwners: [
        { userId: 'li.lei', shareBasisPoints: 3600 },
        { userId: 'wu.inv', shareBasisPoints: 2400 },
      ],
    });
  });

  describe("a transfer case on the co-owned achievement goes through the co-owners' consent (R11)", () => {
    let caseId: string;
    const consent = () => `/sign-offs/transfer-case-${caseId}/co-owners-consent`;
    const caseWhen = (status: string, ready: (body: Record<string, any>) => boolean = () => true) =>
      eventually(async () => {
        const res = await http().get(`/transfer-cases/${caseId}`).set(tto);
        return res.status === 200 && res.body.status === status && ready(res.body) ? res.body : undefined;
      });
    /** The round as a party sees it on their to-sign list (the portal's), with the hash they sign. */
    const onToSignList = (actor: Record<string, string>) =>
      eventually(async () => {
        const res = await http().get('/sign-offs/pending').set(actor);
        return res.body.items?.find(
          (p: { streamId: string; signOffId: string }) => p.streamId === `transfer-case-${caseId}` && p.signOffId === 'co-owners-consent',
        );
      });

    it('the case opens with the consent round; nothing moves before the co-owners consent', async () => {
      const opened = await http()
        .post('/transfer-cases')
        .set(tto)
        .send({
          achievementId: coOwnedOn,
          mode: { kind: 'license', exclusivity: 'exclusive' },
          pricingMethod: 'agreement',
          counterparty: { name: '高原新能源有限公司' },
          proposedPriceFen: 30_000_000,
        })
        .expect(201);
      caseId = opened.body.caseId;
      const pending = await caseWhen('awaiting_co_owners_consent', (c) => c.coOwnersConsent?.termsHash);
      expect(pending.coOwnersConsent).toMatchObject({
        signOffId: 'co-owners-consent',
        status: 'pending',
        round: 1,
        agreementId: `ownership-agreement-${coOwnedOn}`,
        unitShareBasisPoints: 3000,
        coOwners: [
          { userId: 'li.lei', shareBasisPoints: 4200 },
          { userId: 'wu.inv', shareBasisPoints: 2800 },
        ],
      });
      const refused = await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 }).expect(409);
      expect(refused.body).toMatchObject({ code: 'R11_CO_OWNERS_CONSENT_REQUIRED', coOwners: ['li.lei', 'wu.inv'], consent: 'pending' });
      // The register records the case as open on the co-owned achievement (the case holds the consent).
      await registerShows(coOwnedOn, (a) => a.openCaseIds?.includes(caseId));
    });

    it('each co-owner and the unit leader find the round on their to-sign list; a co-owner never consents for the unit', async () => {
      expect(await onToSignList(li)).toMatchObject({ partyId: 'co-owner-li.lei' });
      expect(await onToSignList(wu)).toMatchObject({ partyId: 'co-owner-wu.inv' });
      expect(await onToSignList(leader)).toMatchObject({ partyId: 'unit' });
      const round = await http().get(consent()).set(li).expect(200);
      const asLeader = await http()
        .post(`${consent()}/signatures`)
        .set(as('li.lei', 'unit_leader'))
        .send({ termsHash: round.body.termsHash, partyId: 'unit' })
        .expect(403);
      expect(asLeader.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST' });
    });

    it('a refused consent stops the case', async () => {
      const { termsHash } = (await http().get(consent()).set(li).expect(200)).body;
      await http().post(`${consent()}/signatures`).set(li).send({ termsHash }).expect(200);
      await http().post(`${consent()}/rejections`).set(wu).send({ reason: '许可价格偏低' }).expect(200);
      await caseWhen('co_owners_consent_refused', (c) => c.coOwnersConsent?.status === 'refused');
      const refused = await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 }).expect(409);
      expect(refused.body).toMatchObject({ code: 'R11_CO_OWNERS_CONSENT_REQUIRED', consent: 'refused' });
    });

    it('the refused round may be reopened; a revised price opens another; once every co-owner and the unit consent, the notice is published', async () => {
      await http().post(`/transfer-cases/${caseId}/co-owners-consent`).set(tto).expect(200);
      await caseWhen('awaiting_co_owners_consent', (c) => c.coOwnersConsent?.round === 2);
      await http().post(`/transfer-cases/${caseId}/co-owners-consent`).set(tto).expect(409);
      await http().post(`/transfer-cases/${caseId}/price`).set(tto).send({ proposedPriceFen: 36_000_000 }).expect(200);
      const pending = await caseWhen('awaiting_co_owners_consent', (c) => c.coOwnersConsent?.round === 3);
      for (const actor of [li, wu, leader]) {
        await http().post(`${consent()}/signatures`).set(actor).send({ termsHash: pending.coOwnersConsent.termsHash }).expect(200);
      }
      await caseWhen('awaiting_publicity', (c) => c.coOwnersConsent?.status === 'given');
      await http().post(`/transfer-cases/${caseId}/publicity`).set(tto).send({ days: 15 }).expect(200);
      const inPublicity = await caseWhen('in_publicity');
      expect(inPublicity.publicity).toMatchObject({ round: 1, priceFen: 36_000_000 });
    });
  });
});
