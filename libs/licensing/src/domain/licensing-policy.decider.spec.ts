import { deciderSpec } from '../../../../test/support/decider-spec';
import { LicensingPolicyEvent } from './licence.events';
import { LicensingPolicyCommand, licensingPolicyDecider, licensingPolicyOn } from './licensing-policy.decider';

const spec = deciderSpec(licensingPolicyDecider);
const NOW = '2026-06-01T02:00:00.000Z';
const tto = { userId: 'wang', role: 'tto_officer' };
const publish = (overrides: Partial<LicensingPolicyCommand> = {}): LicensingPolicyCommand => ({
  type: 'PublishLicensingPolicy',
  useFirstPayLaterClasses: ['sme'],
  effectiveFrom: '2026-07-01',
  basis: '关于开展科技成果先使用后付费改革试点的实施方案',
  actor: tto,
  now: NOW,
  ...overrides,
});
const v1: LicensingPolicyEvent = {
  type: 'LicensingPolicyPublished',
  version: 1,
  useFirstPayLaterClasses: ['sme'],
  effectiveFrom: '2026-07-01',
  basis: '关于开展科技成果先使用后付费改革试点的实施方案',
  publishedBy: 'wang',
  publishedAt: NOW,
  ruleKeys: ['R15'],
};

describe('the licensing policy (R15)', () => {
  it('publishes which licensee classes may use first and pay later, from a date on', () => {
    spec.given([]).when(publish()).then([v1]);
  });

  it('lists each class once, in the catalogue’s order', () => {
    spec
      .given([v1])
      .when(publish({ useFirstPayLaterClasses: ['individual', 'sme', 'sme'], effectiveFrom: '2027-01-01' }))
      .then([{ ...v1, version: 2, useFirstPayLaterClasses: ['sme', 'individual'], effectiveFrom: '2027-01-01' }]);
  });

  it('refuses other roles, an unknown class, a bad date, no basis, a date not after the latest', () => {
    spec
      .given([])
      .when(publish({ actor: { userId: 'x', role: 'finance' } }))
      .thenFails('ROLE_NOT_ALLOWED', 403);
    spec
      .given([])
      .when(publish({ useFirstPayLaterClasses: ['startup'] }))
      .thenFails('R15_POLICY_CLASS_INVALID', 422);
    spec
      .given([])
      .when(publish({ effectiveFrom: '2026-13-01' }))
      .thenFails('R15_INVALID_DATE', 422);
    spec
      .given([])
      .when(publish({ basis: '  ' }))
      .thenFails('R15_POLICY_BASIS_REQUIRED', 422);
    spec.given([v1]).when(publish()).thenFails('R15_POLICY_EFFECTIVE_DATE_NOT_LATER', 409);
  });

  it('the version in force on a date is the latest effective on or before it', () => {
    const state = [v1, { ...v1, version: 2, useFirstPayLaterClasses: [], effectiveFrom: '2027-01-01' }].reduce(
      licensingPolicyDecider.evolve,
      licensingPolicyDecider.initialState,
    );
    expect(licensingPolicyOn(state, '2026-06-30')).toBeNull();
    expect(licensingPolicyOn(state, '2026-07-01')?.useFirstPayLaterClasses).toEqual(['sme']);
    expect(licensingPolicyOn(state, '2027-01-01')?.useFirstPayLaterClasses).toEqual([]);
  });
});
