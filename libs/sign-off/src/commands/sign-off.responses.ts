import { ProblemCodes } from '@chengguo/common';
import { ApiProperty } from '@nestjs/swagger';

/** The sign-off capability's refusals by status (sign-off.errors.ts and the identifiers' patterns). */
export const SIGN_OFF_REFUSALS: ProblemCodes = {
  403: ['SIGN_OFF_NOT_A_PARTY', 'R4_CONFLICT_OF_INTEREST', 'SIGN_OFF_NOT_ESCALATION_ROLE'],
  404: ['SIGN_OFF_NOT_FOUND'],
  409: [
    'SIGN_OFF_ROUND_CLOSED',
    'SIGN_OFF_ROUND_EXPIRED',
    'SIGN_OFF_STALE_TERMS',
    'SIGN_OFF_ALREADY_DECIDED',
    'SIGN_OFF_OUT_OF_SEQUENCE',
    'SIGN_OFF_DELEGATION_EXISTS',
    'SIGN_OFF_NO_DELEGATION',
    'SIGN_OFF_DELEGATION_USED',
    'SIGN_OFF_NOT_EXPIRED',
    'SIGN_OFF_ALREADY_EXTENDED',
  ],
  422: [
    'STREAM_ID_INVALID',
    'SIGN_OFF_ID_INVALID',
    'SIGN_OFF_INVALID_ROUND',
    'SIGN_OFF_PARTY_AMBIGUOUS',
    'SIGN_OFF_ABSTAIN_NOT_ALLOWED',
    'SIGN_OFF_REASON_REQUIRED',
    'SIGN_OFF_DELEGATION_INVALID',
    'SIGN_OFF_DEADLINE_IN_PAST',
  ],
};

class PartyView {
  @ApiProperty({ example: 'inventor:li.lei' }) partyId: string;
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: any holder of the role acts for the party' }) userId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deadline: string | null;
  @ApiProperty({ example: 'pending' }) decision: string;
  @ApiProperty({ type: String, nullable: true }) decidedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) onBehalfOf: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) delegation: Record<string, unknown> | null;
  @ApiProperty() overdue: boolean;
}

/** A sign-off's current round (GET /sign-offs/{streamId}/{signOffId}). */
export class SignOffRoundView {
  @ApiProperty() streamId: string;
  @ApiProperty() signOffId: string;
  @ApiProperty() round: number;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: ['open', 'expired', 'closed'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) mode: Record<string, unknown>;
  @ApiProperty({ description: 'Send it with a signature: it binds the signature to these terms' }) termsHash: string;
  @ApiProperty({ format: 'date-time' }) deadline: string;
  @ApiProperty() extended: boolean;
  @ApiProperty() escalationRole: string;
  @ApiProperty({ type: [String] }) ruleKeys: string[];
  @ApiProperty({ type: [PartyView] }) parties: PartyView[];
  @ApiProperty({ type: [Number] }) reminderOffsetsMs: number[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) remindersSent: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) escalations: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) extension: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) closedBy: string | null;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
}

class PendingSignOffView {
  @ApiProperty() streamId: string;
  @ApiProperty() signOffId: string;
  @ApiProperty() partyId: string;
  @ApiProperty() round: number;
  @ApiProperty() subject: string;
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) delegateUserId: string | null;
  @ApiProperty() actionable: boolean;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ format: 'date-time' }) deadline: string;
}

export class PendingSignOffList {
  @ApiProperty({ type: [PendingSignOffView] }) items: PendingSignOffView[];
}
