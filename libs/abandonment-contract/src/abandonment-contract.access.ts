import { Access, OFFICES, OFFICES_AND_OVERSIGHT } from '@chengguo/common';

/** Who may call the patent-abandonment contract routes (R3); that an inventor is the contract's own is checked on the data. */
export const abandonmentContractAccess: Record<string, Access> = {
  'GET /contracts': OFFICES,
  'GET /contracts/{id}': ['inventor', ...OFFICES_AND_OVERSIGHT],
  'GET /contracts/{id}/revenue-ledger': ['inventor', ...OFFICES_AND_OVERSIGHT],
  'POST /contracts/{id}/terms': ['tto_officer'],
  'POST /contracts/{id}/patent-application': ['inventor'],
  'POST /contracts/{id}/grant': ['inventor'],
  'POST /contracts/{id}/end-of-obligations': ['inventor'],
  'POST /contracts/{id}/fees': ['inventor'],
  'POST /contracts/{id}/revenue-reports': ['inventor'],
};
