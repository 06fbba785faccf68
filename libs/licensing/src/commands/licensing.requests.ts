import { CALENDAR_DATE, EvidenceRequest, MAX_FEN } from '@chengguo/common';
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
  ValidateNested,
} from 'class-validator';
import { LICENSEE_CLASSES, LicenseeClass } from '../domain/licence.events';

// Request bodies of licensing. They check shape only; whether the case priced the licence, the
// policy allows use first pay later, or an amount is owed is the decider's call (R5–R7, R15).

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export class PublishLicensingPolicyRequest {
  @ApiProperty({ enum: LICENSEE_CLASSES, isArray: true, example: ['sme'], description: 'R15: who may use first and pay later' })
  @IsArray()
  @ArrayMaxSize(LICENSEE_CLASSES.length)
  @IsIn(LICENSEE_CLASSES, { each: true })
  useFirstPayLaterClasses: LicenseeClass[];

  @ApiProperty({ example: '2026-01-01', description: 'Calendar date (Asia/Shanghai), after the latest version’s' })
  @Matches(CALENDAR_DATE)
  effectiveFrom: string;

  @ApiProperty({ example: '关于开展科技成果先使用后付费改革试点的实施方案' })
  @IsString()
  @MaxLength(2_000)
  basis: string;
}

/** The shared evidence shape, its summary held to the licence's 2,000 characters (as every licensing text is). */
export class LicenceEvidenceRequest extends EvidenceRequest {
  @MaxLength(2_000)
  declare summary: string;
}

export class LicenceTermRequest {
  @ApiProperty({ example: '2026-07-01' }) @Matches(CALENDAR_DATE) startsOn: string;
  @ApiProperty({ example: '2031-06-30' }) @Matches(CALENDAR_DATE) endsOn: string;
}

export class LicenseeRequest {
  @ApiProperty({ example: '星火储能科技有限公司', description: 'As the case names its counterparty (R6)' })
  @IsString()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '91110108MA01ABCD2X', description: 'Unified social credit code (统一社会信用代码)' })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  creditCode?: string;

  @ApiProperty({ enum: LICENSEE_CLASSES, description: 'R15: e.g. sme (中小企业)' })
  @IsIn(LICENSEE_CLASSES)
  class: LicenseeClass;
}

export class MilestoneDueRequest {
  @ApiProperty({ enum: ['date', 'event'] })
  @IsIn(['date', 'event'])
  kind: 'date' | 'event';

  @ApiPropertyOptional({ example: '2027-06-30', description: 'date: the due date' })
  @IsOptional()
  @Matches(CALENDAR_DATE)
  dueOn?: string;

  @ApiPropertyOptional({ example: '首批产品量产', description: 'event: what triggers the payment' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  trigger?: string;

  @ApiPropertyOptional({ example: 30, description: 'event: days from the event to the payment' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  paymentDays?: number;
}

export class MilestoneRequest {
  @ApiProperty({ example: 'm-1' }) @Matches(ID) milestoneId: string;
  @ApiProperty({ example: '首批量产' }) @IsString() @MaxLength(2_000) description: string;
  @ApiProperty({ example: 30000000 }) @IsInt() @Min(0) @Max(MAX_FEN) amountFen: number;
  @ApiProperty({ type: MilestoneDueRequest }) @IsDefined() @ValidateNested() @Type(() => MilestoneDueRequest) due: MilestoneDueRequest;
}

export class RoyaltyRequest {
  @ApiProperty({ example: 300, description: 'Basis points of reported net sales (300 = 3 %)' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  rateBasisPoints: number;

  @ApiProperty({ example: 0, description: 'Minimum annual royalty (fen), owed for each whole paying calendar year' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  minimumAnnualRoyaltyFen: number;

  @ApiProperty({ enum: ['quarterly', 'annual'] }) @IsIn(['quarterly', 'annual']) reportingPeriod: 'quarterly' | 'annual';

  @ApiProperty({ example: 30, description: 'Days after a period ends that its report and royalty are due' })
  @IsInt()
  @Min(0)
  @Max(1_000)
  reportDueDays: number;
}

export class DeferredPaymentRequest {
  @ApiProperty({ example: 'd-1' }) @Matches(ID) deferredId: string;
  @ApiProperty({ example: 20000000 }) @IsInt() @Min(0) @Max(MAX_FEN) amountFen: number;
  @ApiProperty({ example: '2027-06-30' }) @Matches(CALENDAR_DATE) dueOn: string;
}

export class GuaranteeRequest {
  @ApiProperty({ example: '中关村科技融资担保有限公司' }) @IsString() @MaxLength(200) guarantor: string;
  @ApiProperty({ enum: ['bank_guarantee', 'guarantee_company', 'parent_company', 'insurance', 'other'] })
  @IsIn(['bank_guarantee', 'guarantee_company', 'parent_company', 'insurance', 'other'])
  kind: 'bank_guarantee' | 'guarantee_company' | 'parent_company' | 'insurance' | 'other';
  @ApiProperty({ example: 10000000 }) @IsInt() @Min(0) @Max(MAX_FEN) amountFen: number;
}

export class ConsiderationRequest {
  @ApiProperty({ example: 0, description: 'Upfront fee (fen); 0 for use first, pay later (R15)' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  upfrontFeeFen: number;

  @ApiProperty({ type: [MilestoneRequest] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MilestoneRequest)
  milestones: MilestoneRequest[];

  @ApiPropertyOptional({ type: RoyaltyRequest, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoyaltyRequest)
  royalty?: RoyaltyRequest | null;

  @ApiProperty({ type: [DeferredPaymentRequest] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DeferredPaymentRequest)
  deferredPayments: DeferredPaymentRequest[];

  @ApiPropertyOptional({ type: GuaranteeRequest, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuaranteeRequest)
  guarantee?: GuaranteeRequest | null;
}

export class PaymentStartRequest {
  @ApiProperty({ enum: ['first_sales', 'date'] }) @IsIn(['first_sales', 'date']) kind: 'first_sales' | 'date';
  @ApiPropertyOptional({ example: '2027-01-01', description: 'date: when payments start' })
  @IsOptional()
  @Matches(CALENDAR_DATE)
  on?: string;
}

export class UseFirstPayLaterRequest {
  @ApiProperty({ type: PaymentStartRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => PaymentStartRequest)
  paymentStart: PaymentStartRequest;

  @ApiProperty({ example: '2028-06-30', description: 'By this date the TTO decides: convert to a paid licence, or terminate' })
  @Matches(CALENDAR_DATE)
  decisionDueOn: string;
}

export class RecordLicenceRequest {
  @ApiProperty({ description: 'The transfer case (mode license) that priced the licence: its id becomes the licence id' })
  @Matches(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/)
  caseId: string;

  @ApiProperty({ enum: ['exclusive', 'sole', 'non_exclusive'] })
  @IsIn(['exclusive', 'sole', 'non_exclusive'])
  exclusivity: 'exclusive' | 'sole' | 'non_exclusive';

  @ApiProperty({ example: '中国大陆' }) @IsString() @MaxLength(2_000) territory: string;
  @ApiProperty({ example: '储能电池' }) @IsString() @MaxLength(2_000) fieldOfUse: string;
  @ApiProperty({ type: LicenceTermRequest }) @IsDefined() @ValidateNested() @Type(() => LicenceTermRequest) term: LicenceTermRequest;
  @ApiProperty({ description: 'May the licensee grant sublicences?' }) @IsBoolean() sublicensing: boolean;
  @ApiProperty({ type: LicenseeRequest }) @IsDefined() @ValidateNested() @Type(() => LicenseeRequest) licensee: LicenseeRequest;

  @ApiProperty({ type: ConsiderationRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => ConsiderationRequest)
  consideration: ConsiderationRequest;

  @ApiPropertyOptional({ type: UseFirstPayLaterRequest, description: 'R15: use first, pay later' })
  @IsOptional()
  @ValidateNested()
  @Type(() => UseFirstPayLaterRequest)
  useFirstPayLater?: UseFirstPayLaterRequest;
}

export class RecordRoyaltyReportRequest {
  @ApiProperty({ example: '2026-Q3', description: 'YYYY-Qn (quarterly) or YYYY (annual)' })
  @Matches(/^\d{4}(-Q[1-4])?$/)
  period: string;

  @ApiProperty({ example: 100000000, description: 'Net sales the licensee reports (fen)' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  netSalesFen: number;

  @ApiProperty({ example: 3000000, description: 'The royalty the licensee’s report states; must be the agreed rate on the net sales' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  statedRoyaltyFen: number;

  @ApiProperty({ example: '2026-10-10' }) @Matches(CALENDAR_DATE) reportedOn: string;

  @ApiProperty({ type: LicenceEvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => LicenceEvidenceRequest)
  evidence: LicenceEvidenceRequest;
}

export class RecordMilestoneReachedRequest {
  @ApiProperty({ example: '2026-09-01' }) @Matches(CALENDAR_DATE) reachedOn: string;
  @ApiProperty({ type: LicenceEvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => LicenceEvidenceRequest)
  evidence: LicenceEvidenceRequest;
}

export class PaymentItemRequest {
  @ApiProperty({ enum: ['upfront', 'milestone', 'deferred', 'royalty'] })
  @IsIn(['upfront', 'milestone', 'deferred', 'royalty'])
  kind: 'upfront' | 'milestone' | 'deferred' | 'royalty';
  @ApiPropertyOptional({ example: 'm-1' }) @IsOptional() @Matches(ID) milestoneId?: string;
  @ApiPropertyOptional({ example: 'd-1' }) @IsOptional() @Matches(ID) deferredId?: string;
  @ApiPropertyOptional({ example: '2026-Q3' }) @IsOptional() @Matches(/^\d{4}(-Q[1-4])?$/) period?: string;
}

export class RecordLicencePaymentRequest {
  @ApiProperty({ type: PaymentItemRequest }) @IsDefined() @ValidateNested() @Type(() => PaymentItemRequest) item: PaymentItemRequest;
  @ApiProperty({ example: 3000000 }) @IsInt() @Min(0) @Max(MAX_FEN) amountFen: number;
  @ApiProperty({ example: '2026-10-20', description: 'Date received (Asia/Shanghai)' }) @Matches(CALENDAR_DATE) receivedOn: string;
  @ApiProperty({ type: LicenceEvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => LicenceEvidenceRequest)
  evidence: LicenceEvidenceRequest;
}

export class DecideConversionRequest {
  @ApiProperty({ type: ConsiderationRequest, description: 'The paid licence’s consideration from now on' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ConsiderationRequest)
  consideration: ConsiderationRequest;
  @ApiProperty({ example: '试用期满，企业转为付费许可' }) @IsString() @MaxLength(2_000) reasons: string;
  @ApiProperty({ type: LicenceEvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => LicenceEvidenceRequest)
  evidence: LicenceEvidenceRequest;
}

export class ProposeTerminationRequest {
  @ApiProperty({ enum: ['uncured_default', 'use_first_pay_later_not_converted', 'agreed_by_parties'] })
  @IsIn(['uncured_default', 'use_first_pay_later_not_converted', 'agreed_by_parties'])
  ground: 'uncured_default' | 'use_first_pay_later_not_converted' | 'agreed_by_parties';
  @ApiProperty({ example: '被许可人逾期未付，宽限期满仍未纠正' }) @IsString() @MaxLength(2_000) reasons: string;
}
