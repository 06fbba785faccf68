import { CALENDAR_DATE, EvidenceRequest, MAX_FEN } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

// Request bodies of the equity investment. They check shape only; whether the case is an equity
// investment, its publicity completed, the report is valid or the sale fits the holding is the decider's call.

const MAX_SHARES = 1_000_000_000_000_000;

export class InvestedCompanyRequest {
  @ApiProperty({ example: '高原新材料科技有限公司' })
  @IsString()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '91540100MA6T1XYW3K', description: 'Unified social credit code (统一社会信用代码), 18 characters' })
  @IsString()
  @MaxLength(18)
  creditCode: string;
}

export class OpenEquityInvestmentRequest {
  @ApiProperty({ format: 'uuid', description: 'The register’s achievement invested' })
  @IsUUID()
  achievementId: string;

  @ApiProperty({ format: 'uuid', description: 'The transfer case (mode equity_investment) that prices, approves and executes it' })
  @IsUUID()
  caseId: string;

  @ApiProperty({ type: InvestedCompanyRequest, description: 'The company invested in: the case’s counterparty' })
  @IsDefined()
  @ValidateNested()
  @Type(() => InvestedCompanyRequest)
  company: InvestedCompanyRequest;
}

export class AppraisalRequest {
  @ApiProperty({ example: '西藏中天资产评估有限公司' })
  @IsString()
  @MaxLength(200)
  institution: string;

  @ApiProperty({ example: '藏中天评报字〔2026〕第018号' })
  @IsString()
  @MaxLength(100)
  reportNumber: string;

  @ApiProperty({ example: 300000000, description: 'Appraised value in fen: the price the case settles (R6)' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  appraisedValueFen: number;

  @ApiProperty({ example: '2026-03-31', description: '评估基准日' })
  @Matches(CALENDAR_DATE)
  baseDate: string;

  @ApiProperty({ example: '2027-03-30', description: 'Last day the report may be used; an expired report is refused' })
  @Matches(CALENDAR_DATE)
  validUntil: string;

  @ApiProperty({ type: EvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence: EvidenceRequest;
}

export class RecordValuationRequest {
  @ApiProperty({
    enum: ['appraisal', 'agreement'],
    description:
      'appraisal: a valid report whose value is the case’s settled price; agreement: the publicised price once publicity completed (R6, R7)',
  })
  @IsIn(['appraisal', 'agreement'])
  method: 'appraisal' | 'agreement';

  @ApiPropertyOptional({ type: AppraisalRequest, description: 'Required for method appraisal' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AppraisalRequest)
  appraisal?: AppraisalRequest;
}

export class RecordSharesReceivedRequest {
  @ApiProperty({ example: '2026-05-20', description: 'Date of the business registration (工商变更登记), Asia/Shanghai' })
  @Matches(CALENDAR_DATE)
  registeredOn: string;

  @ApiPropertyOptional({ example: 3000000, description: 'Shares received (a company limited by shares)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SHARES)
  shares?: number;

  @ApiPropertyOptional({ example: 300000000, description: 'Capital contribution subscribed, in fen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  capitalContributionFen?: number;

  @ApiProperty({ example: 1500, description: 'The unit’s shareholding in basis points (1 % = 100), 1–10000' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  shareholdingBasisPoints: number;

  @ApiProperty({ type: EvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence: EvidenceRequest;
}

export class RecordDividendRequest {
  @ApiProperty({ example: 1200000, description: 'Dividend received, in fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen: number;

  @ApiProperty({ example: '2026-05-30', description: 'Date received (Asia/Shanghai)' })
  @Matches(CALENDAR_DATE)
  receivedOn: string;

  @ApiProperty({ type: EvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence: EvidenceRequest;
}

export class RecordSaleRequest {
  @ApiProperty({ example: '拉萨创新投资基金' })
  @IsString()
  @MaxLength(200)
  buyer: string;

  @ApiPropertyOptional({ example: 1000000, description: 'Shares sold; exactly when the holding is counted in shares' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SHARES)
  sharesSold?: number;

  @ApiPropertyOptional({ example: 100000000, description: 'Capital contribution sold, in fen; exactly when the holding is counted in it' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  capitalContributionSoldFen?: number;

  @ApiProperty({ example: 150000000, description: 'Proceeds in fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  proceedsFen: number;

  @ApiProperty({ example: '2026-05-31' })
  @Matches(CALENDAR_DATE)
  soldOn: string;

  @ApiProperty({ example: 1000, description: 'The unit’s shareholding after the sale, basis points; 0 exactly when all is sold' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  shareholdingBasisPointsAfter: number;

  @ApiProperty({ type: EvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence: EvidenceRequest;
}
