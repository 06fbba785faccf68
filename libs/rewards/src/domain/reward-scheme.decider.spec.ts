import { isRuleViolation } from '@chengguo/kernel';
import { SignOffEvent } from '@chengguo/sign-off/domain';
import { deciderSpec } from '../../../../test/support/decider-spec';
import { RewardSchemeCommand, rewardSchemeDecider, RewardSchemeState, rulesInForceOn } from './reward-scheme.decider';
import { RewardRules, RewardSchemeEvent } from './reward-scheme.events';

const spec = deciderSpec(rewardSchemeDecider);
const NOW = '2026-01-05T02:00:00.000Z';
const tto = { userId: 'wang.tto', role: 'tto_officer' };
const rules: RewardRules = {
  contributorShareBps: { transfer: 7_000, license: 7_000, equity_investment: 6_000, technology_contract: 3_000 },
  ttoShareBps: { transfer: 1_000, license: 1_000, equity_investment: 0, technology_contract: 500 },
  paymentDeadlineDays: 60,
  publicityDays: 5,
};
const consultation = { heldOn: '2025-12-20', summary: '教职工代表大会审议', documentSha256: ['c'.repeat(64)] };
const propose = (overrides: Partial<RewardSchemeCommand> = {}): RewardSchemeCommand => ({
  type: 'ProposeRewardScheme',
  effectiveFrom: '2026-02-01',
  rules,
  consultation,
  actor: tto,
  now: NOW,
  ...overrides,
});
const fold = (events: RewardSchemeEvent[]): RewardSchemeState =>
  events.reduce(rewardSchemeDecider.evolve, rewardSchemeDecider.initialState);
const proposed = (): RewardSchemeEvent[] => {
  const events = rewardSchemeDecider.decide(propose(), rewardSchemeDecider.initialState);
  if (isRuleViolation(events)) throw new Error(events.code);
  return events;
};
const closed = (outcome: 'signed' | 'rejected'): SignOffEvent => ({
  type: 'SignOffRoundClosed',
  signOffId: 'scheme-adoption-v1',
  round: 1,
  outcome,
  closedAt: NOW,
  closedBy: null,
});

describe('reward scheme (XZ-13, R8)', () => {
  it('is proposed after a recorded staff consultation and goes to the unit leader, then the supervisory department', () => {
    const [version, round] = proposed() as [RewardSchemeEvent, Extract<SignOffEvent, { type: 'SignOffRoundOpened' }>];
    expect(version).toMatchObject({
      type: 'RewardSchemeProposed',
      version: 1,
      effectiveFrom: '2026-02-01',
      signOffId: 'scheme-adoption-v1',
    });
    expect(round).toMatchObject({
      signOffId: 'scheme-adoption-v1',
      mode: { kind: 'sequence' },
      parties: [{ role: 'unit_leader' }, { role: 'supervisory_department' }],
    });
  });

  it('refuses a proposal without consultation, with shares over 100 %, or while another is being adopted', () => {
    spec
      .given([])
      .when(propose({ consultation: { ...consultation, documentSha256: [] } }))
      .thenFails('R8_STAFF_CONSULTATION_REQUIRED', 422);
    spec
      .given([])
      .when(propose({ rules: { ...rules, ttoShareBps: { ...rules.ttoShareBps, transfer: 3_001 } } }))
      .thenFails('R8_SCHEME_SHARES_INVALID', 422, { route: 'transfer' });
    spec.given(proposed()).when(propose()).thenFails('R8_SCHEME_PROPOSAL_PENDING', 409);
    spec
      .given([])
      .when(propose({ actor: { userId: 'sun', role: 'unit_leader' } }))
      .thenFails('ROLE_NOT_ALLOWED', 403);
  });

  it('is in force from its effective date once adopted and approved; before that, and if refused, the law’s defaults apply', () => {
    const pending = fold(proposed());
    expect(rulesInForceOn(pending, '2026-03-01', 'transfer').basis).toEqual({ kind: 'statutory_default' });
    const adopted = fold([...proposed(), closed('signed')]);
    expect(rulesInForceOn(adopted, '2026-01-31', 'transfer')).toMatchObject({
      basis: { kind: 'statutory_default' },
      contributorShareBps: 5_000,
    });
    expect(rulesInForceOn(adopted, '2026-02-01', 'transfer')).toMatchObject({
      basis: { kind: 'scheme', version: 1 },
      contributorShareBps: 7_000,
      ttoShareBps: 1_000,
      publicityDays: 5,
    });
    expect(rulesInForceOn(fold([...proposed(), closed('rejected')]), '2026-03-01', 'transfer').basis.kind).toBe('statutory_default');
    expect(rulesInForceOn(pending, '2026-03-01', 'technology_contract').contributorShareBps).toBeNull();
    spec
      .given([...proposed(), closed('signed')])
      .when(propose({ effectiveFrom: '2026-02-01' }))
      .thenFails('R8_SCHEME_EFFECTIVE_DATE_NOT_LATER', 409);
  });
});
