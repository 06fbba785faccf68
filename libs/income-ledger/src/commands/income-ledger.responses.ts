import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty } from '@nestjs/swagger';

/** The income ledger's refusals by status (income.errors.ts and the controller), documented on its operations. */
export const INCOME_LEDGER_REFUSALS: ProblemCodes = {
  // The achievement is named by the path: unknown (or not readable) is 404.
  404: ['ACHIEVEMENT_NOT_REGISTERED', 'INCOME_ENTRY_NOT_FOUND'],
  409: [
    'R5_TRANSFORMATION_NOT_ON_RECORD',
    'R3_CONTRACT_NOT_ON_RECORD',
    'INCOME_ENTRY_EXISTS',
    'INCOME_INVOICE_ALREADY_RECORDED',
    'R8_CONTRACT_ALREADY_REGISTERED',
  ],
  422: [
    'INCOME_AMOUNT_INVALID',
    'INCOME_DATE_INVALID',
    'INCOME_DATE_IN_FUTURE',
    'INCOME_EVIDENCE_REQUIRED',
    'INCOME_FIELD_REQUIRED',
    'R5_EQUITY_ONLY_FROM_INVESTMENT',
    'R5_INVESTMENT_RECEIVED_AS_EQUITY',
    'INCOME_CORRECTION_CHANGES_NOTHING',
  ],
};

/** What a ledger entry answers: the command's stream and revision, and the new entry's id. */
export class IncomeEntryRecordedAnswer extends CommandAccepted {
  @ApiProperty({
    description:
      'The receipt’s, cost’s or correction’s id (cite it in a correction); a contract registration answers its contract reference',
  })
  entryId: string;
}

class IncomeYearView {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ description: 'Cash received, integer fen' }) cashReceivedFen: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Cash received by source, integer fen' })
  cashBySource: Record<string, number>;
  @ApiProperty({ description: 'Shares received for investing the achievement, at their recorded value (fen)' }) equityReceivedFen: number;
  @ApiProperty() deductibleCostsFen: number;
  @ApiProperty({ description: 'Cash received less deductible costs; negative when costs exceed it' }) netIncomeFen: number;
}

class IncomeLedgerLineView {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() revision: number;
  @ApiProperty({
    example: 'IncomeReceived',
    description: 'IncomeReceived, DeductibleCostRecorded, LedgerEntryCorrected or TechnologyContractRegistrationRecorded, with its fields',
  })
  type: string;
}

/** GET /achievements/{id}/income: every line as recorded and net income per year. */
export class IncomeLedgerView {
  @ApiProperty({ format: 'uuid' }) achievementId: string;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
  @ApiProperty({ type: [IncomeYearView] }) years: IncomeYearView[];
  @ApiProperty({ type: [IncomeLedgerLineView], description: 'Each line carries its event’s fields besides these' })
  lines: IncomeLedgerLineView[];
}
