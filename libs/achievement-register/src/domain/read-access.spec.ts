import { AchievementClassification } from './achievement.events';
import { clearanceRequired, mayBePostedInUnit, readAccess, ReadRecord, Viewer } from './read-access';

const level = (confidentiality: AchievementClassification['confidentiality'], flags: Partial<AchievementClassification> = {}) => ({
  confidentiality,
  nationalSecurity: false,
  keyCoreTechnology: false,
  ...flags,
});
const viewer = (userId: string, role: string, clearance = 'internal'): Viewer => ({ userId, role, clearance });
const record = (classification: AchievementClassification | null, extra: Partial<ReadRecord> = {}): ReadRecord => ({
  kind: 'sign_off',
  classification,
  inventorIds: ['li'],
  partyUserIds: ['zhou.legal'],
  partyRoles: ['finance'],
  ...extra,
});

describe('read policy (confidentiality follows the achievement)', () => {
  describe('the clearance a classification demands', () => {
    it.each([
      [level('public'), 'public'],
      [level('internal'), 'internal'],
      [level('commercial_secret'), 'commercial_secret'],
      [level('state_secret'), 'state_secret'],
      [level('internal', { keyCoreTechnology: true }), 'commercial_secret'],
      [level('public', { nationalSecurity: true }), 'state_secret'],
      [level('state_secret', { keyCoreTechnology: true }), 'state_secret'],
    ])('%j demands %s', (classification, needed) => expect(clearanceRequired(classification)).toBe(needed));
  });

  it('lets the inventors read their own achievement’s records whatever its classification', () =>
    expect(readAccess(viewer('li', 'inventor', 'public'), record(level('state_secret')))).toEqual({ allowed: true, as: 'inventor' }));

  it('lets a named party, a holder of a party role, an office and the auditor read with clearance', () => {
    expect(readAccess(viewer('zhou.legal', 'legal'), record(level('internal')))).toEqual({ allowed: true, as: 'party' });
    expect(readAccess(viewer('wu', 'finance'), record(level('internal')))).toEqual({ allowed: true, as: 'party' });
    expect(readAccess(viewer('wang', 'tto_officer'), record(level('internal')))).toEqual({ allowed: true, as: 'office' });
    expect(readAccess(viewer('qin', 'auditor'), record(level('internal')))).toEqual({ allowed: true, as: 'auditor' });
    expect(readAccess(viewer('ma', 'supervisory_department'), record(level('internal')))).toEqual({ allowed: true, as: 'office' });
  });

  it('refuses them without the clearance the classification demands', () => {
    expect(readAccess(viewer('zhou.legal', 'legal'), record(level('commercial_secret')))).toEqual({
      allowed: false,
      reason: 'clearance_too_low',
      clearanceRequired: 'commercial_secret',
    });
    expect(
      readAccess(viewer('wang', 'tto_officer', 'commercial_secret'), record(level('internal', { nationalSecurity: true }))),
    ).toMatchObject({
      allowed: false,
      clearanceRequired: 'state_secret',
    });
    expect(readAccess(viewer('wang', 'tto_officer', 'state_secret'), record(level('state_secret')))).toMatchObject({ allowed: true });
  });

  it('refuses whoever is neither an inventor, a party nor an office of the record, whatever their clearance', () => {
    for (const who of [viewer('han', 'inventor', 'state_secret'), viewer('zhao', 'evaluator'), viewer('m', 'unit_member')]) {
      expect(readAccess(who, record(level('public')))).toMatchObject({ allowed: false, reason: 'not_a_reader' });
    }
  });

  it('names the offices per kind of record: no operator on cases or claims, only the auditor on the timeline', () => {
    const admin = viewer('root', 'admin');
    expect(readAccess(admin, record(null, { kind: 'disclosure', partyRoles: [] })).allowed).toBe(true);
    expect(readAccess(admin, record(null, { kind: 'transfer_case', partyRoles: [] })).allowed).toBe(false);
    expect(readAccess(admin, record(null, { kind: 'exemption_claim', partyRoles: [] })).allowed).toBe(false);
    expect(readAccess(viewer('wang', 'tto_officer'), record(null, { kind: 'audit_timeline', partyRoles: [] })).allowed).toBe(false);
    expect(readAccess(viewer('qin', 'auditor'), record(null, { kind: 'audit_timeline', partyRoles: [] })).allowed).toBe(true);
  });

  it('reads a record naming no registered achievement as unit-internal', () => {
    expect(readAccess(viewer('wang', 'tto_officer', 'internal'), record(null)).allowed).toBe(true);
    expect(readAccess(viewer('wang', 'tto_officer', 'public'), record(null))).toMatchObject({
      allowed: false,
      clearanceRequired: 'internal',
    });
  });

  it('puts nothing above unit-internal on the notice board (R7 publishes inside the unit)', () => {
    expect(mayBePostedInUnit(level('public'))).toBe(true);
    expect(mayBePostedInUnit(level('internal'))).toBe(true);
    expect(mayBePostedInUnit(level('commercial_secret'))).toBe(false);
    expect(mayBePostedInUnit(level('state_secret'))).toBe(false);
    expect(mayBePostedInUnit(level('internal', { keyCoreTechnology: true }))).toBe(false);
    expect(mayBePostedInUnit(level('public', { nationalSecurity: true }))).toBe(false);
  });

  it('reads an unknown clearance claim as public', () =>
    expect(readAccess(viewer('wang', 'tto_officer', 'top'), record(level('internal')))).toMatchObject({ allowed: false }));
});
