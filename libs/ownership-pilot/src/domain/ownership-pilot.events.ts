import type { SignOffEvent } from '@chengguo/sign-off/domain';

/**
 * The inventors' ownership pilot (赋权, R11; XZ-16). Two kinds of stream:
 * - `ownership-pilot-policy`: one stream for the unit, a version per change of whether the unit is a
 *   pilot unit, each effective from its date;
 * - `ownership-agreement-<achievementId>`: the one agreement per achievement that gives its inventors
 *   part ownership, the whole, or a long-term use right (≥ 10 years), with its signing round.
 */

export interface OwnershipPilotPolicyPublished {
  type: 'OwnershipPilotPolicyPublished';
  version: number;
  /** Whether the unit is a pilot unit (赋权试点单位) from `effectiveFrom` on. */
  pilot: boolean;
  /** Calendar date (YYYY-MM-DD, Asia/Shanghai). */
  effectiveFrom: string;
  /** The document that makes (or ends) the unit a pilot, e.g. the provincial approval. */
  basis: string;
  publishedBy: string;
  publishedAt: string;
  ruleKeys: string[];
}

export type OwnershipPilotPolicyEvent = OwnershipPilotPolicyPublished;

export const OWNERSHIP_PILOT_POLICY_SCHEMA_VERSIONS: Record<OwnershipPilotPolicyEvent['type'], number> = {
  OwnershipPilotPolicyPublished: 1,
};

export const OWNERSHIP_PILOT_POLICY_STREAM_ID = 'ownership-pilot-policy';

/**
 * What the inventors are offered: a share of co-ownership, the whole, or a use right for some years.
 * Co-ownership states the unit's share of the income from transforming the achievement (0–10000
 * basis points; null when the proposer left it out, which the decider refuses).
 */
export type ProposedGrant =
  | { kind: 'co_ownership'; inventorsShareBasisPoints: number; unitRevenueShareBasisPoints: number | null }
  | { kind: 'whole' }
  | { kind: 'use_right'; years: number; startsOn: string };

/** R11: what the written agreement must fix. */
export interface AgreementTerms {
  revenueShares: string;
  decisionMaking: string;
  costSharing: string;
  ipMaintenance: string;
}

export interface CoOwnerShare {
  userId: string;
  shareBasisPoints: number;
}

/**
 * R11: how the income from transforming a co-owned achievement is shared: the unit's part and each
 * co-owner's (basis points of the income, together 10000; the co-owners' part split by contribution).
 */
export interface RevenueSplit {
  unitShareBasisPoints: number;
  coOwners: CoOwnerShare[];
}

/**
 * The grant as the register will record it once the agreement is signed. Since v2 co-ownership
 * carries its revenue split; a v1 agreement fixed it in words only (`revenueSplit: null`, upcaster).
 */
export type AgreedGrant =
  | { kind: 'co_owned'; unitShareBasisPoints: number; coOwners: CoOwnerShare[]; revenueSplit: RevenueSplit | null }
  | { kind: 'inventors'; userIds: string[] }
  | { kind: 'use_right'; userIds: string[]; years: number; startsOn: string; endsOn: string };

export interface OwnershipAgreementProposed {
  type: 'OwnershipAgreementProposed';
  achievementId: string;
  grant: AgreedGrant;
  terms: AgreementTerms;
  /** The agreement's date (Asia/Shanghai): the pilot policy in force on it decides (R11). */
  agreementDate: string;
  /** The pilot policy version it was proposed under. */
  policyVersion: number;
  /** The inventors as the register lists them: every one signs. */
  inventorUserIds: string[];
  proposedBy: string;
  proposedAt: string;
  signOffId: string;
  round: number;
  ruleKeys: string[];
}

export type OwnershipAgreementEvent = OwnershipAgreementProposed | SignOffEvent;

export const OWNERSHIP_AGREEMENT_SCHEMA_VERSIONS: Record<OwnershipAgreementProposed['type'], number> = {
  // v2: a co-ownership grant carries its structured revenue split (ownership-pilot.upcasters.ts reads v1).
  OwnershipAgreementProposed: 2,
};

export const OWNERSHIP_AGREEMENT_SIGNATURE = 'ownership-agreement-signature';
export const OWNERSHIP_AGREEMENT_STREAM_PREFIX = 'ownership-agreement-';
export const ownershipAgreementStreamId = (achievementId: string): string => `${OWNERSHIP_AGREEMENT_STREAM_PREFIX}${achievementId}`;
