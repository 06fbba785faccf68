import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The equity investment's refusals by status (equity-investment.errors.ts), documented on its operations. */
export const EQUITY_INVESTMENT_REFUSALS: ProblemCodes = {
  404: ['EQUITY_INVESTMENT_NOT_FOUND', 'ACHIEVEMENT_NOT_REGISTERED', 'TRANSFER_CASE_NOT_FOUND'],
  409: [
    'R5_EQUITY_INVESTMENT_EXISTS',
    'R5_CASE_NOT_EQUITY_INVESTMENT',
    'R5_CASE_OF_ANOTHER_ACHIEVEMENT',
    'R5_CASE_ALREADY_INVESTED',
    'R5_COMPANY_NOT_CASE_COUNTERPARTY',
    'R6_ALREADY_VALUED',
    'R6_CASE_PRICE_NOT_SETTLED',
    'R6_CASE_NOT_AGREEMENT_PRICED',
    'R7_PUBLICITY_NOT_COMPLETED',
    'R6_APPRAISAL_EXPIRED',
    'R6_VALUATION_NOT_CASE_PRICE',
    'R6_NOT_VALUED',
    'R5_CASE_NOT_EXECUTED',
    'R5_SHARES_ALREADY_RECORDED',
    'R5_NO_HOLDING',
    'R5_HOLDING_SOLD_OUT',
    'R5_BEFORE_EQUITY_REGISTERED',
    'R5_EQUITY_ENTRY_EXISTS',
    'R5_SALE_EXCEEDS_HOLDING',
  ],
  422: [
    'R5_COMPANY_REQUIRED',
    'R5_CREDIT_CODE_INVALID',
    'R6_APPRAISAL_REQUIRED',
    'R6_APPRAISAL_INCOMPLETE',
    'R6_APPRAISAL_DATES_INVALID',
    'R5_EQUITY_AMOUNT_INVALID',
    'R5_EQUITY_DATE_INVALID',
    'R5_EQUITY_DATE_IN_FUTURE',
    'R5_EQUITY_TEXT_REQUIRED',
    'R5_EQUITY_EVIDENCE_REQUIRED',
    'R5_CONTRIBUTION_REQUIRED',
    'R5_SHAREHOLDING_INVALID',
    'R5_SALE_MEASURE_MISMATCH',
    'R5_SHAREHOLDING_AFTER_SALE_INVALID',
  ],
};

export class EquityInvestmentOpenedAnswer extends CommandAccepted {
  @ApiProperty({ format: 'uuid', description: 'The new investment; also in the Location header' }) investmentId: string;
}

export class EquityEntryRecordedAnswer extends CommandAccepted {
  @ApiProperty({ format: 'uuid', description: 'The dividend’s or sale’s id' }) entryId: string;
}

export class InvestedCompanyView {
  @ApiProperty() name: string;
  @ApiProperty({ example: '91540100MA6T1XYW3K' }) creditCode: string;
}

export class HoldingView {
  @ApiProperty({ type: 'integer', nullable: true }) shares: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) capitalContributionFen: number | null;
  @ApiProperty({ description: 'Basis points (1 % = 100)' }) shareholdingBasisPoints: number;
}

export class ValuationView {
  @ApiProperty({ enum: ['appraisal', 'agreement'] }) method: string;
  @ApiProperty({ description: 'The case’s settled price, fen' }) valueFen: number;
  @ApiPropertyOptional({
    description: 'The appraisal report (method appraisal)',
    nullable: true,
    type: 'object',
    additionalProperties: true,
  })
  appraisal: Record<string, unknown> | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Agreement pricing: the publicity round (R7)' }) publicityRound:
    number | null;
  @ApiProperty() valuedBy: string;
  @ApiProperty() valuedAt: string;
}

export class DividendView {
  @ApiProperty({ format: 'uuid' }) dividendId: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ example: '2026-05-30' }) receivedOn: string;
  @ApiProperty() recordedBy: string;
}

export class SaleView {
  @ApiProperty({ format: 'uuid' }) saleId: string;
  @ApiProperty() buyer: string;
  @ApiProperty({ type: 'integer', nullable: true }) sharesSold: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) capitalContributionSoldFen: number | null;
  @ApiProperty() proceedsFen: number;
  @ApiProperty({ example: '2026-05-31' }) soldOn: string;
  @ApiProperty({ type: HoldingView }) holdingAfter: HoldingView;
}

/** GET /equity-investments/{id}: the company, the valuation, the holding now, and what it yielded. */
export class EquityInvestmentView {
  @ApiProperty({ format: 'uuid' }) investmentId: string;
  @ApiProperty({ format: 'uuid' }) achievementId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['opened', 'valued', 'holding', 'sold_out'] }) status: string;
  @ApiProperty({ type: InvestedCompanyView }) company: InvestedCompanyView;
  @ApiProperty({ type: ValuationView, nullable: true }) valuation: ValuationView | null;
  @ApiProperty({ type: 'string', nullable: true, example: '2026-05-20', description: 'Business registration date of the shares' })
  registeredOn: string | null;
  @ApiProperty({ type: HoldingView, nullable: true, description: 'The holding now; null until the shares are recorded' })
  holding: HoldingView | null;
  @ApiProperty({ type: [DividendView] }) dividends: DividendView[];
  @ApiProperty({ type: [SaleView] }) sales: SaleView[];
  @ApiProperty() dividendsFen: number;
  @ApiProperty() saleProceedsFen: number;
  @ApiProperty() openedBy: string;
  @ApiProperty() openedAt: string;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
}

export class EquityInvestmentList {
  @ApiProperty({ type: [EquityInvestmentView] }) items: EquityInvestmentView[];
}
