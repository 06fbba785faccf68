import { Access, OFFICES_AND_OVERSIGHT, Role } from '@chengguo/common';

/**
 * Who may call the register's routes (R12). The TTO keeps the ledger; the decider checks the rest
 * (evidence, status, the R5 lock). Offices and oversight read it; an inventor reads it too, and the
 * query handlers show an inventor only the achievements naming them (and nobody a row above their
 * clearance unless they are its inventor).
 */
const LEDGER_READERS: readonly Role[] = ['inventor', ...OFFICES_AND_OVERSIGHT];

export const achievementRegisterAccess: Record<string, Access> = {
  'POST /achievements': ['tto_officer'],
  'POST /achievements/{id}/classification': ['tto_officer'],
  'POST /achievements/{id}/patent-application': ['tto_officer'],
  'POST /achievements/{id}/patent-grant': ['tto_officer'],
  'POST /achievements/{id}/withdrawal': ['tto_officer'],
  'POST /achievements/{id}/annuities/payments': ['tto_officer'],
  'POST /achievements/{id}/annuities/lapse-proposal': ['tto_officer'],
  'GET /achievements': LEDGER_READERS,
  'GET /achievements/export.csv': LEDGER_READERS,
  'GET /achievements/{id}': LEDGER_READERS,
};
