import { Access, OFFICES_AND_OVERSIGHT, Role } from '@chengguo/common';

/**
 * Who may call the income ledger's routes (R8, R14). Finance records money; the query handler shows
 * a ledger only to the offices handling the money and the achievement's own inventors.
 */
const INCOME_READERS: readonly Role[] = ['inventor', ...OFFICES_AND_OVERSIGHT];

export const incomeLedgerAccess: Record<string, Access> = {
  'POST /achievements/{id}/income/receipts': ['finance'],
  'POST /achievements/{id}/income/costs': ['finance'],
  'POST /achievements/{id}/income/corrections': ['finance'],
  'POST /achievements/{id}/income/contract-registrations': ['finance', 'tto_officer'],
  'GET /achievements/{id}/income': INCOME_READERS,
};
