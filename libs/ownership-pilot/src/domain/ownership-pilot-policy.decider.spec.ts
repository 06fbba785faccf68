import { deciderSpec } from '../../../../test/support/decider-spec';
import { OwnershipPilotPolicyCommand, ownershipPilotPolicyDecider, pilotPolicyOn } from './ownership-pilot-policy.decider';
import { OwnershipPilotPolicyPublished } from './ownership-pilot.events';

const spec = deciderSpec(ownershipPilotPolicyDecider);
const NOW = '2026-01-05T02:00:00.000Z';
const tto = { userId: 'wang', role: 'tto_officer' };
const publish = (overrides: Partial<OwnershipPilotPolicyCommand> = {}): OwnershipPilotPolicyCommand => ({
  type: 'PublishOwnershipPilotPolicy',
  pilot: true,
  effectiveFrom: '2026-01-01',
  basis: '省科技厅赋权试点通知',
  actor: tto,
  now: NOW,
  ...overrides,
});
const published = (overrides: Partial<OwnershipPilotPolicyPublished> = {}): OwnershipPilotPolicyPublished => ({
  type: 'OwnershipPilotPolicyPublished',
  version: 1,
  pilot: true,
  effectiveFrom: '2026-01-01',
  basis: '省科技厅赋权试点通知',
  publishedBy: 'wang',
  publishedAt: NOW,
  ruleKeys: ['R11'],
  ...overrides,
});

describe('the ownership pilot policy (R11)', () => {
  it('makes the unit a pilot unit from a date on', () => spec.given([]).when(publish()).then([published()]));
  it('lets an administrator publish too', () =>
    spec
      .given([])
      .when(publish({ actor: { userId: 'ops', role: 'admin' } }))
      .then([published({ publishedBy: 'ops' })]));
  it('refuses anyone else', () =>
    spec
      .given([])
      .when(publish({ actor: { userId: 'li', role: 'inventor' } }))
      .thenFails('ROLE_NOT_ALLOWED', 403));
  it('refuses a date that is no calendar day', () =>
    spec
      .given([])
      .when(publish({ effectiveFrom: '2026-02-30' }))
      .thenFails('R11_INVALID_DATE', 422));
  it('refuses a version without the document it rests on', () =>
    spec
      .given([])
      .when(publish({ basis: '  ' }))
      .thenFails('R11_POLICY_BASIS_REQUIRED', 422));
  it('refuses a version effective no later than the latest', () =>
    spec
      .given([published()])
      .when(publish({ pilot: false, effectiveFrom: '2026-01-01' }))
      .thenFails('R11_POLICY_EFFECTIVE_DATE_NOT_LATER', 409));
  it('refuses a version that changes nothing', () =>
    spec
      .given([published()])
      .when(publish({ effectiveFrom: '2027-01-01' }))
      .thenFails('R11_POLICY_UNCHANGED', 409));
  it('ends the pilot from a later date', () =>
    spec
      .given([published()])
      .when(publish({ pilot: false, effectiveFrom: '2028-01-01' }))
      .then([published({ version: 2, pilot: false, effectiveFrom: '2028-01-01' })]));
  it('answers, for a date, the version then in force', () => {
    const state = [published(), published({ version: 2, pilot: false, effectiveFrom: '2028-01-01' })].reduce(
      ownershipPilotPolicyDecider.evolve,
      ownershipPilotPolicyDecider.initialState,
    );
    expect(pilotPolicyOn(state, '2025-12-31')).toBeNull();
    expect(pilotPolicyOn(state, '2026-01-01')?.pilot).toBe(true);
    expect(pilotPolicyOn(state, '2027-12-31')?.pilot).toBe(true);
    expect(pilotPolicyOn(state, '2028-01-01')?.pilot).toBe(false);
  });
});
