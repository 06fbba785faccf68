import { AchievementState, initialAchievementState } from '@chengguo/achievement-register/domain';
import { SignOffEvent } from '@chengguo/sign-off/domain';
import { deciderSpec } from '../../../../test/support/decider-spec';
import {
  OwnershipAgreementCommand,
  ownershipAgreementDecider,
  OwnershipAgreementState,
  splitCoOwnership,
  yearsAfter,
} from './ownership-agreement.decider';
import { OwnershipPilotPolicyState } from './ownership-pilot-policy.decider';
import { AgreementTerms, OwnershipAgreementEvent, OwnershipAgreementProposed } from './ownership-pilot.events';
import { ownershipAgreementProposedV1ToV2 } from './ownership-pilot.upcasters';

const spec = deciderSpec(ownershipAgreementDecider);
// 10:00 in Shanghai on 1 June 2026.
const NOW = '2026-06-01T02:00:00.000Z';
const tto = { userId: 'wang', role: 'tto_officer' };
const pilot: OwnershipPilotPolicyState = { versions: [{ version: 1, pilot: true, effectiveFrom: '2026-01-01', basis: '试点通知' }] };
const register: AchievementState = {
  ...initialAchievementState,
  status: 'granted',
  achievementId: 'a-1',
  title: '一种低温固态电池电解质',
  inventors: [
    { userId: 'li', name: '李雷', shareBasisPoints: 6_000 },
    { userId: 'han', name: '韩梅梅', shareBasisPoints: 4_000 },
  ],
};
const terms: AgreementTerms = {
  revenueShares: '转化净收入按共有份额分配',
  decisionMaking: '转化方式与价格由共有人协商一致决定',
  costSharing: '专利年费按份额分担',
  ipMaintenance: '由学校知识产权办公室负责维护',
};
const propose = (
  overrides: Partial<OwnershipAgreementCommand> = {},
  facts: Partial<OwnershipAgreementCommand['facts']> = {},
): OwnershipAgreementCommand => ({
  type: 'ProposeOwnershipAgreement',
  achievementId: 'a-1',
  grant: { kind: 'use_right', years: 10, startsOn: '2026-07-01' },
  terms,
  actor: tto,
  now: NOW,
  facts: { register, policy: pilot, ...facts },
  ...overrides,
});
const fold = (events: OwnershipAgreementEvent[]): OwnershipAgreementState =>
  events.reduce(ownershipAgreementDecider.evolve, ownershipAgreementDecider.initialState);

describe('an ownership agreement (R11)', () => {
  it('gives the inventors a 10-year use right and opens the signing round of every inventor, the TTO, legal and the unit leader', () => {
    const events = ownershipAgreementDecider.decide(propose(), fold([])) as OwnershipAgreementEvent[];
    expect(events).toHaveLength(2);
    const [proposed, round] = events as [OwnershipAgreementProposed, Extract<SignOffEvent, { type: 'SignOffRoundOpened' }>];
    expect(proposed).toMatchObject({
      type: 'OwnershipAgreementProposed',
      grant: { kind: 'use_right', userIds: ['li', 'han'], years: 10, startsOn: '2026-07-01', endsOn: '2036-07-01' },
      terms,
      agreementDate: '2026-06-01',
      policyVersion: 1,
      inventorUserIds: ['li', 'han'],
      signOffId: 'ownership-agreement-signature',
      round: 1,
      ruleKeys: ['R11'],
    });
    expect(round).toMatchObject({
      type: 'SignOffRoundOpened',
      signOffId: 'ownership-agreement-signature',
      round: 1,
      mode: { kind: 'parallel' },
    });
    expect(round.parties).toEqual([
      { partyId: 'inventor-li', role: 'inventor', userId: 'li' },
      { partyId: 'inventor-han', role: 'inventor', userId: 'han' },
      { partyId: 'tto', role: 'tto_officer' },
      { partyId: 'legal', role: 'legal' },
      { partyId: 'unit-leader', role: 'unit_leader' },
    ]);
    expect(round.conflictedUserIds).toEqual(['li', 'han']);
    expect(round.achievementId).toBe('a-1');
  });

  it('refuses a use right shorter than 10 years', () =>
    spec
      .given([])
      .when(propose({ grant: { kind: 'use_right', years: 9, startsOn: '2026-07-01' } }))
      .thenFails('R11_USE_RIGHT_TOO_SHORT', 422, { years: 9, minimumYears: 10 }));
  it('refuses a use right of no whole number of years', () =>
    spec
      .given([])
      .when(propose({ grant: { kind: 'use_right', years: 0, startsOn: '2026-07-01' } }))
      .thenFails('R11_USE_RIGHT_TERM_INVALID', 422));
  it('refuses a use right without a start date', () =>
    spec
      .given([])
      .when(propose({ grant: { kind: 'use_right', years: 10, startsOn: '' } }))
      .thenFails('R11_INVALID_DATE', 422));

  it('splits a co-ownership share among the inventors by their contributions; the unit keeps the rest', () => {
    const [proposed] = ownershipAgreementDecider.decide(
      propose({ grant: { kind: 'co_ownership', inventorsShareBasisPoints: 7_001, unitRevenueShareBasisPoints: 5_000 } }),
      fold([]),
    ) as OwnershipAgreementProposed[];
    expect(proposed.grant).toEqual({
      kind: 'co_owned',
      unitShareBasisPoints: 2_999,
      coOwners: [
        { userId: 'li', shareBasisPoints: 4_201 },
        { userId: 'han', shareBasisPoints: 2_800 },
      ],
      revenueSplit: {
        unitShareBasisPoints: 5_000,
        coOwners: [
          { userId: 'li', shareBasisPoints: 3_000 },
          { userId: 'han', shareBasisPoints: 2_000 },
        ],
      },
    });
  });
  it.each([0, 10_000, 12.5])('refuses a co-ownership share of %s basis points', (share) =>
    spec
      .given([])
      .when(propose({ grant: { kind: 'co_ownership', inventorsShareBasisPoints: share, unitRevenueShareBasisPoints: 5_000 } }))
      .thenFails('R11_CO_OWNERSHIP_SHARE_INVALID', 422),
  );

  describe('the revenue split is a number every party signs (R11, ADR 24)', () => {
    const coOwnership = (unitRevenueShareBasisPoints: number | null) =>
      propose({ grant: { kind: 'co_ownership', inventorsShareBasisPoints: 7_000, unitRevenueShareBasisPoints } });
    it('refuses a co-ownership agreement that does not state the unit’s share of the income', () =>
      spec.given([]).when(coOwnership(null)).thenFails('R11_REVENUE_SPLIT_REQUIRED', 422, { field: 'grant.unitRevenueShareBasisPoints' }));
    it.each([-1, 10_001, 33.3])('refuses a unit income share of %s basis points', (share) =>
      spec.given([]).when(coOwnership(share)).thenFails('R11_REVENUE_SPLIT_INVALID', 422),
    );
    it('may leave the unit all of the income, or none of it', () => {
      const all = ownershipAgreementDecider.decide(coOwnership(10_000), fold([])) as OwnershipAgreementProposed[];
      expect(all[0].grant).toMatchObject({ revenueSplit: { unitShareBasisPoints: 10_000, coOwners: [] } });
      const none = ownershipAgreementDecider.decide(coOwnership(0), fold([])) as OwnershipAgreementProposed[];
      expect(none[0].grant).toMatchObject({
        revenueSplit: {
          unitShareBasisPoints: 0,
          coOwners: [
            { userId: 'li', shareBasisPoints: 6_000 },
            { userId: 'han', shareBasisPoints: 4_000 },
          ],
        },
      });
    });
    it('shows the unit’s income share in what every party reads and binds it by the terms hash', () => {
      type Opened = Extract<SignOffEvent, { type: 'SignOffRoundOpened' }>;
      const roundOf = (share: number) =>
        (ownershipAgreementDecider.decide(coOwnership(share), fold([])) as [OwnershipAgreementProposed, Opened])[1];
      expect(roundOf(4_000).subject).toContain("unit's income share 40%");
      expect(roundOf(4_001).termsHash).not.toBe(roundOf(4_000).termsHash);
    });
    it('reads a v1 co-ownership agreement (revenue in words only) as having no structured split', () => {
      const v1 = {
        achievementId: 'a-1',
        grant: { kind: 'co_owned', unitShareBasisPoints: 3_000, coOwners: [{ userId: 'li', shareBasisPoints: 7_000 }] },
      };
      expect(ownershipAgreementProposedV1ToV2.upcast(v1, { type: 'OwnershipAgreementProposed', schemaVersion: 1, streamId: 'x' })).toEqual({
        ...v1,
        grant: { ...v1.grant, revenueSplit: null },
      });
      const useRight = { grant: { kind: 'use_right', userIds: ['li'], years: 10, startsOn: '2026-01-01', endsOn: '2036-01-01' } };
      expect(
        ownershipAgreementProposedV1ToV2.upcast(useRight, { type: 'OwnershipAgreementProposed', schemaVersion: 1, streamId: 'x' }),
      ).toEqual(useRight);
    });
  });
  it('gives the whole to the inventors', () => {
    const [proposed] = ownershipAgreementDecider.decide(propose({ grant: { kind: 'whole' } }), fold([])) as OwnershipAgreementProposed[];
    expect(proposed.grant).toEqual({ kind: 'inventors', userIds: ['li', 'han'] });
  });

  it.each([
    ['revenueShares', 'R11_REVENUE_SHARES_REQUIRED'],
    ['decisionMaking', 'R11_DECISION_MAKING_REQUIRED'],
    ['costSharing', 'R11_COST_SHARING_REQUIRED'],
    ['ipMaintenance', 'R11_IP_MAINTENANCE_REQUIRED'],
  ] as const)('refuses an agreement that does not fix %s', (field, code) =>
    spec
      .given([])
      .when(propose({ terms: { ...terms, [field]: ' ' } }))
      .thenFails(code, 422, { field: `terms.${field}` }),
  );

  it('refuses when the unit is not a pilot unit on the agreement’s date', () =>
    spec
      .given([])
      .when(propose({}, { policy: { versions: [{ version: 1, pilot: true, effectiveFrom: '2026-06-02', basis: '试点通知' }] } }))
      .thenFails('R11_NOT_A_PILOT_UNIT', 409, { agreementDate: '2026-06-01' }));
  it('refuses when the pilot has ended by the agreement’s date', () =>
    spec
      .given([])
      .when(
        propose(
          {},
          {
            policy: {
              versions: [...pilot.versions, { version: 2, pilot: false, effectiveFrom: '2026-05-01', basis: '试点结束' }],
            },
          },
        ),
      )
      .thenFails('R11_NOT_A_PILOT_UNIT', 409));
  it('refuses when no policy was ever published', () =>
    spec
      .given([])
      .when(propose({}, { policy: { versions: [] } }))
      .thenFails('R11_NOT_A_PILOT_UNIT', 409));
  it('refuses an achievement not in the register', () =>
    spec
      .given([])
      .when(propose({}, { register: initialAchievementState }))
      .thenFails('ACHIEVEMENT_NOT_REGISTERED', 404));
  it('refuses an achievement the unit does not own alone', () =>
    spec
      .given([])
      .when(propose({}, { register: { ...register, owner: { kind: 'inventors', userIds: ['li'], contractId: 'k-1' } } }))
      .thenFails('R11_ACHIEVEMENT_NOT_OWNED_BY_UNIT', 409));
  it('refuses anyone but the TTO', () =>
    spec
      .given([])
      .when(propose({ actor: { userId: 'li', role: 'inventor' } }))
      .thenFails('ROLE_NOT_ALLOWED', 403));

  describe('its signing round', () => {
    const opened = ownershipAgreementDecider.decide(propose(), fold([])) as OwnershipAgreementEvent[];
    const closed = (outcome: 'signed' | 'rejected', round = 1): SignOffEvent => ({
      type: 'SignOffRoundClosed',
      signOffId: 'ownership-agreement-signature',
      round,
      outcome,
      closedAt: NOW,
      closedBy: null,
    });
    it('refuses a second agreement while the first is being signed or once signed', () => {
      spec.given(opened).when(propose()).thenFails('R11_AGREEMENT_EXISTS', 409, { status: 'proposed' });
      spec
        .given([...opened, closed('signed')])
        .when(propose())
        .thenFails('R11_AGREEMENT_EXISTS', 409, { status: 'signed' });
      expect(fold([...opened, closed('signed')]).status).toBe('signed');
    });
    it('takes a new proposal, in a new round, after a round that was not signed', () => {
      const again = ownershipAgreementDecider.decide(propose(), fold([...opened, closed('rejected')])) as OwnershipAgreementEvent[];
      expect(again.map((e) => [e.type, (e as { round: number }).round])).toEqual([
        ['OwnershipAgreementProposed', 2],
        ['SignOffRoundOpened', 2],
      ]);
    });
  });

  it('splits shares so they add up, and counts years by the calendar', () => {
    expect(splitCoOwnership(1, register.inventors)).toEqual([{ userId: 'li', shareBasisPoints: 1 }]);
    expect(splitCoOwnership(9_999, register.inventors).reduce((s, c) => s + c.shareBasisPoints, 0)).toBe(9_999);
    expect(yearsAfter('2028-02-29', 10)).toBe('2038-03-01');
  });
});
