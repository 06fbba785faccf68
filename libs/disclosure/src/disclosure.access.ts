import { Access, OFFICES, OFFICES_AND_OVERSIGHT, ROLES } from '@chengguo/common';

/** Who may call the disclosure routes (R1, R2); drafter, inventor and evaluator are checked by the decider. */
export const disclosureAccess: Record<string, Access> = {
  'POST /disclosures': ['inventor'],
  'PUT /disclosures/{id}/draft': ['inventor'],
  'POST /disclosures/{id}/submission': ['inventor'],
  'POST /disclosures/{id}/amendment': ['inventor'],
  'POST /disclosures/{id}/withdrawal': ['inventor'],
  'POST /disclosures/{id}/acknowledgement': ['tto_officer'],
  'POST /disclosures/{id}/clarification-requests': ['tto_officer'],
  'POST /disclosures/{id}/clarification-answers': ['inventor'],
  'POST /disclosures/{id}/evaluator': ['tto_officer'],
  'POST /disclosures/{id}/evaluation': ['evaluator', 'tto_officer'],
  'POST /disclosures/{id}/decision': ['unit_leader'],
  'GET /disclosures/mine': ['inventor'],
  'GET /disclosures/assigned': ['evaluator', 'tto_officer'],
  'GET /disclosures/queue': ['tto_officer', 'admin'],
  'GET /ledger': OFFICES,
  'GET /disclosures/{id}': ['inventor', 'evaluator', ...OFFICES_AND_OVERSIGHT],
  'GET /disclosures/{id}/deadlines': OFFICES,
  'GET /policies/disclosure': ROLES,
  'POST /policies/disclosure': ['admin'],
};
