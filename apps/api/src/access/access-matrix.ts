import { Role, ROLES } from '@chengguo/common';

/**
 * Who may call what: every endpoint of the API × every role, in one place. The access guard
 * enforces it before anything else runs; an endpoint missing here is refused to everyone, and a
 * test checks the matrix against the OpenAPI document in both directions. Domain rules (is this
 * user a party, the drafter, the assigned evaluator...) are checked afterwards by the deciders.
 *
 * Auditors are read-only everywhere, with one exception the rules make: R13 names audit among the
 * four departments that confirm (or override) a due-diligence exemption claim.
 */
export type Access = 'public' | readonly Role[];

const ALL: readonly Role[] = ROLES;
const WRITERS: readonly Role[] = ROLES.filter((r) => r !== 'auditor');
const OFFICES: readonly Role[] = ['tto_officer', 'unit_leader', 'legal', 'finance', 'auditor', 'admin'];
const OVERSIGHT: readonly Role[] = ['auditor', 'discipline_inspection', 'inspection_tour', 'supervisory_department'];
const OFFICES_AND_OVERSIGHT: readonly Role[] = [...new Set([...OFFICES, ...OVERSIGHT])];

export const ACCESS_MATRIX: Record<string, Access> = {
  'GET /health': 'public',

  // Disclosure (R1, R2)
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
  'GET /disclosures/queue': ['tto_officer', 'admin'],
  'GET /ledger': OFFICES,
  'GET /disclosures/{id}': ['inventor', 'evaluator', ...OFFICES_AND_OVERSIGHT],
  'GET /disclosures/{id}/deadlines': OFFICES,
  'GET /policies/disclosure': ALL,
  'POST /policies/disclosure': ['admin'],

  // Multi-party sign-off: parties are checked by the decider; auditors never sign.
  'GET /sign-offs/pending': ALL,
  'GET /sign-offs/{streamId}/{signOffId}': ALL,
  'POST /sign-offs/{streamId}/{signOffId}/signatures': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/rejections': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/abstentions': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/delegations': WRITERS,
  'DELETE /sign-offs/{streamId}/{signOffId}/delegations': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/extension': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/closure': WRITERS,

  // Patent-abandonment contracts (R3)
  'GET /contracts': OFFICES,
  'GET /contracts/{id}': ['inventor', ...OFFICES_AND_OVERSIGHT],
  'GET /contracts/{id}/revenue-ledger': ['inventor', ...OFFICES_AND_OVERSIGHT],
  'POST /contracts/{id}/terms': ['tto_officer'],
  'POST /contracts/{id}/patent-application': ['inventor'],
  'POST /contracts/{id}/grant': ['inventor'],
  'POST /contracts/{id}/end-of-obligations': ['inventor'],
  'POST /contracts/{id}/fees': ['inventor'],
  'POST /contracts/{id}/revenue-reports': ['inventor'],

  // Transfer cases and publicity (R5–R8)
  'POST /transfer-cases': ['tto_officer'],
  'GET /transfer-cases': OFFICES_AND_OVERSIGHT,
  'GET /transfer-cases/{caseId}': OFFICES_AND_OVERSIGHT,
  'POST /transfer-cases/{caseId}/supervisory-filing': ['tto_officer'],
  'POST /transfer-cases/{caseId}/price': ['tto_officer'],
  'POST /transfer-cases/{caseId}/publicity': ['tto_officer'],
  'POST /transfer-cases/{caseId}/objections': WRITERS,
  'POST /transfer-cases/{caseId}/objections/{objectionId}/resolution': ['tto_officer'],
  'POST /transfer-cases/{caseId}/market-result': ['tto_officer'],
  'POST /transfer-cases/{caseId}/approval': ['tto_officer'],
  'POST /transfer-cases/{caseId}/contract-registration': ['tto_officer'],
  'POST /transfer-cases/{caseId}/execution': ['tto_officer'],
  'GET /achievements/{kind}/{achievementId}/transfer-history': OFFICES_AND_OVERSIGHT,
  'GET /publicity-notices': ALL,

  // Due-diligence exemption claims (R13, R4). R13 names audit among the four departments that
  // confirm, so the confirmation and override routes — and only they — admit the auditor as a writer.
  'POST /exemption-claims': ['unit_leader', 'tto_officer'],
  'GET /exemption-claims': [...OVERSIGHT, 'unit_leader', 'tto_officer'],
  'GET /exemption-claims/{id}': [...OVERSIGHT, 'unit_leader', 'tto_officer'],
  'GET /exemption-claims/by-decision-maker/{userId}': ALL,
  'POST /exemption-claims/{id}/overrides': OVERSIGHT,
  'POST /exemption-claims/{id}/confirmation/signatures': OVERSIGHT,
  'POST /exemption-claims/{id}/confirmation/rejections': OVERSIGHT,
  'GET /policies/exemption-lists': ALL,
  'POST /policies/exemption-lists': ['admin'],

  // Auditor replay (read-only; the audit lead is checked inside)
  'GET /audit/streams/{streamId}/events': ['auditor'],
  'GET /audit/streams/{streamId}/state': ['auditor'],
  'GET /audit/streams/{streamId}/verification': ['auditor'],
  'GET /audit/verification': ['auditor'],
  'GET /audit/achievements/{achievementId}/timeline': ['auditor'],
  'GET /audit/streams/{streamId}/export': ['auditor'],
  'GET /audit/achievements/{achievementId}/export': ['auditor'],
  'GET /audit/reads': ['auditor'],
  // The page and its script are static; every call they make needs an auditor's token.
  'GET /audit/timeline': 'public',
  'GET /audit/timeline.js': 'public',
};

/** `/disclosures/:id/draft` (Express) → `/disclosures/{id}/draft` (OpenAPI). */
export function routeKey(method: string, expressPath: string): string {
  return `${method.toUpperCase()} ${expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}
