import { DomainRuleViolation } from '@chengguo/kernel';

/** Refusals of the reward scheme, the leader roster and reward distributions; codes name the rule key. */
export const RewardErrors = {
  roleNotAllowed: (roles: string[]) =>
    new DomainRuleViolation('ROLE_NOT_ALLOWED', 403, `Only ${roles.join(' or ')} may do this.`, { allowedRoles: roles }),
  invalidDate: (field: string) =>
    new DomainRuleViolation('REWARD_INVALID_DATE', 422, `${field} is a calendar date (YYYY-MM-DD).`, { field }),
  sharesInvalid: (route: string) =>
    new DomainRuleViolation(
      'R8_SCHEME_SHARES_INVALID',
      422,
      `The shares for ${route} are whole basis points and the contributors' and the TTO's together do not pass 100 % (R8).`,
      { route },
    ),
  schemeDaysInvalid: (field: string) =>
    new DomainRuleViolation('R8_SCHEME_DAYS_INVALID', 422, `${field} is a whole number of days up to 365 (R8).`, { field }),
  consultationRequired: () =>
    new DomainRuleViolation(
      'R8_STAFF_CONSULTATION_REQUIRED',
      422,
      'A reward scheme is proposed after hearing the staff: the consultation’s date, summary and documents are required (XZ-13, R8).',
    ),
  proposalPending: (version: number) =>
    new DomainRuleViolation('R8_SCHEME_PROPOSAL_PENDING', 409, `Version ${version} of the reward scheme is still being adopted.`, {
      version,
    }),
  effectiveDateNotLater: (latest: string) =>
    new DomainRuleViolation('R8_SCHEME_EFFECTIVE_DATE_NOT_LATER', 409, `A new version takes effect after the latest one (${latest}).`, {
      latestEffectiveFrom: latest,
    }),
  postInvalid: () =>
    new DomainRuleViolation('R9_TENURE_INVALID', 422, 'A tenure names the person and its start, and ends on or after it starts (R9).'),
  tenureOverlaps: (userId: string) =>
    new DomainRuleViolation('R9_TENURE_OVERLAPS', 409, `${userId} already holds the post in that period (R9).`, { userId }),
  tenureNotFound: (userId: string) =>
    new DomainRuleViolation('R9_TENURE_NOT_FOUND', 404, `${userId} holds no open tenure to end (R9).`, { userId }),
};

/** Refusals of a reward distribution (R8–R10). */
export const DistributionErrors = {
  achievementNotRegistered: () => new DomainRuleViolation('ACHIEVEMENT_NOT_REGISTERED', 404, 'No such achievement in the register (R12).'),
  periodNotEnded: (year: number) =>
    new DomainRuleViolation('REWARD_PERIOD_NOT_ENDED', 409, `Rewards for ${year} are computed once the year has ended (Asia/Shanghai).`, {
      year,
    }),
  alreadyComputed: () => new DomainRuleViolation('REWARD_ALREADY_COMPUTED', 409, 'This distribution is already computed.'),
  notComputed: () => new DomainRuleViolation('REWARD_NOT_COMPUTED', 404, 'No distribution computed for this achievement and year.'),
  contractNotRegistered: (receiptId: string, contractReference: string) =>
    new DomainRuleViolation(
      'R8_CONTRACT_NOT_REGISTERED',
      409,
      `Receipt ${receiptId} arises from contract ${contractReference}, which is not registered (技术合同认定登记): it earns no reward until it is (R8).`,
      { receiptId, contractReference },
    ),
  noSchemeForRoute: (receiptId: string, route: string) =>
    new DomainRuleViolation(
      'R8_NO_SCHEME_FOR_ROUTE',
      409,
      `No reward scheme was in force for ${route.replace(/_/g, ' ')} income on the date of receipt ${receiptId}, and the law sets no default for it (R8, XZ-13).`,
      { receiptId, route },
    ),
  nothingToDistribute: () =>
    new DomainRuleViolation(
      'REWARD_NOTHING_TO_DISTRIBUTE',
      409,
      'The year’s reward routes leave no net income or shares to distribute (R8).',
    ),
  leaderEquity: (userId: string, equityFen: number) =>
    new DomainRuleViolation(
      'R9_LEADER_EQUITY_REWARD_REFUSED',
      409,
      `${userId} held a principal leader's post: they may receive cash rewards only, not equity (R9). Record their equity share as waived to proceed.`,
      { userId, equityFen },
    ),
  wrongStatus: (status: string, action: string) =>
    new DomainRuleViolation('REWARD_WRONG_STATUS', 409, `A distribution that is ${status.replace(/_/g, ' ')} cannot be ${action}.`, {
      currentStatus: status,
    }),
  sharesInvalid: () =>
    new DomainRuleViolation(
      'R8_TEAM_SHARES_INVALID',
      422,
      'A team agreement names every contributor once, each with whole basis points, together 10000 (R8).',
    ),
  splitPending: () =>
    new DomainRuleViolation('R8_TEAM_AGREEMENT_PENDING', 409, 'A team agreement on the shares is still being signed (R8).'),
  reasonRequired: () => new DomainRuleViolation('REWARD_REASON_REQUIRED', 422, 'State the reason.'),
  announcementNotOver: (endsAt: string) =>
    new DomainRuleViolation('R9_ANNOUNCEMENT_NOT_OVER', 409, `The distribution is announced until ${endsAt}; it is paid after that (R9).`, {
      endsAt,
    }),
  notAContributor: (userId: string) =>
    new DomainRuleViolation('REWARD_NOT_A_CONTRIBUTOR', 404, `${userId} receives nothing in this distribution.`, { userId }),
  alreadyPaid: (userId: string) => new DomainRuleViolation('REWARD_ALREADY_PAID', 409, `${userId}'s reward is already paid.`, { userId }),
  invalidDate: (field: string) =>
    new DomainRuleViolation('REWARD_INVALID_DATE', 422, `${field} is a calendar date (YYYY-MM-DD).`, { field }),
  dateInFuture: (field: string) => new DomainRuleViolation('REWARD_DATE_IN_FUTURE', 422, `${field} lies in the future.`, { field }),
};
