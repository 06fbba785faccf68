import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty } from '@nestjs/swagger';

const OBJECTS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/** The reward scheme's and the leader roster's refusals by status (RewardErrors), documented on their operations. */
export const REWARD_POLICY_REFUSALS: ProblemCodes = {
  403: ['ROLE_NOT_ALLOWED'],
  404: ['R9_TENURE_NOT_FOUND'],
  409: ['R8_SCHEME_PROPOSAL_PENDING', 'R8_SCHEME_EFFECTIVE_DATE_NOT_LATER', 'R9_TENURE_OVERLAPS'],
  422: ['REWARD_INVALID_DATE', 'R8_SCHEME_SHARES_INVALID', 'R8_SCHEME_DAYS_INVALID', 'R8_STAFF_CONSULTATION_REQUIRED', 'R9_TENURE_INVALID'],
};

/** A reward distribution's refusals by status (DistributionErrors and the controller's year). */
export const REWARD_DISTRIBUTION_REFUSALS: ProblemCodes = {
  403: ['ROLE_NOT_ALLOWED'],
  // The achievement and the year are named by the path.
  404: ['ACHIEVEMENT_NOT_REGISTERED', 'REWARD_NOT_COMPUTED', 'REWARD_NOT_A_CONTRIBUTOR'],
  409: [
    'REWARD_PERIOD_NOT_ENDED',
    'REWARD_ALREADY_COMPUTED',
    'R8_CONTRACT_NOT_REGISTERED',
    'R8_NO_SCHEME_FOR_ROUTE',
    'REWARD_NOTHING_TO_DISTRIBUTE',
    'R9_LEADER_EQUITY_REWARD_REFUSED',
    'REWARD_WRONG_STATUS',
    'R8_TEAM_AGREEMENT_PENDING',
    'R9_ANNOUNCEMENT_NOT_OVER',
    'REWARD_ALREADY_PAID',
  ],
  422: ['YEAR_INVALID', 'R8_TEAM_SHARES_INVALID', 'REWARD_REASON_REQUIRED', 'REWARD_INVALID_DATE', 'REWARD_DATE_IN_FUTURE'],
};

/** The year in the path alone (reads): 422 when it is not a year the system holds. */
export const REWARD_YEAR_REFUSALS: ProblemCodes = { 422: ['YEAR_INVALID'] };

export class RewardDistributionComputedAnswer extends CommandAccepted {
  @ApiProperty({ description: 'The distribution (achievement and year); its view is GET /achievements/{id}/rewards/{year}' })
  distributionId: string;
}

/** GET /reward-scheme: every version, and the rules in force today per route (the law’s defaults without one). */
export class RewardSchemeView {
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
  @ApiProperty({ example: 'reward-scheme' }) streamId: string;
  @ApiProperty({ ...OBJECTS, description: 'Each version with its shares, days, effective date, adoption round and status' })
  versions: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', additionalProperties: true }, description: 'By reward route' })
  inForceToday: Record<string, unknown>;
}

/** GET /leader-roster: principal leaders’ tenures and their locked pre-tenure equity (R9). */
export class LeaderRosterView {
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
  @ApiProperty({ ...OBJECTS, description: 'userId, name, post, from, until (null while in post), inPostToday' }) tenures: unknown[];
  @ApiProperty({ ...OBJECTS, description: 'userId, company, holding, declaredOn, releasedOn (null while in post), locked' })
  lockedEquity: unknown[];
}

class RewardSignOffRoundView {
  @ApiProperty() signOffId: string;
  @ApiProperty() round: number;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ description: 'Send it with a signature' }) termsHash: string;
}

/** R11 (ADR 24): the unit's own part of the achievement's income, on which the pools are computed. */
class UnitIncomeView {
  @ApiProperty({ description: 'The unit’s share of the income, basis points (10000 unless co-owned)' }) shareBasisPoints: number;
  @ApiProperty({
    enum: ['sole', 'agreement', 'ownership_share'],
    description:
      'never co-owned; the co-ownership agreement’s signed revenue split; or, for an agreement without one, the unit’s share of the right',
  })
  basis: string;
  @ApiProperty({ type: String, nullable: true }) agreementId: string | null;
  @ApiProperty({ description: 'The unit’s part of the year’s net income, fen' }) netIncomeFen: number;
}

/** GET /achievements/{id}/rewards/{year}: one distribution as computed, where it stands, its rounds. */
export class RewardDistributionView {
  @ApiProperty() distributionId: string;
  @ApiProperty({ format: 'uuid' }) achievementId: string;
  @ApiProperty() year: number;
  @ApiProperty() status: string;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
  @ApiProperty({ ...OBJECTS, description: 'The pooled receipts and the rules each was computed under' }) receipts: unknown[];
  @ApiProperty({ ...OBJECTS, description: 'Receipts left out, with the reason' }) excluded: unknown[];
  @ApiProperty() cashReceivedFen: number;
  @ApiProperty() deductibleCostsFen: number;
  @ApiProperty({ description: 'The ledger’s net income of the year (all that was received, less costs)' }) netIncomeFen: number;
  @ApiProperty({ type: UnitIncomeView, description: 'R11: the pools are shares of this, the unit’s own part' }) unitIncome: UnitIncomeView;
  @ApiProperty() cashPoolFen: number;
  @ApiProperty() equityPoolFen: number;
  @ApiProperty() ttoShareFen: number;
  @ApiProperty({ ...OBJECTS, description: 'Each contributor’s share and reward (fen)' }) contributors: unknown[];
  @ApiProperty({ type: 'array', items: {}, description: 'Principal leaders’ equity rewards waived (R9)' }) waivedLeaderEquity: unknown[];
  @ApiProperty() announcementDays: number;
  @ApiProperty({ type: String, nullable: true }) announcementEndsAt: string | null;
  @ApiProperty() includesPrincipalLeader: boolean;
  @ApiProperty({ type: [String] }) paidUserIds: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The team agreement’s sign-off id while it is being signed' })
  pendingTeamAgreement: string | null;
  @ApiProperty({ type: [RewardSignOffRoundView] }) signOffs: RewardSignOffRoundView[];
}

class AnnouncedContributorView {
  @ApiProperty() name: string;
  @ApiProperty() cashFen: number;
  @ApiProperty() equityFen: number;
  @ApiProperty() principalLeader: boolean;
}

/** One distribution on the notice board (公示). */
export class RewardAnnouncementView {
  @ApiProperty() distributionId: string;
  @ApiProperty({ format: 'uuid' }) achievementId: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) announcedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt: string | null;
  @ApiProperty() includesPrincipalLeader: boolean;
  @ApiProperty({ type: [AnnouncedContributorView] }) contributors: AnnouncedContributorView[];
}
