import { deciderSpec } from '../../../../test/support/decider-spec';
import { equityReleasedOn, isPrincipalLeaderOn, leaderRosterDecider, LeaderRosterState, oneYearAfter } from './leader-roster.decider';
import { LeaderRosterEvent } from './leader-roster.events';

const spec = deciderSpec(leaderRosterDecider);
const NOW = '2026-01-05T02:00:00.000Z';
const admin = { userId: 'ops', role: 'admin' };
const base = { recordedBy: 'ops', recordedAt: NOW, ruleKeys: ['R9'] };
const began: LeaderRosterEvent = {
  type: 'PrincipalLeaderTenureBegan',
  userId: 'sun',
  name: '孙',
  post: '校长',
  from: '2020-09-01',
  ...base,
};
const ended: LeaderRosterEvent = { type: 'PrincipalLeaderTenureEnded', userId: 'sun', until: '2024-02-29', ...base };
const fold = (events: LeaderRosterEvent[]): LeaderRosterState =>
  events.reduce(leaderRosterDecider.evolve, leaderRosterDecider.initialState);

describe('principal-leader roster (R9)', () => {
  it('records tenures that never overlap and end after they begin', () => {
    spec
      .given([])
      .when({ type: 'BeginTenure', userId: 'sun', name: '孙', post: '校长', from: '2020-09-01', actor: admin, now: NOW })
      .then([began]);
    spec
      .given([began])
      .when({ type: 'BeginTenure', userId: 'sun', name: '孙', post: '校长', from: '2022-01-01', actor: admin, now: NOW })
      .thenFails('R9_TENURE_OVERLAPS', 409);
    spec
      .given([began])
      .when({ type: 'EndTenure', userId: 'sun', until: '2019-01-01', actor: admin, now: NOW })
      .thenFails('R9_TENURE_INVALID', 422);
    spec
      .given([])
      .when({ type: 'EndTenure', userId: 'sun', until: '2024-01-01', actor: admin, now: NOW })
      .thenFails('R9_TENURE_NOT_FOUND', 404);
    spec
      .given([])
      .when({
        type: 'BeginTenure',
        userId: 'sun',
        name: '孙',
        post: '校长',
        from: '2020-09-01',
        actor: { userId: 'w', role: 'tto_officer' },
        now: NOW,
      })
      .thenFails('ROLE_NOT_ALLOWED', 403);
  });

  it('says who was a principal leader on a day, and releases pre-tenure equity one year after leaving', () => {
    const roster = fold([began, ended]);
    expect(isPrincipalLeaderOn(roster, 'sun', '2020-08-31')).toBe(false);
    expect(isPrincipalLeaderOn(roster, 'sun', '2024-02-29')).toBe(true);
    expect(isPrincipalLeaderOn(roster, 'sun', '2024-03-01')).toBe(false);
    expect(equityReleasedOn(fold([began]), 'sun')).toBeNull();
    expect(oneYearAfter('2024-02-29')).toBe('2025-02-28');
    expect(equityReleasedOn(roster, 'sun')).toBe('2025-03-01');
  });
});
