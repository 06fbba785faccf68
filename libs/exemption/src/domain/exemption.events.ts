import { SIGN_OFF_SCHEMA_VERSIONS, SignOffEvent } from '@chengguo/sign-off/domain';

/**
 * Events of a due-diligence exemption claim stream (`exemption-claim-<uuid>`), one union, including
 * the sign-off events of the four departments' confirmation (signOffId `exemption-confirmation`).
 * R13 (XZ-18; MOST; QCY) and, for abandonment decisions, R4 (XZ-4). Money is integer fen.
 */

/** The decision a claim concerns, referenced by the stream and the id of the event that records it. */
export interface ExemptionSubject {
  /**
   * abandonment_decision: a DisclosureDecided "do not file" event in a `disclosure-` stream (R4);
   * transfer_approval / equity_investment: the approval round's SignOffRoundClosed (or the
   * TransferExecuted event) in a `transfer-case-` stream.
   */
  kind: 'abandonment_decision' | 'transfer_approval' | 'equity_investment';
  streamId: string;
  eventId: string;
}

export interface DecisionMaker {
  userId: string;
  name?: string;
}

export type FindingKey = 'democratic_procedure' | 'supervision' | 'information_publicity' | 'no_conflict_of_interest';
export type FindingOutcome = 'pass' | 'fail' | 'not_applicable';

/** One automatic finding from the event history: never supplied by the claimant. */
export interface Finding {
  key: FindingKey;
  outcome: FindingOutcome;
  /** R13 always; R4 for abandonment decisions; R7 (agreement-price publicity) or R6 (listing/auction). */
  ruleKeys: string[];
  /** The events that prove the outcome (ids in the streams examined). */
  evidenceEventIds: string[];
  detail: string;
}

/** The route the decision took, from the record: the case's mode, or an abandonment (R3, R5). */
export type TransformationRoute = 'abandonment' | 'transfer' | 'license' | 'equity_investment';

/**
 * A negative-list item (负面清单, R13) the event history shows, under a code naming the rule the
 * behaviour breaks. `itemId` is the built-in list's item it corresponds to.
 */
export interface NegativeListHit {
  code: 'R5_TRANSFORMED_WITHOUT_SUPERVISORY_FILING' | 'R7_PRICE_NOT_PUBLICISED' | 'R13_CONFLICTED_PARTY_DECIDED';
  itemId: string;
  ruleKeys: string[];
  evidenceEventIds: string[];
  detail: string;
}

/** A decision-maker as the history and the claim show them, with where each came from. */
export interface EffectiveDecisionMaker {
  userId: string;
  name: string | null;
  sources: Array<'claim' | 'decision' | 'sign-off'>;
}

/** Which list items the claim asserts (双清单, R13), from which list version, and who asserted them. */
export interface ExemptionAssertion {
  listVersion: number;
  positiveItemIds: string[];
  assertedBy: string;
  assertedByRole: string;
}

export interface ExemptionClaimFiled {
  type: 'ExemptionClaimFiled';
  claimId: string;
  subject: ExemptionSubject;
  decisionMakers: DecisionMaker[];
  /** The loss, or the decrease in the achievement's value, in whole fen (≥ 0). */
  lossOrValueChangeFen: number;
  description: string;
  assertion: ExemptionAssertion;
  filedBy: string;
  filedByRole: string;
  filedAt: string;
  ruleKeys: string[];
}

/** The findings computed by the system from the history (streams and revisions examined). */
export interface ExemptionFindingsRecorded {
  type: 'ExemptionFindingsRecorded';
  claimId: string;
  findings: Finding[];
  decisionMakers: EffectiveDecisionMaker[];
  /** The streams read, up to which revision, so an auditor can replay exactly what was examined. */
  examined: Array<{ streamId: string; revision: number }>;
  /**
   * The route from the record: the state-asset exclusion applies only to a loss on an equity
   * investment (XZ-18). Optional so findings stored before it fold unchanged: there the subject's
   * kind, which filing checked against the case's mode, stands for it.
   */
  route?: TransformationRoute;
  computedAt: string;
  ruleKeys: string[];
}

/** A department's explicit override of the failed findings, with its reasons (R13). */
export interface ExemptionFindingOverridden {
  type: 'ExemptionFindingOverridden';
  claimId: string;
  department: ExemptionDepartment;
  overriddenBy: string;
  failedFindings: FindingKey[];
  reasons: string;
  overriddenAt: string;
  ruleKey: 'R13';
}

export interface ExemptionGranted {
  type: 'ExemptionGranted';
  claimId: string;
  reasons: string[];
  /** R13: an investment loss after diligent conduct, reviewed by the supervisory department. */
  excludedFromStateAssetPreservationAssessment: boolean;
  /** True when a failed finding was overridden by every department. */
  byOverride: boolean;
  confirmationRound: number;
  grantedAt: string;
  ruleKeys: string[];
}

export interface ExemptionDenied {
  type: 'ExemptionDenied';
  claimId: string;
  grounds: 'confirmation_rejected' | 'confirmation_expired' | 'confirmation_not_signed' | 'findings_failed';
  reasons: string[];
  confirmationRound: number;
  deniedAt: string;
  ruleKeys: string[];
}

export type ExemptionClaimOwnEvent =
  ExemptionClaimFiled | ExemptionFindingsRecorded | ExemptionFindingOverridden | ExemptionGranted | ExemptionDenied;
export type ExemptionClaimEvent = ExemptionClaimOwnEvent | SignOffEvent;

export const EXEMPTION_CLAIM_SCHEMA_VERSIONS: Record<ExemptionClaimEvent['type'], number> = {
  ...SIGN_OFF_SCHEMA_VERSIONS,
  ExemptionClaimFiled: 1,
  ExemptionFindingsRecorded: 1,
  ExemptionFindingOverridden: 1,
  ExemptionGranted: 1,
  ExemptionDenied: 1,
};

/** The four oversight departments that confirm (R13: audit, discipline inspection, inspection tour, supervisory department). */
export const EXEMPTION_DEPARTMENTS = ['auditor', 'discipline_inspection', 'inspection_tour', 'supervisory_department'] as const;
export type ExemptionDepartment = (typeof EXEMPTION_DEPARTMENTS)[number];

export const EXEMPTION_CONFIRMATION = 'exemption-confirmation';
export const EXEMPTION_CLAIM_PREFIX = 'exemption-claim-';
export const exemptionClaimStreamId = (claimId: string): string => `${EXEMPTION_CLAIM_PREFIX}${claimId}`;
export const claimIdOfStream = (streamId: string): string | null =>
  streamId.startsWith(EXEMPTION_CLAIM_PREFIX) ? streamId.slice(EXEMPTION_CLAIM_PREFIX.length) : null;
