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

/** What the inventors are offered: a share of co-ownership, the whole, or a use right for some years. */
export type ProposedGrant =
  { kind: 'co_ownership'; inventorsShareBasisPoints: number } | { kind: 'whole' } | { kind: 'use_right'; years: number; startsOn: string };

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

/** The grant as the register will record it once the agreement is signed. */
export type AgreedGrant =
  | { kind: 'co_owned'; unitShareBasisPoints: number; coOwners: CoOwnerShare[] }
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
  OwnershipAgreementProposed: 1,
};

export const OWNERSHIP_AGREEMENT_SIGNATURE = 'ownership-agreement-signature';
export const OWNERSHIP_AGREEMENT_STREAM_PREFIX = 'ownership-agreement-';
export const ownershipAgreementStreamId = (achievementId: string): string => `${OWNERSHIP_AGREEMENT_STREAM_PREFIX}${achievementId}`;
