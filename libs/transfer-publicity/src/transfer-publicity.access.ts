import { Access, OFFICES_AND_OVERSIGHT, ROLES, WRITERS } from '@chengguo/common';

/**
 * Who reads a case and its history, the objectors' identities and reasons included: the unit's
 * offices and the oversight bodies, but not the operators (admin).
 */
const CASE_READERS = OFFICES_AND_OVERSIGHT.filter((r) => r !== 'admin');

/** Who may call the transfer-case and publicity routes (R5–R8). */
export const transferPublicityAccess: Record<string, Access> = {
  'POST /transfer-cases': ['tto_officer'],
  'GET /transfer-cases': CASE_READERS,
  'GET /transfer-cases/{caseId}': CASE_READERS,
  'POST /transfer-cases/{caseId}/supervisory-filing': ['tto_officer'],
  'POST /transfer-cases/{caseId}/price': ['tto_officer'],
  'POST /transfer-cases/{caseId}/publicity': ['tto_officer'],
  'POST /transfer-cases/{caseId}/objections': WRITERS,
  'POST /transfer-cases/{caseId}/objections/{objectionId}/resolution': ['tto_officer'],
  'POST /transfer-cases/{caseId}/market-result': ['tto_officer'],
  'POST /transfer-cases/{caseId}/approval': ['tto_officer'],
  'POST /transfer-cases/{caseId}/co-owners-consent': ['tto_officer'],
  'POST /transfer-cases/{caseId}/contract-registration': ['tto_officer'],
  'POST /transfer-cases/{caseId}/execution': ['tto_officer'],
  'GET /achievements/{kind}/{achievementId}/transfer-history': CASE_READERS,
  // Every unit member reads the board; only the TTO sees the objections (the query's filter).
  'GET /publicity-notices': ROLES,
};
