import { Access, OFFICES_AND_OVERSIGHT, ROLES } from '@chengguo/common';

/**
 * Who may call the licensing routes (R5–R8, R15). There is no licensee role: the TTO records what
 * the licensee reports and reaches, bound by the documents' hashes; finance or the TTO record the
 * money received. Reading a licence follows its case (the register's read policy, in the queries).
 */
const LICENCE_READERS = OFFICES_AND_OVERSIGHT.filter((r) => r !== 'admin');

export const licensingAccess: Record<string, Access> = {
  'POST /licensing/policy/versions': ['tto_officer', 'admin'],
  'GET /licensing/policy': ROLES,
  'POST /licences': ['tto_officer'],
  'GET /licences': ['inventor', ...LICENCE_READERS],
  'GET /licences/{licenceId}': ['inventor', ...LICENCE_READERS],
  'POST /licences/{licenceId}/royalty-reports': ['tto_officer'],
  'POST /licences/{licenceId}/milestones/{milestoneId}/reached': ['tto_officer'],
  'POST /licences/{licenceId}/payments': ['finance', 'tto_officer'],
  'POST /licences/{licenceId}/conversion': ['tto_officer'],
  'POST /licences/{licenceId}/termination': ['tto_officer'],
};
