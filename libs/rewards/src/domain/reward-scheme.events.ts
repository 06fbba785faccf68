import type { SignOffEvent } from '@chengguo/sign-off/domain';

/**
 * The unit's reward scheme (奖励和报酬制度, XZ-13, R8), one stream (`reward-scheme`) holding every
 * version. A version is proposed by the TTO after staff were consulted (the consultation is part of
 * the record), adopted by the unit leader and approved by the supervisory department through one
 * sign-off round in sequence; it is in force from its effective date until the next version's.
 */

/** The routes a reward is computed for: the R5 transformations and technology contracts (XZ-13). */
export type RewardRoute = 'transfer' | 'license' | 'equity_investment' | 'technology_contract';
export const REWARD_ROUTES: readonly RewardRoute[] = ['transfer', 'license', 'equity_investment', 'technology_contract'];

/** The unit's own rules (方式、数额、时限、人员范围、分配办法), as basis points of net income per route. */
export interface RewardRules {
  /** Share of net income (or of shares received, for equity investment) to the contributors. */
  contributorShareBps: Record<RewardRoute, number>;
  /** Share of net income for the TTO's capacity building and staff (XZ-13). */
  ttoShareBps: Record<RewardRoute, number>;
  /** Days after approval (and publicity) within which finance pays (时限). */
  paymentDeadlineDays: number;
  /** Days a distribution is announced inside the unit. */
  publicityDays: number;
}

/** The staff consultation the proposal followed (XZ-13: after hearing the staff). */
export interface StaffConsultation {
  heldOn: string;
  summary: string;
  documentSha256: string[];
}

export interface RewardSchemeProposed {
  type: 'RewardSchemeProposed';
  version: number;
  effectiveFrom: string;
  rules: RewardRules;
  consultation: StaffConsultation;
  proposedBy: string;
  proposedAt: string;
  /** The adoption round's sign-off id in this stream. */
  signOffId: string;
  ruleKeys: string[];
}

export type RewardSchemeEvent = RewardSchemeProposed | SignOffEvent;

export const REWARD_SCHEME_STREAM_ID = 'reward-scheme';
export const adoptionSignOffId = (version: number): string => `scheme-adoption-v${version}`;

export const REWARD_SCHEME_SCHEMA_VERSIONS: Record<RewardSchemeProposed['type'], number> = { RewardSchemeProposed: 1 };
