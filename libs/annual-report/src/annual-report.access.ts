import { Access, OFFICES_AND_OVERSIGHT } from '@chengguo/common';

/**
 * Who may call the annual report's routes (R14). The TTO prepares it; the unit leader files it by
 * signing through the sign-off routes; the offices and oversight read and export it.
 */
export const annualReportAccess: Record<string, Access> = {
  'POST /annual-reports/{year}': ['tto_officer'],
  'GET /annual-reports/{year}': OFFICES_AND_OVERSIGHT,
  'GET /annual-reports/{year}/export.csv': OFFICES_AND_OVERSIGHT,
  'GET /annual-reports/{year}/print': OFFICES_AND_OVERSIGHT,
};
