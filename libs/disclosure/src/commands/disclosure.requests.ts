import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const USER_ID = /^[\w.@:-]{1,128}$/;

export class InventorRequest {
  @ApiProperty({ example: 'li.lei' }) @IsString() @Matches(USER_ID) userId: string;
  @ApiProperty({ example: '李雷' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 6000, description: 'Contribution share in basis points; all shares total 10000 (R1)' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  shareBasisPoints: number;
}

/** A file uploaded before (POST /attachments), named by its hash; size and type are the upload's record. */
export class AttachmentRequest {
  @ApiProperty({ example: 'prototype-results.pdf' }) @IsString() @MinLength(1) @MaxLength(255) name: string;
  @ApiProperty({ description: 'SHA-256 of the file, lower-case hex, as the upload answered' }) @Matches(/^[0-9a-f]{64}$/) sha256: string;
  @ApiPropertyOptional({ example: 204800, description: 'If given, must equal the recorded size' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10 * 1024 * 1024 * 1024)
  sizeBytes?: number;
  @ApiPropertyOptional({ example: 'application/pdf', description: 'If given, must equal the recorded (sniffed) type' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contentType?: string;
}

export class FundingRequest {
  @ApiProperty({ enum: ['fiscal', 'enterprise', 'self_funded', 'other'] })
  @IsIn(['fiscal', 'enterprise', 'self_funded', 'other'])
  kind: 'fiscal' | 'enterprise' | 'self_funded' | 'other';

  @ApiPropertyOptional({ example: 'NSFC-52070001', description: 'Required for fiscal funding' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  projectNumber?: string;
}

/** The content of a disclosure, as drafted, submitted or amended. */
export class DisclosureContentRequest {
  @ApiProperty({ example: '一种低温固态电池电解质' }) @IsString() @MinLength(1) @MaxLength(500) title: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20_000) abstract: string;
  @ApiProperty({ example: 'materials science' }) @IsString() @MinLength(1) @MaxLength(200) technicalField: string;
  @ApiProperty({ type: FundingRequest }) @IsDefined() @ValidateNested() @Type(() => FundingRequest) funding: FundingRequest;
  @ApiProperty({ example: '2026-01-15' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/) conceptionDate: string;
  @ApiProperty({ enum: ['public', 'internal', 'commercial_secret', 'state_secret'] })
  @IsIn(['public', 'internal', 'commercial_secret', 'state_secret'])
  confidentiality: 'public' | 'internal' | 'commercial_secret' | 'state_secret';
  @ApiProperty({ description: 'R5: needs supervisory filing on transfer' }) @IsBoolean() involvesNationalSecurity: boolean;
  @ApiProperty({ description: 'R5: needs supervisory filing on transfer' }) @IsBoolean() isKeyCoreTechnology: boolean;
  @ApiProperty({ type: [InventorRequest] })
  @ValidateNested({ each: true })
  @Type(() => InventorRequest)
  @ArrayMaxSize(100)
  inventors: InventorRequest[];
  @ApiProperty({ type: [AttachmentRequest] })
  @ValidateNested({ each: true })
  @Type(() => AttachmentRequest)
  @ArrayMaxSize(100)
  attachments: AttachmentRequest[];
}

export class ReasonRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(5_000) reason: string;
}

export class QuestionRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(5_000) question: string;
}

export class AnswerRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20_000) answer: string;
}

export class AssignEvaluatorRequest {
  @ApiProperty({ enum: ['tto_staff', 'external_agency'], description: 'R2: TTO staff or an entrusted market agency' })
  @IsIn(['tto_staff', 'external_agency'])
  kind: 'tto_staff' | 'external_agency';
  @ApiProperty() @IsString() @Matches(USER_ID) userId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) agencyName?: string;
}

const ASSESSMENTS = ['yes', 'no', 'uncertain'];

export class PatentabilityRequest {
  @ApiProperty({ enum: ASSESSMENTS }) @IsIn(ASSESSMENTS) novelty: 'yes' | 'no' | 'uncertain';
  @ApiProperty({ enum: ASSESSMENTS }) @IsIn(ASSESSMENTS) inventiveness: 'yes' | 'no' | 'uncertain';
  @ApiProperty({ enum: ASSESSMENTS }) @IsIn(ASSESSMENTS) practicalApplicability: 'yes' | 'no' | 'uncertain';
  @ApiProperty() @IsString() @MaxLength(20_000) notes: string;
}

export class RecordEvaluationRequest {
  @ApiProperty({ type: PatentabilityRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => PatentabilityRequest)
  patentability: PatentabilityRequest;
  @ApiProperty({ minimum: 1, maximum: 9 }) @IsInt() @Min(1) @Max(9) technologyReadinessLevel: number;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20_000) marketAssessment: string;
  @ApiProperty({ enum: ['file', 'do_not_file', 'trade_secret', 'defer'] })
  @IsIn(['file', 'do_not_file', 'trade_secret', 'defer'])
  recommendation: 'file' | 'do_not_file' | 'trade_secret' | 'defer';
}

export class DecideOnFilingRequest {
  @ApiProperty({ enum: ['file', 'do_not_file', 'trade_secret'] }) @IsIn(['file', 'do_not_file', 'trade_secret']) decision:
    'file' | 'do_not_file' | 'trade_secret';
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20_000) reasons: string;
  @ApiProperty({ description: 'The evaluation (its event id) the decision rests on' }) @Matches(/^[0-9a-f-]{36}$/) evaluationId: string;
}

export class PublishPolicyRequest {
  @ApiProperty({ example: '2027-01-01T00:00:00+08:00' }) @IsISO8601({ strict: true }) effectiveFrom: string;
  @ApiProperty({ example: 14 }) @IsInt() @Min(1) @Max(90) confirmationDays: number;
  @ApiProperty({ example: [3, 1] })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(89, { each: true })
  @ArrayMaxSize(10)
  confirmationReminderDays: number[];
  @ApiProperty({ example: 15 }) @IsInt() @Min(1) @Max(90) acknowledgementDays: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(1) @Max(180) evaluationDays: number;
  @ApiProperty({ example: 3000, description: 'R3: unit share of net revenue in abandonment contracts' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  abandonmentUnitShareBasisPoints: number;
  @ApiProperty({ example: 30, description: 'R3: days to sign an abandonment contract' })
  @IsInt()
  @Min(1)
  @Max(90)
  contractSigningDays: number;
}
