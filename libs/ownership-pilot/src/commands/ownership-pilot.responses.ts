import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty } from '@nestjs/swagger';

/** The pilot policy's refusals by status (ownership-pilot.errors.ts). */
export const POLICY_REFUSALS: ProblemCodes = {
  403: ['ROLE_NOT_ALLOWED'],
  409: ['R11_POLICY_EFFECTIVE_DATE_NOT_LATER', 'R11_POLICY_UNCHANGED'],
  422: ['R11_INVALID_DATE', 'R11_POLICY_BASIS_REQUIRED'],
};

/** An ownership agreement's refusals by status. */
export const AGREEMENT_REFUSALS: ProblemCodes = {
  403: ['ROLE_NOT_ALLOWED'],
  404: ['ACHIEVEMENT_NOT_REGISTERED'],
  409: ['R11_NOT_A_PILOT_UNIT', 'R11_ACHIEVEMENT_NOT_OWNED_BY_UNIT', 'R11_NO_INVENTORS', 'R11_AGREEMENT_EXISTS'],
  422: [
    'R11_CO_OWNERSHIP_SHARE_INVALID',
    'R11_REVENUE_SPLIT_REQUIRED',
    'R11_REVENUE_SPLIT_INVALID',
    'R11_USE_RIGHT_TOO_SHORT',
    'R11_USE_RIGHT_TERM_INVALID',
    'R11_INVALID_DATE',
    'R11_REVENUE_SHARES_REQUIRED',
    'R11_DECISION_MAKING_REQUIRED',
    'R11_COST_SHARING_REQUIRED',
    'R11_IP_MAINTENANCE_REQUIRED',
  ],
};

export class OwnershipAgreementProposedAnswer extends CommandAccepted {
  @ApiProperty({ example: 'ownership-agreement-signature', description: 'Sign it at /sign-offs/{streamId}/{signOffId}' })
  signOffId: string;
}

export class PilotPolicyVersionView {
  @ApiProperty() version: number;
  @ApiProperty() pilot: boolean;
  @ApiProperty({ example: '2026-01-01' }) effectiveFrom: string;
  @ApiProperty() basis: string;
}

export class OwnershipPilotPolicyView {
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
  @ApiProperty({ type: [PilotPolicyVersionView] }) versions: PilotPolicyVersionView[];
  @ApiProperty({ description: 'Whether the unit is a pilot unit today (Asia/Shanghai)' }) pilotToday: boolean;
}
