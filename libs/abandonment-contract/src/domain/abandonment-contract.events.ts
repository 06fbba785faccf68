import { SIGN_OFF_SCHEMA_VERSIONS, SignOffEvent } from '@chengguo/sign-off/domain';

/**
 * Events of a patent-abandonment contract stream (`abandonment-contract-<disclosureId>`), one union,
 * including the sign-off events of its signature round (signOffId `contract-signature`).
 */

export type RightTransferred = 'patent_application_right' | 'patent_right';
export type CostKind = 'application' | 'examination' | 'annual_maintenance' | 'agency' | 'other';

export interface ContractTerms {
  /** R3: the application right (or the patent right) goes to the inventors. */
  rightTransferred: RightTransferred;
  inventors: Array<{ userId: string; name: string }>;
  unitName: string;
  /** R3: fixed — the inventors bear the patent fees. */
  feeBearer: 'inventors';
  /** The unit's share of net revenue, basis points (policy default, negotiable). */
  unitShareBasisPoints: number;
  /** R3: application and maintenance costs are deducted before the share. */
  deductibleCostKinds: CostKind[];
  termYears: number;
  ruleKeys: string[];
}

export interface AbandonmentContractOpened {
  type: 'AbandonmentContractOpened';
  contractId: string;
  disclosureId: string;
  title: string;
  /** R4 due-process record: the "do not file" decision and the evaluation it rests on, by event id. */
  decisionEventId: string;
  evaluationEventId: string;
  decidedBy: string;
  terms: ContractTerms;
  openedAt: string;
  policyVersion: number;
}

export interface ContractTermsAmended {
  type: 'ContractTermsAmended';
  contractId: string;
  terms: ContractTerms;
  amendedBy: string;
  amendedAt: string;
}

export interface PatentApplicationFiled {
  type: 'PatentApplicationFiled';
  contractId: string;
  applicationNumber: string;
  filedOn: string;
  recordedBy: string;
}

export interface PatentGranted {
  type: 'PatentGranted';
  contractId: string;
  patentNumber: string;
  grantedOn: string;
  recordedBy: string;
}

export type ObligationsEndCause = 'application_rejected' | 'patent_lapsed';

/** What an inventor shows for ending the obligations: a summary and the SHA-256 of each document. */
export interface ObligationsEndEvidence {
  summary: string;
  documentSha256: string[];
}

/**
 * R3: an inventor asks to end the revenue obligations (application rejected, patent lapsed) as of
 * `endsOn`, with evidence. It opens the TTO's confirmation round (`obligations-end-confirmation`)
 * in this stream; the obligations end only when that round closes signed.
 */
export interface ObligationsEndRequested {
  type: 'ObligationsEndRequested';
  contractId: string;
  cause: ObligationsEndCause;
  endsOn: string;
  evidence: ObligationsEndEvidence;
  requestedBy: string;
  requestedAt: string;
  ruleKey: 'R3';
}

/**
 * Rejected application or lapsed patent, recorded by an inventor alone before ending needed
 * evidence and the TTO's confirmation. No longer decided; stored ones still end the obligations
 * as of `on`, and revenue of periods up to that date is still owed.
 */
export interface PatentObligationsEnded {
  type: 'PatentObligationsEnded';
  contractId: string;
  cause: 'application_rejected' | 'patent_lapsed';
  on: string;
  reason: string;
  recordedBy: string;
}

export interface PatentFeePaid {
  type: 'PatentFeePaid';
  contractId: string;
  kind: CostKind;
  amountFen: number;
  paidOn: string;
  /** SHA-256 of the receipt, kept as evidence. */
  evidenceSha256: string;
  /** Whether the contract lets this kind of cost be deducted from revenue. */
  deductible: boolean;
  recordedBy: string;
}

export interface RevenueReported {
  type: 'RevenueReported';
  contractId: string;
  periodStart: string;
  periodEnd: string;
  revenueFen: number;
  deductedFen: number;
  netRevenueFen: number;
  shareBasisPoints: number;
  unitShareFen: number;
  costsCarriedForwardFen: number;
  reportedBy: string;
  reportedAt: string;
  ruleKey: 'R3';
}

/** The figures of a report that a share is computed from (see revenue-share.ts). */
export interface RevenueShareFigures {
  deductedFen: number;
  netRevenueFen: number;
  unitShareFen: number;
  costsCarriedForwardFen: number;
}

/**
 * R3: a fee paid inside (or before) an already reported period, or a report for an earlier period,
 * changes what earlier reports owe. The original report stays as recorded; this is the ledger's
 * own entry for the change, naming the report, both sets of figures and what caused it.
 */
export interface RevenueShareCorrected {
  type: 'RevenueShareCorrected';
  contractId: string;
  periodStart: string;
  periodEnd: string;
  previous: RevenueShareFigures;
  corrected: RevenueShareFigures;
  /** corrected.unitShareFen − previous.unitShareFen; negative when the unit is owed less. */
  unitShareChangeFen: number;
  cause:
    | { kind: 'fee_recorded'; costKind: CostKind; paidOn: string; amountFen: number }
    | { kind: 'earlier_period_reported'; periodStart: string; periodEnd: string };
  correctedBy: string;
  correctedAt: string;
  ruleKey: 'R3';
}

export type AbandonmentContractOwnEvent =
  | AbandonmentContractOpened
  | ContractTermsAmended
  | PatentApplicationFiled
  | PatentGranted
  | PatentObligationsEnded
  | ObligationsEndRequested
  | PatentFeePaid
  | RevenueReported
  | RevenueShareCorrected;

export type AbandonmentContractEvent = AbandonmentContractOwnEvent | SignOffEvent;

export const ABANDONMENT_CONTRACT_SCHEMA_VERSIONS: Record<AbandonmentContractEvent['type'], number> = {
  ...SIGN_OFF_SCHEMA_VERSIONS,
  AbandonmentContractOpened: 1,
  ContractTermsAmended: 1,
  PatentApplicationFiled: 1,
  PatentGranted: 1,
  PatentObligationsEnded: 1,
  ObligationsEndRequested: 1,
  PatentFeePaid: 1,
  RevenueReported: 1,
  RevenueShareCorrected: 1,
};

export const CONTRACT_SIGNATURE = 'contract-signature';
/** The TTO's confirmation of an inventor's request to end the obligations (R3). */
export const OBLIGATIONS_END_CONFIRMATION = 'obligations-end-confirmation';
export const ABANDONMENT_CONTRACT_PREFIX = 'abandonment-contract-';
/** One contract per disclosure: the stream id derives from it, so a replayed decision finds it. */
export const abandonmentContractStreamId = (disclosureId: string): string => `${ABANDONMENT_CONTRACT_PREFIX}${disclosureId}`;
