import type { SignOffEvent } from '@chengguo/sign-off/domain';
import type { AnnualReportContent } from './annual-report.figures';

/**
 * The annual report of one year (R14), stream `annual-report-<year>`: prepared by the TTO from the
 * history (its content and the hash of its canonical JSON), then signed off by the unit leader over
 * that hash, which files it. A refused round lets the TTO prepare it again.
 */
export interface AnnualReportPrepared {
  type: 'AnnualReportPrepared';
  year: number;
  round: number;
  content: AnnualReportContent;
  /** SHA-256 of the content's canonical JSON: what the unit leader signs and the export carries. */
  contentHash: string;
  preparedBy: string;
  preparedAt: string;
  ruleKeys: string[];
}

export type AnnualReportEvent = AnnualReportPrepared | SignOffEvent;

export const ANNUAL_REPORT_SCHEMA_VERSIONS: Record<AnnualReportPrepared['type'], number> = { AnnualReportPrepared: 1 };
export const ANNUAL_REPORT_STREAM_PREFIX = 'annual-report-';
export const annualReportStreamId = (year: number | string): string => `${ANNUAL_REPORT_STREAM_PREFIX}${year}`;
export const ANNUAL_REPORT_FILING = 'annual-report-filing';
