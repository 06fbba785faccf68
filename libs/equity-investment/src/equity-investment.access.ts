import { Access, OFFICES_AND_OVERSIGHT, Role } from '@chengguo/common';

/**
 * Who may call the equity investment's routes (R5). The TTO opens, values and records the shares and
 * sales; finance (or the TTO) records dividends. Reads go through the register's read policy, which
 * answers for the offices, the oversight bodies and the achievement's inventors.
 */
const INVESTMENT_READERS: readonly Role[] = ['inventor', ...OFFICES_AND_OVERSIGHT];

export const equityInvestmentAccess: Record<string, Access> = {
  'POST /equity-investments': ['tto_officer'],
  'GET /equity-investments': INVESTMENT_READERS,
  'GET /equity-investments/{id}': INVESTMENT_READERS,
  'POST /equity-investments/{id}/valuation': ['tto_officer'],
  'POST /equity-investments/{id}/shares': ['tto_officer'],
  'POST /equity-investments/{id}/dividends': ['finance', 'tto_officer'],
  'POST /equity-investments/{id}/sales': ['tto_officer'],
};
