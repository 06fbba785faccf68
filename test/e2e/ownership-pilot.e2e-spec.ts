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
 * refused; a co-ownership agreement signed, after which the unit alone may not open a transfer case.
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

  it('a co-ownership agreement, once signed, makes the inventors co-owners; the unit alone may then not transfer it', async () => {
    await http()
      .post(`/achievements/${coOwnedOn}/ownership-agreement`)
      .set(tto)
      .send({ grant: { kind: 'co_ownership', inventorsShareBasisPoints: 7000 }, terms })
      .expect(201);
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
    const refused = await http()
      .post('/transfer-cases')
      .set(tto)
      .send({ achievementId: coOwnedOn, mode: { kind: 'transfer' }, pricingMethod: 'auction', proposedPriceFen: 30_000_000 })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'R11_CO_OWNERS_CONSENT_REQUIRED' });
  });
});
