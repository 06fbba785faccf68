import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty } from '@nestjs/swagger';

/** The exemption process's refusals by status (exemption.errors.ts), documented on its operations. */
export const EXEMPTION_REFUSALS: ProblemCodes = {
  403: ['ROLE_NOT_ALLOWED'],
  404: ['EXEMPTION_CLAIM_NOT_FOUND'],
  409: [
    'EXEMPTION_CLAIM_ALREADY_FILED',
    'R13_NO_FAILED_FINDING',
    'R13_ALREADY_OVERRIDDEN',
    'R13_CONFIRMATION_CLOSED',
    'R13_CONFIRMATION_OPEN',
    // Negative-list items the history shows (负面清单): the first hit's code names the refusing rule.
    'R13_CONFLICTED_PARTY_DECIDED',
    'R5_TRANSFORMED_WITHOUT_SUPERVISORY_FILING',
    'R7_PRICE_NOT_PUBLICISED',
  ],
  422: [
    'R13_SUBJECT_NOT_A_DECISION',
    'R13_DECISION_MAKERS_REQUIRED',
    'R13_DESCRIPTION_REQUIRED',
    'MONEY_NOT_WHOLE_FEN',
    'R13_UNKNOWN_LIST_ITEM',
    'R13_POSITIVE_ITEM_REQUIRED',
    'R13_OVERRIDE_REASONS_REQUIRED',
  ],
};

/** The confirmation round's refusals (the sign-off capability's, on the claim's stream). */
export const CONFIRMATION_REFUSALS: ProblemCodes = {
  403: ['SIGN_OFF_NOT_A_PARTY', 'R4_CONFLICT_OF_INTEREST'],
  404: ['SIGN_OFF_NOT_FOUND'],
  409: ['SIGN_OFF_ROUND_CLOSED', 'SIGN_OFF_ROUND_EXPIRED', 'SIGN_OFF_STALE_TERMS', 'SIGN_OFF_ALREADY_DECIDED'],
  422: ['SIGN_OFF_PARTY_AMBIGUOUS', 'SIGN_OFF_REASON_REQUIRED'],
};

export const EXEMPTION_LISTS_REFUSALS: ProblemCodes = {
  422: ['POLICY_EFFECTIVE_IN_PAST', 'POLICY_OUT_OF_ORDER', 'R13_LIST_INVALID'],
};

export class ExemptionClaimFiledAnswer extends CommandAccepted {
  @ApiProperty({ format: 'uuid', description: 'The new claim' }) claimId: string;
}

class SubjectView {
  @ApiProperty({ example: 'do_not_file_decision' }) kind: string;
  @ApiProperty() streamId: string;
  @ApiProperty({ description: 'The decision event the claim is about' }) eventId: string;
}

class ConfirmationView {
  @ApiProperty() streamId: string;
  @ApiProperty({ example: 'exemption-confirmation' }) signOffId: string;
  @ApiProperty() round: number;
  @ApiProperty({ description: 'Send it with a confirmation signature' }) termsHash: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ format: 'date-time' }) deadline: string;
}

/** One claim (GET /exemption-claims/{id} and the list). */
export class ExemptionClaimView {
  @ApiProperty({ format: 'uuid' }) claimId: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: SubjectView }) subject: SubjectView;
  @ApiProperty({ description: 'Loss or value change, integer fen' }) lossOrValueChangeFen: number;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) decisionMakers: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Each with the event ids proving it' })
  findings: unknown[];
  @ApiProperty({ type: [String] }) failedFindings: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) assertion: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) overrides: unknown[];
  @ApiProperty({ type: [String], nullable: true }) outcomeReasons: string[] | null;
  @ApiProperty() excludedFromStateAssetAssessment: boolean;
  @ApiProperty() filedBy: string;
  @ApiProperty({ format: 'date-time' }) filedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) concludedAt: string | null;
  @ApiProperty({ type: ConfirmationView, nullable: true, description: 'The confirmation round to sign, once opened' })
  confirmation: ConfirmationView | null;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ExemptionClaimList {
  @ApiProperty({ type: [ExemptionClaimView] }) items: ExemptionClaimView[];
}

class DecisionMakerClaimView {
  @ApiProperty() userId: string;
  @ApiProperty({ format: 'uuid' }) claimId: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: [String] }) sources: string[];
  @ApiProperty() status: string;
  @ApiProperty() subjectKind: string;
  @ApiProperty() subjectStreamId: string;
  @ApiProperty() subjectEventId: string;
  @ApiProperty() lossOrValueChangeFen: number;
  @ApiProperty({ type: [String] }) failedFindings: string[];
  @ApiProperty({ format: 'date-time' }) filedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) concludedAt: string | null;
  @ApiProperty() revision: number;
}

export class DecisionMakerHistoryView {
  @ApiProperty() userId: string;
  @ApiProperty({ type: [DecisionMakerClaimView] }) items: DecisionMakerClaimView[];
}

class ListItemView {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
}

class ExemptionListsVersionView {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) effectiveFrom: string;
  @ApiProperty({ type: [ListItemView] }) positive: ListItemView[];
  @ApiProperty({ type: [ListItemView] }) negative: ListItemView[];
}

export class ExemptionListsView {
  @ApiProperty({ type: ExemptionListsVersionView }) inForce: ExemptionListsVersionView;
  @ApiProperty({ type: [ExemptionListsVersionView] }) versions: ExemptionListsVersionView[];
}
