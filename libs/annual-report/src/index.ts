import type { ProcessManifest } from '@chengguo/manifest';
import { annualReportAccess } from './annual-report.access';
import { AnnualReportModule } from './annual-report.module';
import { annualReportCommands } from './commands/annual-report.commands';
import { ANNUAL_REPORT_STREAM_PREFIX, AnnualReportPrepared, annualReportDecider } from './domain';

export * from './domain';
export * from './commands/annual-report.commands';
export * from './annual-report.access';
export * from './annual-report.module';
export { annualReportCsv, annualReportPage } from './annual-report.view';

/** Rule keys each annual-report event is recorded under in the auditor's timeline. */
const CITATIONS: Record<AnnualReportPrepared['type'], string[]> = { AnnualReportPrepared: ['R14'] };

/**
 * The annual report on achievement transformation (R14): a past year's figures folded from the
 * event history, prepared by the TTO and filed when the unit leader signs its content hash.
 */
export const annualReportProcess: ProcessManifest = {
  name: 'annual-report',
  access: annualReportAccess,
  module: AnnualReportModule,
  commands: [annualReportCommands],
  audit: [{ name: 'annual-report', streamPrefix: ANNUAL_REPORT_STREAM_PREFIX, decider: annualReportDecider, citations: CITATIONS }],
};
