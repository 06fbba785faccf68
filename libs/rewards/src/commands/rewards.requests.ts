import { CALENDAR_DATE, SHA256_HEX } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

// Request bodies of the rewards' HTTP face. They check shape only; the rules (R8–R10) are the deciders'.

export const USER_ID = /^[A-Za-z0-9_.@:-]{1,128}$/;

export class RouteSharesRequest {
  @ApiProperty({ example: 7000 }) @IsInt() @Min(0) @Max(10_000) transfer: number;
  @ApiProperty({ example: 7000 }) @IsInt() @Min(0) @Max(10_000) license: number;
  @ApiProperty({ example: 6000 }) @IsInt() @Min(0) @Max(10_000) equity_investment: number;
  @ApiProperty({ example: 3000 }) @IsInt() @Min(0) @Max(10_000) technology_contract: number;
}

export class RewardRulesRequest {
  @ApiProperty({
    type: RouteSharesRequest,
    description: 'Basis points of net income (of shares, for equity) to the contributors, per route',
  })
  @IsDefined()
  @ValidateNested()
  @Type(() => RouteSharesRequest)
  contributorShareBps: RouteSharesRequest;

  @ApiProperty({ type: RouteSharesRequest, description: 'Basis points for the TTO’s capacity building and staff, per route' })
  @IsDefined()
  @ValidateNested()
  @Type(() => RouteSharesRequest)
  ttoShareBps: RouteSharesRequest;

  @ApiProperty({ example: 60 }) @IsInt() @Min(1) @Max(365) paymentDeadlineDays: number;
  @ApiProperty({ example: 5, description: '0: no announcement, except where a principal leader is rewarded (R9)' })
  @IsInt()
  @Min(0)
  @Max(365)
  publicityDays: number;
}

export class StaffConsultationRequest {
  @ApiProperty({ example: '2025-12-20' }) @Matches(CALENDAR_DATE) heldOn: string;
  @ApiProperty({ example: '教职工代表大会审议通过' }) @IsString() @MaxLength(5_000) summary: string;
  @ApiProperty({ type: [String], description: 'SHA-256 of the minutes, lower-case hex' })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(SHA256_HEX, { each: true })
  documentSha256: string[];
}

export class ProposeRewardSchemeRequest {
  @ApiProperty({ example: '2026-02-01' }) @Matches(CALENDAR_DATE) effectiveFrom: string;
  @ApiProperty({ type: RewardRulesRequest }) @IsDefined() @ValidateNested() @Type(() => RewardRulesRequest) rules: RewardRulesRequest;
  @ApiProperty({ type: StaffConsultationRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => StaffConsultationRequest)
  consultation: StaffConsultationRequest;
}

export class BeginTenureRequest {
  @ApiProperty({ example: 'sun.president' }) @Matches(USER_ID) userId: string;
  @ApiProperty({ example: '孙' }) @IsString() @MaxLength(100) name: string;
  @ApiProperty({ example: '校长' }) @IsString() @MaxLength(100) post: string;
  @ApiProperty({ example: '2024-01-01' }) @Matches(CALENDAR_DATE) from: string;
}

export class EndTenureRequest {
  @ApiProperty({ example: '2026-06-30', description: 'Last day in the post' }) @Matches(CALENDAR_DATE) until: string;
}

export class DeclareEquityRequest {
  @ApiProperty({ example: 'sun.president' }) @Matches(USER_ID) userId: string;
  @ApiProperty({ example: '某某科技有限公司' }) @IsString() @MaxLength(200) company: string;
  @ApiProperty({ example: '3% 股权' }) @IsString() @MaxLength(200) holding: string;
  @ApiProperty({ example: '2023-12-15' }) @Matches(CALENDAR_DATE) declaredOn: string;
}

export class ComputeRewardRequest {
  @ApiPropertyOptional({ type: [String], description: 'R9: principal leaders whose equity share is recorded as waived' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(USER_ID, { each: true })
  waiveLeaderEquity?: string[];
}

export class ContributorShareRequest {
  @ApiProperty({ example: 'li.lei' }) @Matches(USER_ID) userId: string;
  @ApiProperty({ example: 5000 }) @IsInt() @Min(0) @Max(10_000) shareBps: number;
}

export class ProposeRewardSplitRequest {
  @ApiProperty({ type: [ContributorShareRequest] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ContributorShareRequest)
  shares: ContributorShareRequest[];

  @ApiProperty({ example: '按实际贡献调整' }) @IsString() @MaxLength(2_000) reason: string;
}

export class RecordRewardPaymentRequest {
  @ApiProperty({ example: 'li.lei' }) @Matches(USER_ID) userId: string;
  @ApiProperty({ example: '2026-03-12' }) @Matches(CALENDAR_DATE) paidOn: string;
  @ApiProperty({ example: 'PAY-20260312-001' }) @IsString() @MaxLength(128) paymentReference: string;
}

export class PayrollMonthRequest {
  @ApiProperty({ example: '2026-03' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) month: string;
}
