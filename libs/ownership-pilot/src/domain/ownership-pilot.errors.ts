import { DomainRuleViolation } from '@chengguo/kernel';

/** Refusals of the ownership pilot; stable codes naming R11 where it decides. */
export const OwnershipPilotErrors = {
  roleNotAllowed: (roles: string[]) =>
    new DomainRuleViolation('ROLE_NOT_ALLOWED', 403, `Only ${roles.join(' or ')} may do this.`, { allowedRoles: roles }),
  invalidDate: (field: string) => new DomainRuleViolation('R11_INVALID_DATE', 422, `${field} is a calendar date (YYYY-MM-DD).`, { field }),
  basisRequired: () =>
    new DomainRuleViolation('R11_POLICY_BASIS_REQUIRED', 422, 'A pilot policy version names the document it rests on (R11).'),
  effectiveDateNotLater: (latest: string) =>
    new DomainRuleViolation(
      'R11_POLICY_EFFECTIVE_DATE_NOT_LATER',
      409,
      `A new pilot policy version takes effect after the latest one (${latest}) (R11).`,
      { latestEffectiveFrom: latest },
    ),
  policyUnchanged: (pilot: boolean) =>
    new DomainRuleViolation(
      'R11_POLICY_UNCHANGED',
      409,
      `The unit is already ${pilot ? 'a pilot unit' : 'not a pilot unit'} under the latest version (R11).`,
      { pilot },
    ),
  notAPilotUnit: (date: string) =>
    new DomainRuleViolation(
      'R11_NOT_A_PILOT_UNIT',
      409,
      `The unit is not an ownership pilot unit on ${date}: only pilot units may give inventors ownership or a long-term use right (R11).`,
      { agreementDate: date },
    ),
  achievementNotRegistered: () => new DomainRuleViolation('ACHIEVEMENT_NOT_REGISTERED', 404, 'No such achievement in the register (R12).'),
  notOwnedByUnit: (owner: string) =>
    new DomainRuleViolation(
      'R11_ACHIEVEMENT_NOT_OWNED_BY_UNIT',
      409,
      `The unit does not own this achievement alone (owner: ${owner}); it cannot grant ownership or a use right of it (R11).`,
      { owner },
    ),
  noInventors: () => new DomainRuleViolation('R11_NO_INVENTORS', 409, 'The register lists no inventors for this achievement (R11).'),
  shareInvalid: () =>
    new DomainRuleViolation(
      'R11_CO_OWNERSHIP_SHARE_INVALID',
      422,
      "The inventors' co-ownership share is a whole number of basis points from 1 to 9999; the whole is its own kind of grant (R11).",
    ),
  revenueSplitRequired: () =>
    new DomainRuleViolation(
      'R11_REVENUE_SPLIT_REQUIRED',
      422,
      "A co-ownership agreement states the unit's share of the income from transforming the achievement, in basis points (R11).",
      { field: 'grant.unitRevenueShareBasisPoints' },
    ),
  revenueSplitInvalid: () =>
    new DomainRuleViolation(
      'R11_REVENUE_SPLIT_INVALID',
      422,
      "The unit's share of the income is a whole number of basis points from 0 to 10000; the co-owners share the rest (R11).",
      { field: 'grant.unitRevenueShareBasisPoints' },
    ),
  useRightTooShort: (years: number) =>
    new DomainRuleViolation('R11_USE_RIGHT_TOO_SHORT', 422, `A long-term use right runs no less than 10 years; ${years} proposed (R11).`, {
      years,
      minimumYears: 10,
    }),
  useRightTermInvalid: () =>
    new DomainRuleViolation('R11_USE_RIGHT_TERM_INVALID', 422, 'The use right runs a whole number of years, at most 50 (R11).'),
  termRequired: (code: string, field: string, what: string) =>
    new DomainRuleViolation(code, 422, `The agreement must fix ${what} (R11).`, { field }),
  agreementExists: (status: string) =>
    new DomainRuleViolation(
      'R11_AGREEMENT_EXISTS',
      409,
      `This achievement already has an ownership agreement (${status}); a new one follows only a round that was not signed (R11).`,
      { status },
    ),
};
