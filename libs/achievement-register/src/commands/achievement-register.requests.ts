import { CALENDAR_DATE, EvidenceRequest } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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

// The request bodies and query strings of the register's HTTP face (R12). They check shape only;
// whether the facts hold (evidence present, shares whole, status allows it) is the decider's call.

const USER_ID = /^[\w.@:-]{1,128}$/;
const RIGHT_NUMBER = /^[\w.:/()\- ]{1,64}$/;

export const ACHIEVEMENT_KINDS = [
  'invention_patent',
  'utility_model',
  'design',
  'software_copyright',
  'ic_layout',
  'plant_variety',
  'know_how',
] as const;
export const PATENT_KINDS = ['invention_patent', 'utility_model', 'design'] as const;
export const CONFIDENTIALITY_LEVELS = ['public', 'internal', 'commercial_secret', 'state_secret'] as const;
export const LEDGER_STATUSES = [
  'unregistered',
  'disclosed',
  'under_evaluation',
  'to_be_filed',
  'kept_as_know_how',
  'to_be_abandoned',
  'abandoned_to_inventors',
  'filed',
  'granted',
  'transferred',
  'licensed',
  'invested',
  'lapsed',
  'withdrawn',
] as const;

export class RegisterInventorRequest {
  @ApiProperty({ example: 'li.lei' }) @IsString() @Matches(USER_ID) userId: string;
  @ApiProperty({ example: '李雷' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 6000, description: 'Contribution share in basis points; all shares total 10000' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  shareBasisPoints: number;
}

export class ClassificationRequest {
  @ApiProperty({ enum: CONFIDENTIALITY_LEVELS }) @IsIn(CONFIDENTIALITY_LEVELS) confidentiality: (typeof CONFIDENTIALITY_LEVELS)[number];
  @ApiProperty({ description: 'R5: a transformation needs supervisory filing' }) @IsBoolean() nationalSecurity: boolean;
  @ApiProperty({ description: 'R5: a transformation needs supervisory filing' }) @IsBoolean() keyCoreTechnology: boolean;
}

export class ExistingRightsRequest {
  @ApiPropertyOptional({ example: 'CN201910000001.2' }) @IsOptional() @IsString() @Matches(RIGHT_NUMBER) applicationNumber?: string;
  @ApiPropertyOptional({ example: '2019-03-01' }) @IsOptional() @Matches(CALENDAR_DATE) filingDate?: string;
  @ApiPropertyOptional({ example: '2021-06-18' }) @IsOptional() @Matches(CALENDAR_DATE) grantDate?: string;
  @ApiPropertyOptional({ example: 'ZL201910000001.2' }) @IsOptional() @IsString() @Matches(RIGHT_NUMBER) patentNumber?: string;
}

/** R12: an achievement that predates the system, entered by the TTO on the strength of its documents. */
export class RegisterExistingAchievementRequest {
  @ApiProperty({ enum: ACHIEVEMENT_KINDS }) @IsIn(ACHIEVEMENT_KINDS) kind: (typeof ACHIEVEMENT_KINDS)[number];
  @ApiProperty({ example: '一种青稞秸秆生物质炭制备方法' }) @IsString() @MinLength(1) @MaxLength(500) title: string;
  @ApiProperty({ type: [RegisterInventorRequest] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RegisterInventorRequest)
  @ArrayMaxSize(100)
  inventors: RegisterInventorRequest[];
  @ApiProperty({ type: ClassificationRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => ClassificationRequest)
  classification: ClassificationRequest;
  @ApiPropertyOptional({ type: ExistingRightsRequest, description: 'Rights it already holds (patent kinds only)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExistingRightsRequest)
  rights?: ExistingRightsRequest;
  @ApiPropertyOptional({ type: EvidenceRequest, description: 'Required: without it the register refuses (R12_EVIDENCE_REQUIRED)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence?: EvidenceRequest;
}

export class ReclassifyRequest {
  @ApiProperty({ type: ClassificationRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => ClassificationRequest)
  classification: ClassificationRequest;
  @ApiProperty() @IsString() @MaxLength(5_000) reason: string;
  @ApiPropertyOptional({ type: EvidenceRequest }) @IsOptional() @ValidateNested() @Type(() => EvidenceRequest) evidence?: EvidenceRequest;
}

export class RecordPatentApplicationRequest {
  @ApiPropertyOptional({ enum: PATENT_KINDS, description: 'Needed when the register does not know the kind yet (a disclosed achievement)' })
  @IsOptional()
  @IsIn(PATENT_KINDS)
  patentKind?: (typeof PATENT_KINDS)[number];
  @ApiProperty({ example: 'CN202610000001.X' }) @IsString() @Matches(RIGHT_NUMBER) applicationNumber: string;
  @ApiProperty({ example: '2026-03-01' }) @Matches(CALENDAR_DATE) filingDate: string;
  @ApiPropertyOptional({ type: EvidenceRequest }) @IsOptional() @ValidateNested() @Type(() => EvidenceRequest) evidence?: EvidenceRequest;
}

export class RecordPatentGrantRequest {
  @ApiProperty({ example: 'ZL202610000001.X' }) @IsString() @Matches(RIGHT_NUMBER) patentNumber: string;
  @ApiProperty({ example: '2027-09-01' }) @Matches(CALENDAR_DATE) grantDate: string;
  @ApiPropertyOptional({ type: EvidenceRequest }) @IsOptional() @ValidateNested() @Type(() => EvidenceRequest) evidence?: EvidenceRequest;
}

export class WithdrawAchievementRequest {
  @ApiProperty() @IsString() @MaxLength(5_000) reason: string;
  @ApiPropertyOptional({ type: EvidenceRequest }) @IsOptional() @ValidateNested() @Type(() => EvidenceRequest) evidence?: EvidenceRequest;
}

/** R12 rights maintenance: an annual fee paid, with the receipt as evidence. */
export class RecordAnnuityPaymentRequest {
  @ApiProperty({ example: 5, description: 'Patent year (from the filing date) the fee is for: the next one due' })
  @IsInt()
  @Min(1)
  @Max(20)
  year: number;
  @ApiProperty({ example: 120_000, description: 'The annual fee paid, whole fen' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen: number;
  @ApiPropertyOptional({ example: 0, description: 'The late fee paid, whole fen (in the grace period)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  lateFeeFen?: number;
  @ApiProperty({ example: '2027-03-01' }) @Matches(CALENDAR_DATE) paidOn: string;
  @ApiPropertyOptional({ type: EvidenceRequest }) @IsOptional() @ValidateNested() @Type(() => EvidenceRequest) evidence?: EvidenceRequest;
}

/** R12 abandonment: let the right lapse by not paying the next fee; the `right-lapse` sign-off decides. */
export class ProposeLettingRightLapseRequest {
  @ApiProperty() @IsString() @MaxLength(5_000) reason: string;
  @ApiPropertyOptional({ type: EvidenceRequest }) @IsOptional() @ValidateNested() @Type(() => EvidenceRequest) evidence?: EvidenceRequest;
}

/** The ledger's filters (R12), shared by the paged list and the CSV export. */
export class LedgerFilterRequest {
  @ApiPropertyOptional({ description: 'An inventor’s user id, or `me` for the caller' })
  @IsOptional()
  @IsString()
  @Matches(USER_ID)
  inventor?: string;

  @ApiPropertyOptional({ enum: ACHIEVEMENT_KINDS }) @IsOptional() @IsIn(ACHIEVEMENT_KINDS) kind?: (typeof ACHIEVEMENT_KINDS)[number];

  @ApiPropertyOptional({ enum: LEDGER_STATUSES }) @IsOptional() @IsIn(LEDGER_STATUSES) status?: (typeof LEDGER_STATUSES)[number];

  @ApiPropertyOptional({ enum: CONFIDENTIALITY_LEVELS })
  @IsOptional()
  @IsIn(CONFIDENTIALITY_LEVELS)
  confidentiality?: (typeof CONFIDENTIALITY_LEVELS)[number];

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'R5: whether a transformation needs supervisory filing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  r5FilingRequired?: 'true' | 'false';

  @ApiPropertyOptional({ example: 2026, description: 'Year of registration (Asia/Shanghai)' })
  @IsOptional()
  @Matches(/^(19|20|21)\d{2}$/)
  year?: string;
}

export class LedgerPageRequest extends LedgerFilterRequest {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'limit is an integer from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
