import { Access } from '@chengguo/common';

/** Auditor replay is read-only and for auditors; which auditor leads (AUDIT_LEAD_IDS) is checked inside. */
export const auditAccess: Record<string, Access> = {
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
