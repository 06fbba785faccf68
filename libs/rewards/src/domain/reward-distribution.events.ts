import type { SignOffEvent } from '@chengguo/sign-off/domain';
import type { RewardRoute } from './reward-scheme.events';

/**
 * A reward distribution (奖励分配, R8–R10; XZ-13–15) for one achievement and one calendar year of its
 * income: stream `reward-distribution-<achievementId>-<year>`. Computed from the income ledger under the scheme in
 * force on each receipt's date, split by the register's inventor shares (or a team agreement every
 * contributor signed), approved by the TTO, finance and the unit leader, announced inside the unit,
 * then paid by finance.
 */

/** What the rules said for one receipt: the scheme version in force on its date, or the law's default. */
export type RewardBasis = { kind: 'scheme'; version: number; effectiveFrom: string } | { kind: 'statutory_default' };

export interface PooledReceipt {
  receiptId: string;
  route: RewardRoute;
  form: 'cash' | 'equity';
  amountFen: number;
  receivedOn: string;
  basis: RewardBasis;
  contributorShareBps: number;
  ttoShareBps: number;
  /** R8: the registration that makes it count. */
  registrationNumber: string;
}

/** A receipt of the year that funds no reward, and why. */
export interface ExcludedReceipt {
  receiptId: string;
  source: string;
  reason: 'not_a_reward_route';
}

/** R10 (XZ-15): how a reward is taxed. */
export type TaxTreatment =
  /** Half of a cash reward counts toward that month's wage income; it is not part of next year's wage-total base. */
  | { kind: 'cash_half_as_wage_income'; countsAsWageIncomeFen: number; inWageTotalBase: false }
  /** Equity is taxed when dividends are paid or the equity is sold, not when granted. */
  | { kind: 'equity_deferred_until_dividend_or_sale' };

export interface ContributorReward {
  userId: string;
  name: string;
  shareBps: number;
  cashFen: number;
  equityFen: number;
  /** R9: held a principal leader's post on the day the distribution was computed. */
  principalLeader: boolean;
  tax: TaxTreatment[];
}

/**
 * R11 (ADR 24): the part of the achievement's income that is the unit's own. For a co-owned
 * achievement the co-owners' part is theirs, not the unit's: the pools are computed on the unit's part.
 */
export interface UnitIncome {
  shareBasisPoints: number;
  /** `sole`: never co-owned; `agreement`: the signed revenue split; `ownership_share`: an agreement without one. */
  basis: 'sole' | 'agreement' | 'ownership_share';
  agreementId: string | null;
  /** The unit's part of the year's net income (the ledger's net × the share, truncated to whole fen). */
  netIncomeFen: number;
}

/** v2 (reward-distribution.upcasters.ts reads v1): states the unit's own part of the income. */
export interface RewardDistributionComputed {
  type: 'RewardDistributionComputed';
  distributionId: string;
  achievementId: string;
  year: number;
  receipts: PooledReceipt[];
  excluded: ExcludedReceipt[];
  /** The year's net: every cash receipt less deductible costs (R8). */
  cashReceivedFen: number;
  deductibleCostsFen: number;
  netIncomeFen: number;
  unitIncome: UnitIncome;
  cashPoolFen: number;
  equityPoolFen: number;
  ttoShareFen: number;
  contributors: ContributorReward[];
  /** R9: equity shares of principal leaders the TTO recorded as waived (they stay with the unit). */
  waivedLeaderEquity: Array<{ userId: string; equityFen: number }>;
  announcementDays: number;
  paymentDeadlineDays: number;
  computedBy: string;
  computedAt: string;
  ruleKeys: string[];
}

/** A team agreement proposes other shares; it takes effect once every contributor signed it. */
export interface RewardSplitProposed {
  type: 'RewardSplitProposed';
  distributionId: string;
  signOffId: string;
  shares: Array<{ userId: string; shareBps: number }>;
  contributors: ContributorReward[];
  reason: string;
  proposedBy: string;
  proposedAt: string;
  ruleKeys: string[];
}

export interface RewardDistributionAnnounced {
  type: 'RewardDistributionAnnounced';
  distributionId: string;
  announcedAt: string;
  /** End of the announcement: 00:00 Asia/Shanghai after its last full day. */
  endsAt: string;
  days: number;
  /** R9: a principal leader is among the contributors, so the announcement could not be skipped. */
  includesPrincipalLeader: boolean;
  announcedBy: string;
  ruleKeys: string[];
}

export interface RewardAnnouncementCompleted {
  type: 'RewardAnnouncementCompleted';
  distributionId: string;
  completedAt: string;
  ruleKeys: string[];
}

export interface RewardPaid {
  type: 'RewardPaid';
  distributionId: string;
  userId: string;
  name: string;
  cashFen: number;
  equityFen: number;
  principalLeader: boolean;
  tax: TaxTreatment[];
  paidOn: string;
  paymentReference: string;
  paidBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

export interface RewardDistributionSettled {
  type: 'RewardDistributionSettled';
  distributionId: string;
  settledAt: string;
  ruleKeys: string[];
}

export type RewardDistributionOwnEvent =
  | RewardDistributionComputed
  | RewardSplitProposed
  | RewardDistributionAnnounced
  | RewardAnnouncementCompleted
  | RewardPaid
  | RewardDistributionSettled;

export type RewardDistributionEvent = RewardDistributionOwnEvent | SignOffEvent;

export const REWARD_DISTRIBUTION_SCHEMA_VERSIONS: Record<RewardDistributionOwnEvent['type'], number> = {
  RewardDistributionComputed: 2,
  RewardSplitProposed: 1,
  RewardDistributionAnnounced: 1,
  RewardAnnouncementCompleted: 1,
  RewardPaid: 1,
  RewardDistributionSettled: 1,
};

export const REWARD_DISTRIBUTION_EVENT_TYPES = Object.keys(REWARD_DISTRIBUTION_SCHEMA_VERSIONS) as ReadonlyArray<
  RewardDistributionOwnEvent['type']
>;

export const REWARD_STREAM_PREFIX = 'reward-distribution-';
/** One distribution per achievement and income year. */
export const distributionIdOf = (achievementId: string, year: number): string => `${achievementId}-${year}`;
export const rewardStreamId = (distributionId: string): string => `${REWARD_STREAM_PREFIX}${distributionId}`;
export const distributionIdOfStream = (streamId: string): string | null =>
  streamId.startsWith(REWARD_STREAM_PREFIX) ? streamId.slice(REWARD_STREAM_PREFIX.length) : null;

export const REWARD_APPROVAL = 'reward-approval';
export const teamAgreementSignOffId = (n: number): string => `team-agreement-${n}`;
