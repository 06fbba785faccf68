import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty } from '@nestjs/swagger';

/** A year in the path that is not four digits in 1990–2200. */
export const YEAR_REFUSALS: ProblemCodes = { 422: ['YEAR_INVALID'] };

/** Preparing the report: the annual report decider's refusals (annual-report.decider.ts). */
export const PREPARE_REFUSALS: ProblemCodes = {
  403: ['ROLE_NOT_ALLOWED'],
  409: ['R14_YEAR_NOT_ENDED', 'R14_REPORT_BEING_FILED', 'R14_REPORT_ALREADY_FILED'],
  ...YEAR_REFUSALS,
};

/** Reading a report that has not been prepared. */
export const READ_REFUSALS: ProblemCodes = { 404: ['R14_REPORT_NOT_FOUND'], ...YEAR_REFUSALS };

export class AnnualReportPreparedAnswer extends CommandAccepted {
  @ApiProperty({ example: 2025 }) year: number;
}

class FilingSignOffView {
  @ApiProperty({ example: 'annual-report-2025' }) streamId: string;
  @ApiProperty({ example: 'annual-report-filing' }) signOffId: string;
  @ApiProperty({ example: 1 }) round: number;
  @ApiProperty({ example: '/sign-offs/annual-report-2025/annual-report-filing', description: 'Where the unit leader signs' }) href: string;
}

export class AnnualReportView {
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ enum: ['prepared', 'filed', 'refused'], description: 'filed once the unit leader signed the content hash' })
  status: string;
  @ApiProperty({ description: 'Preparation round (a refused report may be prepared again)', example: 1 }) round: number;
  @ApiProperty({ format: 'date-time' }) preparedAt: string;
  @ApiProperty({ description: 'SHA-256 of the content’s canonical JSON: what the unit leader signs', example: '9f86d08…' })
  contentHash: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The figures: disclosures, abandonment contracts, transformations by route and pricing, registered contracts, income, rewards, exemption claims, patents (money in fen)',
  })
  content: object;
  @ApiProperty({ type: FilingSignOffView }) signOff: FilingSignOffView;
}
