import { Access, OVERSIGHT, ROLES } from '@chengguo/common';

/**
 * Who may call the due-diligence exemption routes (R13, R4). R13 names audit among the four
 * departments that confirm, so the confirmation and override routes — and only they — admit the
 * auditor as a writer. Anyone may ask for a decision-maker's history; only their own unless they
 * read claims (checked on the caller).
 */
export const exemptionAccess: Record<string, Access> = {
  'POST /exemption-claims': ['unit_leader', 'tto_officer'],
  'GET /exemption-claims': [...OVERSIGHT, 'unit_leader', 'tto_officer'],
  'GET /exemption-claims/{id}': [...OVERSIGHT, 'unit_leader', 'tto_officer'],
  'GET /exemption-claims/by-decision-maker/{userId}': ROLES,
  'POST /exemption-claims/{id}/overrides': OVERSIGHT,
  'POST /exemption-claims/{id}/confirmation/signatures': OVERSIGHT,
  'POST /exemption-claims/{id}/confirmation/rejections': OVERSIGHT,
  'GET /policies/exemption-lists': ROLES,
  'POST /policies/exemption-lists': ['admin'],
};
