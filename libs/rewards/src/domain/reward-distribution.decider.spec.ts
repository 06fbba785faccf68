import { AchievementState, initialAchievementState } from '@chengguo/achievement-register/domain';
import { IncomeEvent, incomeLedgerDecider, IncomeLedgerState } from '@chengguo/income-ledger/domain';
import { isRuleViolation } from '@chengguo/kernel';
import { SignOffEvent } from '@chengguo/sign-off/domain';
import { deciderSpec } from '../../../../test/support/decider-spec';
import { leaderRosterDecider, LeaderRosterState } from './leader-roster.decider';
import { LeaderRosterEvent } from './leader-roster.events';
import {
  DistributionFacts,
  RewardDistributionCommand,
  rewardDistributionDecider,
  RewardDistributionState,
  splitByShares,
} from './reward-distribution.decider';
import { RewardDistributionComputed, RewardDistributionEvent } from './reward-distribution.events';
import { rewardDistributionComputedV1ToV2 } from './reward-distribution.upcasters';
import { rewardSchemeDecider, RewardSchemeState } from './reward-scheme.decider';
import { RewardRules, RewardSchemeEvent } from './reward-scheme.events';

const spec = deciderSpec(rewardDistributionDecider);
type Command<T extends RewardDistributionCommand['type']> = Extract<RewardDistributionCommand, { type: T }>;
const NOW = '2026-03-02T02:00:00.000Z'; // 2026: the 2025 income year has ended
const tto = { userId: 'wang.tto', role: 'tto_officer' };
const finance = { userId: 'zhao.fin', role: 'finance' };
const evidence = { summary: '回单', documentSha256: ['b'.repeat(64)] };

const register: AchievementState = {
  ...initialAchievementState,
  status: 'transferred',
  achievementId: 'a-1',
  inventors: [
    { userId: 'li', name: '李雷', shareBasisPoints: 6_000 },
    { userId: 'han', name: '韩梅梅', shareBasisPoints: 4_000 },
  ],
  links: { disclosureId: 'a-1', contractIds: [], caseIds: ['c-1', 'c-2'] },
};

const receipt = (receiptId: string, amountFen: number, receivedOn: string, extra: Partial<Record<string, unknown>> = {}): IncomeEvent =>
  ({
    type: 'IncomeReceived',
    achievementId: 'a-1',
    receiptId,
    source: 'transfer',
    form: 'cash',
    amountFen,
    receivedOn,
    payer: '某某公司',
    invoiceNumber: null,
    contractReference: 'c-1',
    evidence,
    recordedBy: 'zhao.fin',
    recordedAt: NOW,
    ruleKeys: ['R8', 'R14'],
    ...extra,
  }) as IncomeEvent;

const cost = (amountFen: number, incurredOn: string): IncomeEvent => ({
  type: 'DeductibleCostRecorded',
  achievementId: 'a-1',
  costId: `x-${incurredOn}`,
  category: 'appraisal',
  amountFen,
  incurredOn,
  description: '评估费',
  evidence,
  recordedBy: 'zhao.fin',
  recordedAt: NOW,
  ruleKeys: ['R8', 'R14'],
});

const incomeOf = (events: IncomeEvent[]): IncomeLedgerState => events.reduce(incomeLedgerDecider.evolve, incomeLedgerDecider.initialState);
const registered = { 'c-1': { registrationNumber: '2025440100000001', registeredOn: '2025-05-01' } };

const rules = (contributors: number, publicityDays = 10): RewardRules => ({
  contributorShareBps: { transfer: contributors, license: contributors, equity_investment: contributors, technology_contract: 3_000 },
  ttoShareBps: { transfer: 1_000, license: 1_000, equity_investment: 0, technology_contract: 500 },
  paymentDeadlineDays: 60,
  publicityDays,
});

/** A scheme version in force from `effectiveFrom` (proposed, then its adoption round closed signed). */
function schemeInForce(effectiveFrom: string, r: RewardRules): RewardSchemeState {
  const events: RewardSchemeEvent[] = [
    {
      type: 'RewardSchemeProposed',
      version: 1,
      effectiveFrom,
      rules: r,
      consultation: { heldOn: '2025-01-10', summary: '教职工代表大会讨论通过', documentSha256: ['c'.repeat(64)] },
      proposedBy: 'wang.tto',
      proposedAt: NOW,
      signOffId: 'scheme-adoption-v1',
      ruleKeys: ['R8'],
    },
    { type: 'SignOffRoundClosed', signOffId: 'scheme-adoption-v1', round: 1, outcome: 'signed', closedAt: NOW, closedBy: null },
  ];
  return events.reduce(rewardSchemeDecider.evolve, rewardSchemeDecider.initialState);
}

const noScheme: RewardSchemeState = rewardSchemeDecider.initialState;
const noLeaders: LeaderRosterState = leaderRosterDecider.initialState;
const liIsLeader: LeaderRosterState = (
  [
    {
      type: 'PrincipalLeaderTenureBegan',
      userId: 'li',
      name: '李雷',
      post: '院长',
      from: '2024-01-01',
      recordedBy: 'admin',
      recordedAt: NOW,
      ruleKeys: ['R9'],
    },
  ] as LeaderRosterEvent[]
).reduce(leaderRosterDecider.evolve, leaderRosterDecider.initialState);

const facts = (overrides: Partial<DistributionFacts> = {}): DistributionFacts => ({
  income: incomeOf([receipt('r-1', 10_000_000, '2025-04-01'), receipt('r-2', 20_000_000, '2025-10-01')]),
  register,
  scheme: noScheme,
  roster: noLeaders,
  caseRegistrations: registered,
  ...overrides,
});

const compute = (overrides: Partial<Command<'ComputeRewardDistribution'>> = {}): Command<'ComputeRewardDistribution'> => ({
  type: 'ComputeRewardDistribution',
  distributionId: 'a-1-2025',
  achievementId: 'a-1',
  year: 2025,
  waiveLeaderEquity: [],
  facts: facts(),
  actor: tto,
  now: NOW,
  ...overrides,
});

function computed(command: Command<'ComputeRewardDistribution'> = compute()): RewardDistributionComputed {
  const events = rewardDistributionDecider.decide(command, rewardDistributionDecider.initialState);
  if (isRuleViolation(events)) throw new Error(`refused: ${events.code} ${events.detail}`);
  return events[0] as RewardDistributionComputed;
}

const fold = (events: RewardDistributionEvent[]): RewardDistributionState =>
  events.reduce(rewardDistributionDecider.evolve, rewardDistributionDecider.initialState);
const closed = (signOffId: string, outcome: 'signed' | 'rejected' = 'signed'): SignOffEvent => ({
  type: 'SignOffRoundClosed',
  signOffId,
  round: 1,
  outcome,
  closedAt: NOW,
  closedBy: null,
});

describe('reward distribution: the pool (R8, statutory default, scheme by date received)', () => {
  it('without a scheme, gives the contributors the statutory 50 % of net income and says so', () => {
    const c = computed();
    expect(c.cashPoolFen).toBe(15_000_000);
    expect(c.ttoShareFen).toBe(0);
    expect(c.receipts.map((r) => r.basis)).toEqual([{ kind: 'statutory_default' }, { kind: 'statutory_default' }]);
  });

  it('computes each receipt under the scheme in force on the date it was received', () => {
    // Version 1 in force from 2025-07-01 (70 %): r-1 (April) falls under the law's 50 %, r-2 (October) under 70 %.
    const c = computed(compute({ facts: facts({ scheme: schemeInForce('2025-07-01', rules(7_000)) }) }));
    expect(c.receipts.map((r) => [r.receiptId, r.contributorShareBps, r.basis.kind])).toEqual([
      ['r-1', 5_000, 'statutory_default'],
      ['r-2', 7_000, 'scheme'],
    ]);
    expect(c.cashPoolFen).toBe(5_000_000 + 14_000_000);
    expect(c.ttoShareFen).toBe(2_000_000);
  });

  it('deducts the year’s costs in proportion, and only income of that year', () => {
    const income = incomeOf([
      receipt('r-1', 10_000_000, '2025-04-01'),
      receipt('r-2', 20_000_000, '2025-10-01'),
      receipt('r-3', 99_000_000, '2026-01-05'),
      cost(6_000_000, '2025-02-01'),
    ]);
    const c = computed(compute({ facts: facts({ income }) }));
    expect(c).toMatchObject({
      cashReceivedFen: 30_000_000,
      deductibleCostsFen: 6_000_000,
      netIncomeFen: 24_000_000,
      cashPoolFen: 12_000_000,
    });
  });

  describe('R11 (ADR 24): only the unit’s own part of a co-owned achievement’s income funds the pools', () => {
    const coOwned = (
      revenueSplit: { unitShareBasisPoints: number; coOwners: Array<{ userId: string; shareBasisPoints: number }> } | null,
    ) => ({
      ...register,
      incomeSplit: { agreementId: 'ownership-agreement-a-1', unitOwnershipShareBasisPoints: 3_000, revenueSplit },
    });
    const income = incomeOf([
      receipt('r-1', 10_000_000, '2025-04-01'),
      receipt('r-2', 20_000_000, '2025-10-01'),
      receipt('r-e', 4_000_000, '2025-11-01', { source: 'equity_investment', form: 'equity' }),
      cost(6_000_000, '2025-02-01'),
    ]);

    it('says the unit’s income is all of it when the achievement was never co-owned', () =>
      expect(computed(compute({ facts: facts({ income }) }))).toMatchObject({
        netIncomeFen: 24_000_000,
        unitIncome: { shareBasisPoints: 10_000, basis: 'sole', agreementId: null, netIncomeFen: 24_000_000 },
        cashPoolFen: 12_000_000,
        equityPoolFen: 2_000_000,
      }));
    it('computes the pools on the share the signed agreement gives the unit, and says so', () => {
      const split = {
        unitShareBasisPoints: 4_000,
        coOwners: [
          { userId: 'li', shareBasisPoints: 3_600 },
          { userId: 'han', shareBasisPoints: 2_400 },
        ],
      };
      const scheme = schemeInForce('2025-01-01', rules(7_000));
      expect(computed(compute({ facts: facts({ income, register: coOwned(split), scheme }) }))).toMatchObject({
        cashReceivedFen: 30_000_000,
        netIncomeFen: 24_000_000,
        unitIncome: { shareBasisPoints: 4_000, basis: 'agreement', agreementId: 'ownership-agreement-a-1', netIncomeFen: 9_600_000 },
        // 70 % of the unit's 9 600 000 fen; 10 % of it to the TTO; 70 % of the unit's 40 % of the shares.
        cashPoolFen: 6_720_000,
        ttoShareFen: 960_000,
        equityPoolFen: 1_120_000,
      });
    });
    it('without a signed number (an agreement in words only), counts the unit’s share of the right', () =>
      expect(computed(compute({ facts: facts({ income, register: coOwned(null) }) }))).toMatchObject({
        unitIncome: { shareBasisPoints: 3_000, basis: 'ownership_share', netIncomeFen: 7_200_000 },
        cashPoolFen: 3_600_000,
        equityPoolFen: 600_000,
      }));
    it('refuses a distribution when the agreement leaves the unit none of the income', () =>
      spec
        .given([])
        .when(
          compute({
            facts: facts({
              income,
              register: coOwned({ unitShareBasisPoints: 0, coOwners: [{ userId: 'li', shareBasisPoints: 10_000 }] }),
            }),
          }),
        )
        .thenFails('REWARD_NOTHING_TO_DISTRIBUTE', 409));
    it('reads a distribution computed before (v1) as computed on the whole', () =>
      expect(
        rewardDistributionComputedV1ToV2.upcast(
          { netIncomeFen: 24_000_000 },
          { type: 'RewardDistributionComputed', schemaVersion: 1, streamId: 'x' },
        ),
      ).toEqual({
        netIncomeFen: 24_000_000,
        unitIncome: { shareBasisPoints: 10_000, basis: 'sole', agreementId: null, netIncomeFen: 24_000_000 },
      }));
  });

  it('R8: refuses while a receipt’s contract is unregistered, and computes once it is registered', () => {
    const unregistered = compute({ facts: facts({ caseRegistrations: { 'c-1': null } }) });
    spec.given([]).when(unregistered).thenFails('R8_CONTRACT_NOT_REGISTERED', 409, { receiptId: 'r-1', contractReference: 'c-1' });
    spec.given([]).when(compute()).then([computed()]);
  });

  it('R8: a technology contract needs its registration in the ledger and a scheme setting its share', () => {
    const tech = receipt('r-t', 8_000_000, '2025-06-01', { source: 'technology_contract', contractReference: '2025-4401-0012' });
    const registration: IncomeEvent = {
      type: 'TechnologyContractRegistrationRecorded',
      achievementId: 'a-1',
      contractReference: '2025-4401-0012',
      registrationNumber: '2025440100012345',
      registeredOn: '2025-05-20',
      evidence,
      recordedBy: 'zhao.fin',
      recordedAt: NOW,
      ruleKeys: ['R8'],
    };
    spec
      .given([])
      .when(compute({ facts: facts({ income: incomeOf([tech]) }) }))
      .thenFails('R8_CONTRACT_NOT_REGISTERED', 409);
    spec
      .given([])
      .when(compute({ facts: facts({ income: incomeOf([tech, registration]) }) }))
      .thenFails('R8_NO_SCHEME_FOR_ROUTE', 409, { receiptId: 'r-t', route: 'technology_contract' });
    const c = computed(
      compute({ facts: facts({ income: incomeOf([tech, registration]), scheme: schemeInForce('2025-01-01', rules(6_000)) }) }),
    );
    expect(c.cashPoolFen).toBe(2_400_000);
  });

  it('keeps dividends and the R3 share out of the pool, and says why', () => {
    const income = incomeOf([
      receipt('r-1', 10_000_000, '2025-04-01'),
      receipt('r-d', 1_000_000, '2025-08-01', { source: 'equity_dividend', contractReference: 'c-2' }),
    ]);
    const c = computed(compute({ facts: facts({ income }) }));
    expect(c.excluded).toEqual([{ receiptId: 'r-d', source: 'equity_dividend', reason: 'not_a_reward_route' }]);
    // The dividend stays income of the year (it would bear its part of costs), but funds no reward.
    expect(c.cashPoolFen).toBe(5_000_000);
  });

  it('refuses a year not yet ended, an unregistered achievement, and a year with nothing to distribute', () => {
    spec
      .given([])
      .when(compute({ year: 2026 }))
      .thenFails('REWARD_PERIOD_NOT_ENDED', 409);
    spec
      .given([])
      .when(compute({ facts: facts({ register: initialAchievementState }) }))
      .thenFails('ACHIEVEMENT_NOT_REGISTERED', 404);
    spec
      .given([])
      .when(compute({ facts: facts({ income: incomeOf([]) }) }))
      .thenFails('REWARD_NOTHING_TO_DISTRIBUTE', 409);
  });
});

describe('reward distribution: the split, R9 and R10', () => {
  it('splits by the register’s inventor shares, exactly to the fen', () => {
    const c = computed(compute({ facts: facts({ income: incomeOf([receipt('r-1', 10_000_001, '2025-04-01')]) }) }));
    expect(c.cashPoolFen).toBe(5_000_000);
    expect(c.contributors.map((p) => [p.userId, p.shareBps, p.cashFen])).toEqual([
      ['li', 6_000, 3_000_000],
      ['han', 4_000, 2_000_000],
    ]);
    expect(splitByShares(100, [3_333, 3_333, 3_334])).toEqual([33, 33, 34]);
    expect(splitByShares(1, [5_000, 5_000])).toEqual([1, 0]);
  });

  it('R10: half of a cash reward counts as wage income, outside next year’s wage-total base; equity is taxed later', () => {
    const income = incomeOf([
      receipt('r-1', 10_000_001, '2025-04-01'),
      receipt('r-e', 40_000_000, '2025-05-01', { source: 'equity_investment', form: 'equity', contractReference: 'c-2' }),
    ]);
    const c = computed(compute({ facts: facts({ income, caseRegistrations: { ...registered, 'c-2': registered['c-1'] } }) }));
    expect(c.contributors[0]).toMatchObject({
      userId: 'li',
      cashFen: 3_000_000,
      equityFen: 12_000_000,
      tax: [
        { kind: 'cash_half_as_wage_income', countsAsWageIncomeFen: 1_500_000, inWageTotalBase: false },
        { kind: 'equity_deferred_until_dividend_or_sale' },
      ],
    });
  });

  it('R9: refuses equity to a principal leader unless recorded as waived; cash is theirs', () => {
    const income = incomeOf([
      receipt('r-1', 10_000_000, '2025-04-01'),
      receipt('r-e', 40_000_000, '2025-05-01', { source: 'equity_investment', form: 'equity', contractReference: 'c-2' }),
    ]);
    const withEquity = facts({ income, roster: liIsLeader, caseRegistrations: { ...registered, 'c-2': registered['c-1'] } });
    spec
      .given([])
      .when(compute({ facts: withEquity }))
      .thenFails('R9_LEADER_EQUITY_REWARD_REFUSED', 409, { userId: 'li', equityFen: 12_000_000 });
    const c = computed(compute({ facts: withEquity, waiveLeaderEquity: ['li'] }));
    expect(c.contributors[0]).toMatchObject({ userId: 'li', principalLeader: true, cashFen: 3_000_000, equityFen: 0 });
    expect(c.waivedLeaderEquity).toEqual([{ userId: 'li', equityFen: 12_000_000 }]);
  });

  it('R9: a distribution including a principal leader is announced even where the scheme announces none', () => {
    const scheme = schemeInForce('2025-01-01', rules(6_000, 0));
    expect(computed(compute({ facts: facts({ scheme }) })).announcementDays).toBe(0);
    expect(computed(compute({ facts: facts({ scheme, roster: liIsLeader }) })).announcementDays).toBe(7);
  });

  it('a team agreement signed by every contributor changes the shares; until then the register’s hold', () => {
    const given = [computed()];
    const proposal = rewardDistributionDecider.decide(
      {
        type: 'ProposeRewardSplit',
        shares: [
          { userId: 'han', shareBps: 5_000 },
          { userId: 'li', shareBps: 5_000 },
        ],
        reason: '实际贡献调整',
        actor: tto,
        now: NOW,
      },
      fold(given),
    );
    if (isRuleViolation(proposal)) throw new Error(proposal.code);
    const round = proposal[1] as Extract<SignOffEvent, { type: 'SignOffRoundOpened' }>;
    expect(round.parties.map((p) => p.userId)).toEqual(['li', 'han']);
    expect(fold([...given, ...proposal]).contributors.map((c) => c.cashFen)).toEqual([9_000_000, 6_000_000]);
    expect(fold([...given, ...proposal, closed('team-agreement-1')]).contributors.map((c) => c.cashFen)).toEqual([7_500_000, 7_500_000]);
    expect(fold([...given, ...proposal, closed('team-agreement-1', 'rejected')]).contributors.map((c) => c.cashFen)).toEqual([
      9_000_000, 6_000_000,
    ]);
    spec
      .given(given)
      .when({ type: 'ProposeRewardSplit', shares: [{ userId: 'li', shareBps: 10_000 }], reason: 'x', actor: tto, now: NOW })
      .thenFails('R8_TEAM_SHARES_INVALID', 422);
    spec
      .given([...given, ...proposal])
      .when({ type: 'OpenRewardApproval', actor: tto, now: NOW })
      .thenFails('R8_TEAM_AGREEMENT_PENDING', 409);
  });
});

describe('reward distribution: approval, announcement and payment', () => {
  const approvalOpened = (): RewardDistributionEvent[] => {
    const events = rewardDistributionDecider.decide({ type: 'OpenRewardApproval', actor: tto, now: NOW }, fold([computed()]));
    if (isRuleViolation(events)) throw new Error(events.code);
    return events;
  };

  it('R4, R13: the approval round runs TTO → finance → unit leader, none of them a contributor or the officer who computed it', () => {
    const [round] = approvalOpened() as Array<Extract<SignOffEvent, { type: 'SignOffRoundOpened' }>>;
    expect(round).toMatchObject({
      signOffId: 'reward-approval',
      mode: { kind: 'sequence' },
      parties: [{ role: 'tto_officer' }, { role: 'finance' }, { role: 'unit_leader' }],
      conflictedUserIds: ['li', 'han', 'wang.tto'],
    });
  });

  it('is announced for the days set, paid only afterwards, once per contributor, and settled when all are paid', () => {
    const approved = [computed(), ...approvalOpened(), closed('reward-approval')];
    expect(fold(approved).status).toBe('approved');
    spec
      .given(approved)
      .when({ type: 'RecordRewardPayment', userId: 'li', paidOn: '2026-03-02', paymentReference: 'PAY-1', actor: finance, now: NOW })
      .thenFails('REWARD_WRONG_STATUS', 409);

    const announcedAt = NOW; // 2026-03-02 10:00 Asia/Shanghai; 7 days → ends 2026-03-10 00:00 +08:00
    const announced = rewardDistributionDecider.decide(
      { type: 'AnnounceRewardDistribution', actor: tto, now: announcedAt },
      fold(approved),
    );
    if (isRuleViolation(announced)) throw new Error(announced.code);
    expect(announced[0]).toMatchObject({ days: 7, endsAt: '2026-03-09T16:00:00.000Z', includesPrincipalLeader: false });
    const during = [...approved, ...announced];
    spec
      .given(during)
      .when({ type: 'CompleteRewardAnnouncement', now: '2026-03-09T15:59:59.000Z' })
      .thenFails('R9_ANNOUNCEMENT_NOT_OVER', 409);
    spec
      .given(during)
      .when({ type: 'RecordRewardPayment', userId: 'li', paidOn: '2026-03-02', paymentReference: 'PAY-1', actor: finance, now: NOW })
      .thenFails('R9_ANNOUNCEMENT_NOT_OVER', 409);

    const later = '2026-03-12T02:00:00.000Z';
    const payable = [
      ...during,
      { type: 'RewardAnnouncementCompleted', distributionId: 'a-1-2025', completedAt: '2026-03-09T16:00:00.000Z', ruleKeys: ['R9'] },
    ] as RewardDistributionEvent[];
    spec.given(payable).when({ type: 'CompleteRewardAnnouncement', now: later }).then([]);
    const pay = (userId: string): Command<'RecordRewardPayment'> => ({
      type: 'RecordRewardPayment',
      userId,
      paidOn: '2026-03-12',
      paymentReference: `PAY-${userId}`,
      actor: finance,
      now: later,
    });
    const first = rewardDistributionDecider.decide(pay('li'), fold(payable));
    if (isRuleViolation(first)) throw new Error(first.code);
    expect(first.map((e) => e.type)).toEqual(['RewardPaid']);
    expect(first[0]).toMatchObject({
      userId: 'li',
      cashFen: 9_000_000,
      tax: [{ kind: 'cash_half_as_wage_income', countsAsWageIncomeFen: 4_500_000 }],
    });
    spec
      .given([...payable, ...first])
      .when(pay('li'))
      .thenFails('REWARD_ALREADY_PAID', 409);
    spec
      .given([...payable, ...first])
      .when(pay('zhou'))
      .thenFails('REWARD_NOT_A_CONTRIBUTOR', 404);
    const second = rewardDistributionDecider.decide(pay('han'), fold([...payable, ...first]));
    if (isRuleViolation(second)) throw new Error(second.code);
    expect(second.map((e) => e.type)).toEqual(['RewardPaid', 'RewardDistributionSettled']);
  });

  it('goes back to computed when the approval is rejected', () => {
    expect(fold([computed(), ...approvalOpened(), closed('reward-approval', 'rejected')]).status).toBe('computed');
  });
});
