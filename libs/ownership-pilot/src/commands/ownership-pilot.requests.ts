import { CALENDAR_DATE } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

// Request bodies of the ownership pilot. They check shape only; whether the unit is a pilot, the
// unit owns the achievement or the use right is long enough is the decider's call (R11).

export class PublishOwnershipPilotPolicyRequest {
  @ApiProperty({ description: 'Whether the unit is an ownership pilot unit (赋权试点单位) from effectiveFrom on' })
  @IsBoolean()
  pilot: boolean;

  @ApiProperty({ example: '2026-01-01', description: 'Calendar date (Asia/Shanghai), after the latest version’s' })
  @Matches(CALENDAR_DATE)
  effectiveFrom: string;

  @ApiProperty({ example: '省科技厅关于赋予科研人员职务科技成果所有权或长期使用权试点单位的通知' })
  @IsString()
  @MaxLength(2_000)
  basis: string;
}

export class ProposedGrantRequest {
  @ApiProperty({ enum: ['co_ownership', 'whole', 'use_right'], description: 'Part ownership, the whole, or a long-term use right (R11)' })
  @IsIn(['co_ownership', 'whole', 'use_right'])
  kind: 'co_ownership' | 'whole' | 'use_right';

  @ApiPropertyOptional({
    example: 7000,
    description: 'co_ownership: the inventors’ share in basis points (1–9999), split by their contribution',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  inventorsShareBasisPoints?: number;

  @ApiPropertyOptional({
    example: 5000,
    description:
      'co_ownership (required): the unit’s share of the income from transforming the achievement, basis points 0–10000; the co-owners share the rest by contribution (R11)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  unitRevenueShareBasisPoints?: number;

  @ApiPropertyOptional({ example: 10, description: 'use_right: whole years, no less than 10 (R11)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000)
  years?: number;

  @ApiPropertyOptional({ example: '2026-06-01', description: 'use_right: first day of the use right' })
  @IsOptional()
  @Matches(CALENDAR_DATE)
  startsOn?: string;
}

export class AgreementTermsRequest {
  @ApiProperty({ example: '转化净收入按共有份额分配', description: 'R11: how revenue is shared' })
  @IsString()
  @MaxLength(5_000)
  revenueShares: string;

  @ApiProperty({ example: '转化方式与价格由共有人协商一致决定', description: 'R11: how decisions are made' })
  @IsString()
  @MaxLength(5_000)
  decisionMaking: string;

  @ApiProperty({ example: '专利年费按份额分担', description: 'R11: how costs are shared' })
  @IsString()
  @MaxLength(5_000)
  costSharing: string;

  @ApiProperty({ example: '由学校知识产权办公室负责维护', description: 'R11: who maintains the IP' })
  @IsString()
  @MaxLength(5_000)
  ipMaintenance: string;
}

export class ProposeOwnershipAgreementRequest {
  @ApiProperty({ type: ProposedGrantRequest })
  // A missing nested object passes @ValidateNested: it is required here.
  @IsDefined()
  @ValidateNested()
  @Type(() => ProposedGrantRequest)
  grant: ProposedGrantRequest;

  @ApiProperty({ type: AgreementTermsRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => AgreementTermsRequest)
  terms: AgreementTermsRequest;
}
