import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The licensing policy's refusals by status. */
export const POLICY_REFUSALS: ProblemCodes = {
  403: ['ROLE_NOT_ALLOWED'],
  409: ['R15_POLICY_EFFECTIVE_DATE_NOT_LATER'],
  422: ['R15_INVALID_DATE', 'R15_POLICY_BASIS_REQUIRED', 'R15_POLICY_CLASS_INVALID'],
};

/** Recording a licence against its case (R5–R7, R12, R15). */
export const RECORD_REFUSALS: ProblemCodes = {
  404: ['LICENCE_CASE_NOT_FOUND', 'ACHIEVEMENT_NOT_REGISTERED'],
  409: [
    'LICENCE_ALREADY_RECORDED',
    'R5_CASE_NAMES_NO_ACHIEVEMENT',
    'R5_CASE_NOT_A_LICENCE',
    'R5_EXCLUSIVITY_MISMATCH',
    'R6_LICENSEE_NOT_COUNTERPARTY',
    'R7_PRICE_NOT_SETTLED',
    'R7_CONSIDERATION_NOT_PRICED',
    'R11_CO_OWNERS_CONSENT_REQUIRED',
    'R15_LICENSEE_CLASS_NOT_ALLOWED',
  ],
  422: [
    'LICENCE_INVALID_FIELD',
    'LICENCE_TERM_INVALID',
    'R15_UPFRONT_FEE_NOT_ZERO',
    'R15_PAYMENT_BEFORE_START',
    'R15_DECISION_DATE_INVALID',
    'R15_NO_PAYMENT_AGREED',
  ],
};

/**
 * Any command on a licence. The last three are the refusals of the steps the system runs on the same
 * stream (the case's execution, the term workflow's escalation and cure): listed with the stream's codes.
 */
const ON_A_LICENCE: ProblemCodes = {
  404: ['LICENCE_NOT_FOUND'],
  409: ['LICENCE_NOT_IN_EFFECT', 'LICENCE_CASE_NOT_EXECUTED', 'LICENCE_OBLIGATION_NOT_OVERDUE', 'LICENCE_CURE_PERIOD_NOT_OVER'],
};

export const REPORT_REFUSALS: ProblemCodes[] = [
  ON_A_LICENCE,
  {
    409: [
      'LICENCE_NO_ROYALTY',
      'LICENCE_PERIOD_OUTSIDE_TERM',
      'LICENCE_PERIOD_NOT_ENDED',
      'LICENCE_EARLIER_PERIOD_UNREPORTED',
      'LICENCE_ROYALTY_REPORT_EXISTS',
    ],
    422: [
      'LICENCE_PERIOD_INVALID',
      'LICENCE_ROYALTY_AMOUNT_MISMATCH',
      'LICENCE_INVALID_FIELD',
      'LICENCE_DATE_IN_FUTURE',
      'LICENCE_EVIDENCE_REQUIRED',
    ],
  },
];

export const MILESTONE_REFUSALS: ProblemCodes[] = [
  ON_A_LICENCE,
  {
    404: ['LICENCE_MILESTONE_NOT_FOUND'],
    409: ['LICENCE_MILESTONE_HAS_DATE', 'LICENCE_MILESTONE_ALREADY_REACHED'],
    422: ['LICENCE_INVALID_FIELD', 'LICENCE_DATE_IN_FUTURE', 'LICENCE_EVIDENCE_REQUIRED'],
  },
];

export const PAYMENT_REFUSALS: ProblemCodes[] = [
  ON_A_LICENCE,
  {
    409: ['LICENCE_PAYMENT_EXISTS', 'LICENCE_PAYMENT_ITEM_NOT_DUE', 'LICENCE_PAYMENT_EXCEEDS_OUTSTANDING'],
    422: ['LICENCE_INVALID_FIELD', 'LICENCE_DATE_IN_FUTURE', 'LICENCE_EVIDENCE_REQUIRED'],
  },
];

export const CONVERSION_REFUSALS: ProblemCodes[] = [
  ON_A_LICENCE,
  {
    409: ['R15_NOT_USE_FIRST_PAY_LATER', 'R15_CONVERSION_ALREADY_DECIDED', 'LICENCE_TERMINATION_PENDING'],
    422: ['LICENCE_INVALID_FIELD', 'LICENCE_EVIDENCE_REQUIRED'],
  },
];

export const TERMINATION_REFUSALS: ProblemCodes[] = [
  ON_A_LICENCE,
  {
    409: ['LICENCE_TERMINATION_PENDING', 'LICENCE_NO_UNCURED_DEFAULT', 'R15_NOT_USE_FIRST_PAY_LATER', 'R15_CONVERSION_ALREADY_DECIDED'],
    422: ['LICENCE_INVALID_FIELD'],
  },
];

export class LicenceRecordedAnswer extends CommandAccepted {
  @ApiProperty({ description: 'The licence id: the id of the case that priced it' }) licenceId: string;
}

export class PaymentRecordedAnswer extends CommandAccepted {
  @ApiProperty() paymentId: string;
}

export class TerminationProposedAnswer extends CommandAccepted {
  @ApiProperty({ example: 'licence-termination', description: 'Sign it at /sign-offs/{streamId}/{signOffId}' }) signOffId: string;
}

export class LicensingPolicyVersionView {
  @ApiProperty() version: number;
  @ApiProperty({ type: [String] }) useFirstPayLaterClasses: string[];
  @ApiProperty({ example: '2026-01-01' }) effectiveFrom: string;
  @ApiProperty() basis: string;
}

export class LicensingPolicyView {
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
  @ApiProperty({ type: [LicensingPolicyVersionView] }) versions: LicensingPolicyVersionView[];
  @ApiProperty({ type: [String], description: 'The classes that may use first and pay later today (Asia/Shanghai)' })
  useFirstPayLaterClassesToday: string[];
}

export class DueItemView {
  @ApiProperty({ example: 'royalty:2026-Q3' }) itemKey: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['payment', 'report', 'decision'] }) kind: string;
  @ApiProperty({ example: '2026-10-30' }) dueOn: string;
  @ApiProperty({ nullable: true, type: Number }) amountFen: number | null;
  @ApiProperty() paidFen: number;
  @ApiProperty() settled: boolean;
}

export class LicenceView {
  @ApiProperty() licenceId: string;
  @ApiProperty() caseId: string;
  @ApiProperty() achievementId: string;
  @ApiProperty() achievementTitle: string;
  @ApiProperty({ enum: ['awaiting_effect', 'in_effect', 'termination_proposed', 'terminated'] }) status: string;
  @ApiProperty({ enum: ['standard', 'use_first_pay_later'] }) paymentModel: string;
  @ApiProperty() licenseeName: string;
  @ApiProperty() licenseeClass: string;
  @ApiProperty() exclusivity: string;
  @ApiProperty({ nullable: true, type: String }) effectiveOn: string | null;
  @ApiProperty() termEndsOn: string;
  @ApiProperty({ description: 'Payments received (fen)' }) receivedFen: number;
  @ApiProperty({ description: 'Obligations escalated to the TTO and not yet met' }) overdueCount: number;
  @ApiProperty({ type: [DueItemView] }) dueItems: DueItemView[];
  @ApiPropertyOptional({ description: 'The recorded terms (territory, field, term, sublicensing, licensee, consideration, R15 terms)' })
  terms?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Royalty reports by period' }) reports?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Escalations by item' }) escalations?: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, description: 'R15: the conversion to a paid licence, once decided' })
  conversion?: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, description: 'The termination round, when proposed' }) termination?: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
}

export class LicenceList {
  @ApiProperty({ type: [LicenceView] }) items: LicenceView[];
}
