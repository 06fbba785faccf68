import { EvidenceRequest } from '@chengguo/common';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const COST_KINDS = ['application', 'examination', 'annual_maintenance', 'agency', 'other'];

export class AmendContractTermsRequest {
  @ApiPropertyOptional({ enum: ['patent_application_right', 'patent_right'] })
  @IsOptional()
  @IsIn(['patent_application_right', 'patent_right'])
  rightTransferred?: 'patent_application_right' | 'patent_right';

  @ApiPropertyOptional({ minimum: 0, maximum: 10000, description: "The unit's share of net revenue (R3)" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  unitShareBasisPoints?: number;

  @ApiPropertyOptional({ enum: COST_KINDS, isArray: true })
  @IsOptional()
  @IsIn(COST_KINDS, { each: true })
  @ArrayMaxSize(5)
  deductibleCostKinds?: Array<'application' | 'examination' | 'annual_maintenance' | 'agency' | 'other'>;

  @ApiPropertyOptional({ minimum: 1, maximum: 50 }) @IsOptional() @IsInt() @Min(1) @Max(50) termYears?: number;
}

export class PatentApplicationRequest {
  @ApiProperty({ example: 'CN202610000001.X' }) @IsString() @MinLength(3) @MaxLength(40) applicationNumber: string;
  @ApiProperty({ example: '2026-05-01' }) @Matches(DATE) filedOn: string;
}

export class PatentGrantRequest {
  @ApiProperty({ example: 'ZL202610000001.X' }) @IsString() @MinLength(3) @MaxLength(40) patentNumber: string;
  @ApiProperty({ example: '2027-05-01' }) @Matches(DATE) grantedOn: string;
}

/** An inventor asks to end the obligations; the TTO confirms through the `obligations-end-confirmation` sign-off (R3). */
export class ObligationsEndRequest {
  @ApiProperty({ enum: ['application_rejected', 'patent_lapsed'] }) @IsIn(['application_rejected', 'patent_lapsed']) cause:
    'application_rejected' | 'patent_lapsed';
  @ApiProperty({ description: 'The day the right ended; revenue of periods ending on or before it is still owed' })
  @Matches(DATE)
  endsOn: string;
  @ApiProperty({ type: EvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence: EvidenceRequest;
}

export class FeePaidRequest {
  @ApiProperty({ enum: COST_KINDS }) @IsIn(COST_KINDS) kind: 'application' | 'examination' | 'annual_maintenance' | 'agency' | 'other';
  @ApiProperty({ description: 'Whole fen' }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountFen: number;
  @ApiProperty() @Matches(DATE) paidOn: string;
  @ApiProperty({ description: 'SHA-256 of the receipt' }) @Matches(/^[0-9a-f]{64}$/) evidenceSha256: string;
}

export class RevenueReportRequest {
  @ApiProperty() @Matches(DATE) periodStart: string;
  @ApiProperty() @Matches(DATE) periodEnd: string;
  @ApiProperty({ description: 'Whole fen' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) revenueFen: number;
}
