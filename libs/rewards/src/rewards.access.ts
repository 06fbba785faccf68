import { Access, OFFICES_AND_OVERSIGHT, ROLES, Role } from '@chengguo/common';

/**
 * Who may call the rewards' routes (R8–R10). The TTO computes and steers a distribution, finance
 * pays, the operators keep the leader roster; the scheme and the announcement board are the unit's
 * to read. A distribution is shown to its contributors and the offices by the query handler.
 */
const DISTRIBUTION_READERS: readonly Role[] = ['inventor', ...OFFICES_AND_OVERSIGHT];

export const rewardsAccess: Record<string, Access> = {
  'POST /reward-scheme/versions': ['tto_officer'],
  'GET /reward-scheme': ROLES,
  'POST /leader-roster/tenures': ['admin'],
  'POST /leader-roster/tenures/{userId}/end': ['admin'],
  'POST /leader-roster/equity': ['admin'],
  'GET /leader-roster': OFFICES_AND_OVERSIGHT,
  'POST /achievements/{id}/rewards/{year}': ['tto_officer'],
  'POST /achievements/{id}/rewards/{year}/split': ['tto_officer'],
  'POST /achievements/{id}/rewards/{year}/approval': ['tto_officer'],
  'POST /achievements/{id}/rewards/{year}/announcement': ['tto_officer'],
  'POST /achievements/{id}/rewards/{year}/payments': ['finance'],
  'GET /achievements/{id}/rewards/{year}': DISTRIBUTION_READERS,
  'GET /rewards/announcements': ROLES,
  'GET /rewards/payroll.csv': ['finance', 'auditor'],
};
