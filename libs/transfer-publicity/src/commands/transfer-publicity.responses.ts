import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The transfer case's refusals by status (transfer-case.errors.ts), documented on its operations. */
export const TRANSFER_CASE_REFUSALS: ProblemCodes = {
  404: ['TRANSFER_CASE_NOT_FOUND', 'R7_OBJECTION_NOT_FOUND'],
  409: [
    'TRANSFER_CASE_ALREADY_OPENED',
    'R3_RIGHTS_DUE_TO_INVENTORS',
    'R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT',
    'R11_CO_OWNERS_CONSENT_REQUIRED',
    'R11_CO_OWNERS_CONSENT_NOT_REFUSED',
    'R5_ACHIEVEMENT_NOT_TRANSFORMABLE',
    'R5_SUPERVISORY_FILING_REQUIRED',
    'R5_SUPERVISORY_FILING_NOT_REQUIRED',
    'R5_SUPERVISORY_FILING_ALREADY_RECORDED',
    'R6_PUBLICITY_ONLY_FOR_AGREEMENT_PRICING',
    'R6_MARKET_RESULT_ONLY_FOR_LISTING_OR_AUCTION',
    'R6_MARKET_RESULT_NOT_EXPECTED',
    'R7_PUBLICITY_ALREADY_RUNNING',
    'TRANSFER_CASE_NOT_AWAITING_PUBLICITY',
    'R7_PUBLICITY_NOT_RUNNING',
    'R7_OBJECTION_OUTSIDE_PERIOD',
    'R7_OBJECTION_ALREADY_RAISED',
    'R7_OBJECTION_ALREADY_RESOLVED',
    'R7_PUBLICITY_PERIOD_NOT_OVER',
    'R7_OBJECTION_OPEN',
    'R7_PUBLISHED_PRICE_LOCKED',
    'TRANSFER_APPROVAL_NOT_REFUSED',
    'TRANSFER_APPROVAL_REQUIRED',
    'R8_CONTRACT_ALREADY_REGISTERED',
    'TRANSFER_ALREADY_EXECUTED',
  ],
  422: [
    'ACHIEVEMENT_NOT_REGISTERED',
    'TRANSFER_CASE_INVALID',
    'TRANSFER_PRICE_INVALID',
    'TRANSFER_PRICE_UNCHANGED',
    'R6_PRICING_METHOD_MISMATCH',
    'R7_PUBLICITY_TOO_SHORT',
    'R7_PUBLICITY_DAYS_INVALID',
    'R7_OBJECTION_REASON_REQUIRED',
    'R7_RESOLUTION_REASONS_REQUIRED',
  ],
};

export class TransferCaseOpenedAnswer extends CommandAccepted {
  @ApiProperty({ format: 'uuid', description: 'The new case; also in the Location header' }) caseId: string;
}

export class ObjectionRaisedAnswer extends CommandAccepted {
  @ApiProperty({ description: 'Resolve it at /transfer-cases/{caseId}/objections/{objectionId}/resolution' }) objectionId: string;
}

class OpenObjectionView {
  @ApiProperty() objectionId: string;
  @ApiProperty() raisedBy: string;
}

class PublicityView {
  @ApiProperty() round: number;
  @ApiProperty() days: number;
  @ApiProperty({ description: 'The published price, integer fen' }) priceFen: number;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ format: 'date-time', description: 'R7-DAYS: 24:00 Asia/Shanghai of the last counted day' }) periodEndsAt: string;
  @ApiProperty({ enum: ['running', 'failed', 'completed'] }) status: string;
}

class ApprovalView {
  @ApiProperty({ example: 'transfer-approval', description: 'Sign at /sign-offs/transfer-case-{caseId}/{signOffId}/signatures' })
  signOffId: string;
  @ApiProperty({ type: String, nullable: true, description: 'What the approvers sign (null before the round opens)' })
  termsHash: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
}

class CoOwnerShareView {
  @ApiProperty() userId: string;
  @ApiProperty({ description: 'Share of the whole right, basis points' }) shareBasisPoints: number;
}

/** R11: the co-owners' consent round of a case on a co-owned achievement. */
class CoOwnersConsentView {
  @ApiProperty({ example: 'co-owners-consent', description: 'Consent at /sign-offs/transfer-case-{caseId}/{signOffId}/signatures' })
  signOffId: string;
  @ApiProperty({ enum: ['pending', 'given', 'refused'] }) status: string;
  @ApiProperty({ type: Number, nullable: true, description: 'A revised price or a reopening opens a new round' }) round: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'What the co-owners consent to: mode, method, counterparty, price, shares' })
  termsHash: string | null;
  @ApiProperty({ example: 'ownership-agreement-…' }) agreementId: string;
  @ApiProperty() unitShareBasisPoints: number;
  @ApiProperty({ type: [CoOwnerShareView] }) coOwners: CoOwnerShareView[];
}

/** One transfer case (GET /transfer-cases/{caseId} and the list). */
export class TransferCaseView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['disclosure', 'registered', 'patent'] }) achievementKind: string;
  @ApiProperty() achievementId: string;
  @ApiProperty() achievementName: string;
  @ApiProperty({ enum: ['transfer', 'license', 'equity_investment'] }) mode: string;
  @ApiProperty({ type: String, nullable: true, enum: ['exclusive', 'sole', 'non_exclusive'] }) licenseExclusivity: string | null;
  @ApiProperty({ enum: ['agreement', 'listing', 'auction'] }) pricingMethod: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) counterparty: Record<string, unknown> | null;
  @ApiProperty({ description: 'Proposed (or final) price, integer fen' }) priceFen: number;
  @ApiProperty({ example: 'in_publicity' }) status: string;
  @ApiProperty({ description: 'R5, from the register' }) supervisoryFilingRequired: boolean;
  @ApiProperty({ type: String, nullable: true }) supervisoryFilingNumber: string | null;
  @ApiProperty({ type: Number, nullable: true }) publicityRound: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publicityPeriodEndsAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the current publicity round was published' })
  publishedAt: string | null;
  @ApiProperty({ type: PublicityView, nullable: true }) publicity: PublicityView | null;
  @ApiProperty({ type: [OpenObjectionView], description: 'Objections of the current round still to resolve (they pause completion, R7)' })
  openObjections: OpenObjectionView[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) market: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) approvalTermsHash: string | null;
  @ApiProperty({ type: String, nullable: true }) approvalOutcome: string | null;
  @ApiProperty({ type: ApprovalView }) approval: ApprovalView;
  @ApiProperty({ type: CoOwnersConsentView, nullable: true, description: 'R11: null when the unit owns the achievement alone' })
  coOwnersConsent: CoOwnersConsentView | null;
  @ApiProperty({ type: String, nullable: true }) registrationNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) registeredOn: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) executedAt: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'R8: false when executed without a registered contract' })
  rewardEligible: boolean | null;
  @ApiProperty({ type: [String] }) flags: string[];
  @ApiProperty() openedBy: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
}

export class TransferCaseList {
  @ApiProperty({ type: [TransferCaseView] }) items: TransferCaseView[];
}

class TransferHistoryEntryView {
  @ApiProperty() eventId: string;
  @ApiProperty() achievementKind: string;
  @ApiProperty() achievementId: string;
  @ApiProperty() caseId: string;
  @ApiProperty() revision: number;
  @ApiProperty() eventType: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() actorId: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

export class TransferHistoryView {
  @ApiProperty({ type: [TransferHistoryEntryView] }) items: TransferHistoryEntryView[];
}

class NoticeView {
  @ApiProperty() caseId: string;
  @ApiProperty() round: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'kind, id and published name' })
  achievement: Record<string, unknown>;
  @ApiProperty() proposedPriceFen: number;
  @ApiProperty() days: number;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ format: 'date-time' }) periodEndsAt: string;
  @ApiProperty() daysRemaining: number;
  @ApiProperty() awaitingObjectionResolution: boolean;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Only for the TTO' })
  objections?: unknown[];
}

export class NoticeBoardView {
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: [NoticeView] }) items: NoticeView[];
}
