import { SIGN_OFF_SCHEMA_VERSIONS, SignOffEvent } from '@chengguo/sign-off/domain';

/**
 * Every event of a transfer case stream (`transfer-case-<uuid>`), one union. The approval is a
 * multi-party sign-off held in this same stream (ADR 5), so the SignOff* events belong here too.
 * Money is integer fen (1 yuan = 100 fen). Schema versions live in TRANSFER_CASE_SCHEMA_VERSIONS.
 */

/** R5: how the unit transforms the achievement. A licence names its exclusivity. */
export type TransferMode =
  { kind: 'transfer' } | { kind: 'license'; exclusivity: 'exclusive' | 'sole' | 'non_exclusive' } | { kind: 'equity_investment' };

/** R6: agreement pricing needs publicity (R7); listing and auction set the price in the market. */
export type PricingMethod = 'agreement' | 'listing' | 'auction';

/**
 * The achievement the case concerns, as the notice board files it. Since v2 it is the register's
 * achievement: `disclosure` (its id is the register id) or `registered` (registered directly by the
 * TTO, by register id). Cases of v1 may also name only a granted patent (`patent`, by number).
 */
export interface AchievementRef {
  kind: 'disclosure' | 'registered' | 'patent';
  id: string;
  /** The name published on the notice (R7): the register's title since v2. */
  name: string;
}

export interface Counterparty {
  name: string;
  /** Unified social credit code (统一社会信用代码), when the counterparty is an organisation. */
  creditCode?: string;
}

/** R5: achievements in these classes need filing with the supervisory department first. */
export interface Classification {
  stateSecret: boolean;
  nationalSecurity: boolean;
  keyCoreTechnology: boolean;
}

/**
 * v2 (transfer-case.upcasters.ts reads v1): the case names the register's achievement, and its
 * classification is the register's at opening, not the caller's.
 */
export interface TransferCaseOpened {
  type: 'TransferCaseOpened';
  caseId: string;
  /** The register's achievement (`achievement-<id>`); null for a v1 case opened on a patent number only. */
  achievementId: string | null;
  achievement: AchievementRef;
  mode: TransferMode;
  pricingMethod: PricingMethod;
  counterparty: Counterparty | null;
  proposedPriceFen: number;
  classification: Classification;
  /** Where the classification came from: the register (v2) or, in cases opened before it, the request. */
  classificationSource: 'register' | 'request';
  /** R5: true when the classification requires supervisory filing. */
  supervisoryFilingRequired: boolean;
  openedBy: string;
  openedAt: string;
}

/** An inventor's share of a co-owned achievement (R11), in basis points of the whole right, as the register records it. */
export interface CoOwnerShare {
  userId: string;
  shareBasisPoints: number;
}

/**
 * R11: the register records the achievement as co-owned under an ownership agreement, so the case
 * moves (publicity, market result, approval, execution) only once the co-owners consent to its
 * terms in the `co-owners-consent` round opened in the same decision. Recorded once, at opening,
 * from the register's record, never from the request; cases opened before it have none.
 */
export interface CoOwnersConsentRequired {
  type: 'CoOwnersConsentRequired';
  caseId: string;
  /** The ownership agreement's stream (`ownership-agreement-<achievementId>`). */
  agreementId: string;
  unitShareBasisPoints: number;
  coOwners: CoOwnerShare[];
  /** R4, R13: the register's inventors at opening; they consent for themselves, never for the unit. */
  inventorUserIds: string[];
  requiredAt: string;
  ruleKey: 'R11';
}

/** R5: the filing with the supervisory department that unblocks a classified achievement. */
export interface SupervisoryFilingRecorded {
  type: 'SupervisoryFilingRecorded';
  caseId: string;
  department: string;
  filingNumber: string;
  filedOn: string;
  recordedBy: string;
  recordedAt: string;
  ruleKey: 'R5';
}

/** R6/R7: a new price before (or after a failed) publicity; a published price is never edited. */
export interface TransferPriceRevised {
  type: 'TransferPriceRevised';
  caseId: string;
  previousPriceFen: number;
  proposedPriceFen: number;
  revisedBy: string;
  revisedAt: string;
}

/** R7: the notice inside the unit; `round` counts publications of this case (1, 2, …). */
export interface PublicityNoticePublished {
  type: 'PublicityNoticePublished';
  caseId: string;
  round: number;
  /** What the notice names (R7): the achievement, with the reference the notice board files it under. */
  achievement: AchievementRef;
  proposedPriceFen: number;
  days: number;
  publishedAt: string;
  /** R7-DAYS: publicityPeriodEnd(publishedAt, days). */
  periodEndsAt: string;
  publishedBy: string;
  ruleKey: 'R7';
}

export interface PublicityObjectionRaised {
  type: 'PublicityObjectionRaised';
  caseId: string;
  round: number;
  objectionId: string;
  raisedBy: string;
  raisedByRole: string;
  reason: string;
  /** SHA-256 (hex) of evidence documents kept elsewhere. */
  evidenceHashes: string[];
  raisedAt: string;
}

export interface PublicityObjectionDismissed {
  type: 'PublicityObjectionDismissed';
  caseId: string;
  round: number;
  objectionId: string;
  resolvedBy: string;
  reasons: string;
  resolvedAt: string;
}

export interface PublicityObjectionUpheld {
  type: 'PublicityObjectionUpheld';
  caseId: string;
  round: number;
  objectionId: string;
  resolvedBy: string;
  reasons: string;
  resolvedAt: string;
}

/** An upheld objection ends the round: a new (or the same) price needs a new full period (R7). */
export interface PublicityFailed {
  type: 'PublicityFailed';
  caseId: string;
  round: number;
  objectionId: string;
  failedAt: string;
  ruleKey: 'R7';
}

/** The period ran its course with no objection open: at the later of its end and the last resolution. */
export interface PublicityPeriodCompleted {
  type: 'PublicityPeriodCompleted';
  caseId: string;
  round: number;
  periodEndsAt: string;
  completedAt: string;
  objectionsDismissed: number;
  ruleKey: 'R7';
}

/** R6: the price found on a technology exchange (listing) or at an auction. */
export interface MarketResultRecorded {
  type: 'MarketResultRecorded';
  caseId: string;
  method: 'listing' | 'auction';
  exchange: string;
  listingNumber: string;
  result: 'deal' | 'no_deal';
  finalPriceFen: number | null;
  counterparty: Counterparty | null;
  concludedOn: string;
  recordedBy: string;
  recordedAt: string;
  ruleKey: 'R6';
}

/** R8: technology-contract registration (技术合同认定登记). */
export interface TechnologyContractRegistered {
  type: 'TechnologyContractRegistered';
  caseId: string;
  registrationNumber: string;
  registeredOn: string;
  recordedBy: string;
  recordedAt: string;
  ruleKey: 'R8';
}

export interface TransferExecuted {
  type: 'TransferExecuted';
  caseId: string;
  executedBy: string;
  executedAt: string;
  contractRegistered: boolean;
  /** R8: only registered technology contracts earn rewards. */
  rewardEligible: boolean;
  flags: Array<'R8_NOT_ELIGIBLE_FOR_REWARDS'>;
}

export type TransferCaseOwnEvent =
  | TransferCaseOpened
  | CoOwnersConsentRequired
  | SupervisoryFilingRecorded
  | TransferPriceRevised
  | PublicityNoticePublished
  | PublicityObjectionRaised
  | PublicityObjectionDismissed
  | PublicityObjectionUpheld
  | PublicityFailed
  | PublicityPeriodCompleted
  | MarketResultRecorded
  | TechnologyContractRegistered
  | TransferExecuted;

export type TransferCaseEvent = TransferCaseOwnEvent | SignOffEvent;

export const TRANSFER_CASE_OWN_EVENT_TYPES: ReadonlyArray<TransferCaseOwnEvent['type']> = [
  'TransferCaseOpened',
  'CoOwnersConsentRequired',
  'SupervisoryFilingRecorded',
  'TransferPriceRevised',
  'PublicityNoticePublished',
  'PublicityObjectionRaised',
  'PublicityObjectionDismissed',
  'PublicityObjectionUpheld',
  'PublicityFailed',
  'PublicityPeriodCompleted',
  'MarketResultRecorded',
  'TechnologyContractRegistered',
  'TransferExecuted',
];

/** The events the publicity workflow folds (forwarded by the dispatcher). */
export const PUBLICITY_EVENT_TYPES: ReadonlyArray<TransferCaseOwnEvent['type']> = [
  'PublicityNoticePublished',
  'PublicityObjectionRaised',
  'PublicityObjectionDismissed',
  'PublicityObjectionUpheld',
  'PublicityFailed',
  'PublicityPeriodCompleted',
];

export const TRANSFER_CASE_SCHEMA_VERSIONS: Record<TransferCaseEvent['type'], number> = {
  ...(Object.fromEntries(TRANSFER_CASE_OWN_EVENT_TYPES.map((t) => [t, 1])) as Record<TransferCaseOwnEvent['type'], number>),
  TransferCaseOpened: 2,
  ...SIGN_OFF_SCHEMA_VERSIONS,
};

export const TRANSFER_CASE_STREAM_PREFIX = 'transfer-case-';
export const transferCaseStreamId = (caseId: string): string => `${TRANSFER_CASE_STREAM_PREFIX}${caseId}`;
export const caseIdOfStream = (streamId: string): string | null =>
  streamId.startsWith(TRANSFER_CASE_STREAM_PREFIX) ? streamId.slice(TRANSFER_CASE_STREAM_PREFIX.length) : null;

/** The approval sign-off inside the case stream (TTO head, finance, unit leader). */
export const APPROVAL_SIGN_OFF_ID = 'transfer-approval';

/** R11: the co-owners' consent to the case's terms, inside the case stream (each co-owner, and the unit leader for the unit). */
export const CO_OWNERS_CONSENT_SIGN_OFF_ID = 'co-owners-consent';
