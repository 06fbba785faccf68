import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The disclosure process's refusals by status (disclosure.errors.ts), documented on its operations. */
export const DISCLOSURE_REFUSALS: ProblemCodes = {
  403: ['DISCLOSURE_NOT_YOURS', 'ROLE_NOT_ALLOWED', 'R1_NOT_AN_INVENTOR', 'R2_NOT_THE_ASSIGNED_EVALUATOR', 'R4_CONFLICT_OF_INTEREST'],
  404: ['DISCLOSURE_NOT_FOUND'],
  409: [
    'DISCLOSURE_ALREADY_EXISTS',
    'DISCLOSURE_WRONG_STATUS',
    'DISCLOSURE_NO_OPEN_CLARIFICATION',
    'R2_DECISION_WITHOUT_EVALUATION',
    'R2_DECISION_CITES_OTHER_EVALUATION',
    'DISCLOSURE_ALREADY_DECIDED',
  ],
  422: [
    'R1_DISCLOSURE_WITHOUT_INVENTORS',
    'R1_DUPLICATE_INVENTOR',
    'R1_SHARES_NOT_100_PERCENT',
    'R1_SUBMITTER_NOT_AN_INVENTOR',
    'R1_FISCAL_FUNDING_NEEDS_PROJECT_NUMBER',
    'R1_CONCEPTION_DATE_IN_FUTURE',
    'DISCLOSURE_DUPLICATE_ATTACHMENT',
    'DISCLOSURE_ATTACHMENT_NOT_UPLOADED',
    'DISCLOSURE_ATTACHMENT_DIFFERS_FROM_RECORD',
    'R2_AGENCY_NAME_REQUIRED',
    'R2_INVALID_READINESS_LEVEL',
    'DISCLOSURE_REASON_REQUIRED',
  ],
};

export const DISCLOSURE_POLICY_REFUSALS: ProblemCodes = {
  422: ['POLICY_EFFECTIVE_IN_PAST', 'POLICY_OUT_OF_ORDER', 'POLICY_OUT_OF_BOUNDS'],
};

export class DisclosureDraftedAnswer extends CommandAccepted {
  @ApiProperty({ format: 'uuid', description: 'The new disclosure; also in the Location header' })
  disclosureId: string;
}

export class EvaluationRecordedAnswer extends CommandAccepted {
  @ApiProperty({ format: 'uuid', description: 'The evaluation event id; the filing decision cites it (R2)' })
  evaluationId: string;
}

export class FilingDecidedAnswer extends CommandAccepted {
  @ApiProperty({ format: 'uuid', description: 'The decision event id; a contract or an exemption claim cites it (R4, R13)' })
  decisionEventId: string;
}

class InventorView {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Contribution share in basis points; shares total 10000' }) shareBasisPoints: number;
}

class ConfirmationRoundView {
  @ApiProperty({ example: 'co-inventor-confirmation', description: 'Sign at /sign-offs/disclosure-{id}/{signOffId}/signatures' })
  signOffId: string;
  @ApiProperty({ description: 'The hash a co-inventor’s signature binds to' }) termsHash: string;
  @ApiProperty({ example: 'open' }) status: string;
}

/** One disclosure as the read model holds it (GET /disclosures/{id} and the lists). */
export class DisclosureView {
  @ApiProperty({ format: 'uuid' }) disclosureId: string;
  @ApiProperty() title: string;
  @ApiProperty() technicalField: string;
  @ApiProperty({ enum: ['public', 'internal', 'commercial_secret', 'state_secret'] }) confidentiality: string;
  @ApiProperty({ description: 'R5: state secret, national security or key core technology' }) supervisoryFilingRequired: boolean;
  @ApiProperty() draftedBy: string;
  @ApiProperty({ type: [InventorView] }) inventors: InventorView[];
  @ApiProperty({ type: [String] }) inventorIds: string[];
  @ApiProperty({ example: 'under_evaluation' }) status: string;
  @ApiProperty({ type: String, nullable: true }) evaluatorId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Event id of the evaluation; cite it in the decision' })
  evaluationId: string | null;
  @ApiProperty({ type: String, nullable: true }) recommendation: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['file', 'do_not_file', 'trade_secret'] }) decision: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReasons: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Event id of the filing decision (cited by contracts and exemption claims)' })
  decisionEventId: string | null;
  @ApiProperty({ type: String, nullable: true }) openQuestion: string | null;
  @ApiProperty({ format: 'date-time' }) draftedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: [String] }) overdueReasons: string[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The disclosed content as last submitted or drafted' })
  content: Record<string, unknown>;
  @ApiProperty({ type: ConfirmationRoundView, nullable: true, description: 'The co-inventors’ confirmation round, once opened' })
  confirmation: ConfirmationRoundView | null;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DisclosureList {
  @ApiProperty({ type: [DisclosureView] }) items: DisclosureView[];
}

class DeadlineStatusView {
  @ApiProperty({ format: 'uuid' }) disclosureId: string;
  @ApiProperty({ enum: ['acknowledgement', 'evaluation'] }) deadline: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() policyVersion: number;
  @ApiProperty() met: boolean;
  @ApiProperty() missed: boolean;
}

export class DisclosureDeadlinesView {
  @ApiPropertyOptional({ type: DeadlineStatusView, nullable: true, description: 'null: no such deadline running (yet)' })
  acknowledgement: DeadlineStatusView | null;
  @ApiPropertyOptional({ type: DeadlineStatusView, nullable: true }) evaluation: DeadlineStatusView | null;
}

class DisclosurePolicyView {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) effectiveFrom: string;
  @ApiProperty() confirmationDays: number;
  @ApiProperty({ type: [Number] }) confirmationReminderDays: number[];
  @ApiProperty() acknowledgementDays: number;
  @ApiProperty() evaluationDays: number;
  @ApiProperty() abandonmentUnitShareBasisPoints: number;
  @ApiProperty() contractSigningDays: number;
}

export class DisclosurePoliciesView {
  @ApiProperty({ type: DisclosurePolicyView }) inForce: DisclosurePolicyView;
  @ApiProperty({ type: [DisclosurePolicyView] }) versions: DisclosurePolicyView[];
}
