import { SIGN_OFF_SCHEMA_VERSIONS, SignOffEvent } from '@chengguo/sign-off/domain';

/**
 * Licences (许可, R5) as their own process. Two kinds of stream:
 * - `licensing-policy`: the unit's licensing policy, a version per change, each effective from its
 *   date: which licensee classes may use an achievement first and pay later (R15; QCY);
 * - `licence-<licenceId>`: one licence of an achievement, priced and approved by the transfer case it
 *   names (R6, R7; its id is that case's id: one case prices one licence), its payments, royalty
 *   reports, overdue escalations and termination round.
 * Money is integer fen; dates are calendar dates (YYYY-MM-DD, Asia/Shanghai).
 */

export type Exclusivity = 'exclusive' | 'sole' | 'non_exclusive';

/** The classes of licensee the policy may name (R15: e.g. SMEs, 中小企业). */
export type LicenseeClass = 'sme' | 'large' | 'individual' | 'research_institute' | 'other';
export const LICENSEE_CLASSES: readonly LicenseeClass[] = ['sme', 'large', 'individual', 'research_institute', 'other'];

export interface Licensee {
  name: string;
  /** Unified social credit code (统一社会信用代码); null for an individual. */
  creditCode: string | null;
  class: LicenseeClass;
}

export type MilestoneDue = { kind: 'date'; dueOn: string } | { kind: 'event'; trigger: string; paymentDays: number };

export interface Milestone {
  milestoneId: string;
  description: string;
  amountFen: number;
  due: MilestoneDue;
}

export type ReportingPeriod = 'quarterly' | 'annual';

/** Running royalty on the net sales the licensee reports. */
export interface Royalty {
  /** 1 basis point = 0.01 % of reported net sales. */
  rateBasisPoints: number;
  /** Owed for each calendar year wholly inside the paying part of the term, whatever the sales (0: none). */
  minimumAnnualRoyaltyFen: number;
  reportingPeriod: ReportingPeriod;
  /** The report (and the royalty it computes) is due this many days after its period ends. */
  reportDueDays: number;
}

export interface DeferredPayment {
  deferredId: string;
  amountFen: number;
  dueOn: string;
}

export interface Guarantee {
  guarantor: string;
  kind: 'bank_guarantee' | 'guarantee_company' | 'parent_company' | 'insurance' | 'other';
  amountFen: number;
}

/** What the licensee pays: any mix of the four, with an optional guarantee (R15: QCY). */
export interface Consideration {
  upfrontFeeFen: number;
  milestones: Milestone[];
  royalty: Royalty | null;
  deferredPayments: DeferredPayment[];
  guarantee: Guarantee | null;
}

/** R15: when a use-first-pay-later licensee starts paying. */
export type PaymentStart = { kind: 'first_sales' } | { kind: 'date'; on: string };

export interface UseFirstPayLater {
  paymentStart: PaymentStart;
  /** By this date the TTO decides: convert to a paid licence, or terminate (never assumed by a timer). */
  decisionDueOn: string;
  /** The licensing policy version that allowed the licensee's class. */
  policyVersion: number;
}

export interface LicenceTerms {
  exclusivity: Exclusivity;
  territory: string;
  fieldOfUse: string;
  term: { startsOn: string; endsOn: string };
  sublicensing: boolean;
  licensee: Licensee;
  consideration: Consideration;
  /** null: a licence paid on the ordinary terms. */
  useFirstPayLater: UseFirstPayLater | null;
}

export interface LicenceEvidence {
  summary: string;
  documentSha256: string[];
}

/** The licence as recorded against its case (the case priced it, R6/R7; its approval and execution follow the case). */
export interface LicenceRecorded {
  type: 'LicenceRecorded';
  licenceId: string;
  caseId: string;
  achievementId: string;
  achievementTitle: string;
  terms: LicenceTerms;
  /** upfront + milestones + deferred: the fixed part, equal to the price the case settled (R6, R7). */
  fixedConsiderationFen: number;
  /** The case's settled price and how it was found. */
  pricedFen: number;
  pricingMethod: 'agreement' | 'listing' | 'auction';
  /** Hash of the terms (canonical JSON): payments and reports cite the terms they were decided on. */
  termsHash: string;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

/** The case was executed (after its approval, R5–R8): the licence's obligations run from here. */
export interface LicenceTookEffect {
  type: 'LicenceTookEffect';
  licenceId: string;
  caseId: string;
  effectiveOn: string;
  caseExecutedAt: string;
  ruleKeys: string[];
}

/** An event-triggered milestone was reached: its payment falls due `paymentDays` later. */
export interface LicenceMilestoneReached {
  type: 'LicenceMilestoneReached';
  licenceId: string;
  milestoneId: string;
  reachedOn: string;
  paymentDueOn: string;
  evidence: LicenceEvidence;
  recordedBy: string;
  recordedAt: string;
}

/** The licensee's royalty report for one period, as the TTO records it; the amount is computed from the record's rate. */
export interface RoyaltyReportRecorded {
  type: 'RoyaltyReportRecorded';
  licenceId: string;
  reportId: string;
  /** `YYYY-Qn` or `YYYY`. */
  period: string;
  periodStartsOn: string;
  periodEndsOn: string;
  netSalesFen: number;
  rateBasisPoints: number;
  royaltyFen: number;
  /** The minimum annual royalty's shortfall, on the report that closes a year (0 otherwise). */
  minimumShortfallFen: number;
  amountDueFen: number;
  /** The report's payment is due on the report's own due date. */
  paymentDueOn: string;
  reportedOn: string;
  /** R15: the first report with sales > 0 of a licence whose payment starts at first sales. */
  firstSales: boolean;
  evidence: LicenceEvidence;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

export type PaymentItem =
  | { kind: 'upfront' }
  | { kind: 'milestone'; milestoneId: string }
  | { kind: 'deferred'; deferredId: string }
  | { kind: 'royalty'; period: string };

/** Money received from the licensee; a reaction records it in the achievement's income ledger (source `license`). */
export interface LicencePaymentReceived {
  type: 'LicencePaymentReceived';
  licenceId: string;
  paymentId: string;
  achievementId: string;
  caseId: string;
  item: PaymentItem;
  itemKey: string;
  amountFen: number;
  receivedOn: string;
  payer: string;
  evidence: LicenceEvidence;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

/** The income ledger refused a payment (a defect or a register change): noted, so nobody assumes it was ledgered. */
export interface LicencePaymentNotLedgered {
  type: 'LicencePaymentNotLedgered';
  licenceId: string;
  paymentId: string;
  code: string;
  detail: string;
  notedAt: string;
}

/** The licence term's workflow found an obligation unmet at its due date: escalated to the TTO, cure period running. */
export interface LicenceObligationOverdue {
  type: 'LicenceObligationOverdue';
  licenceId: string;
  itemKey: string;
  label: string;
  dueOn: string;
  outstandingFen: number | null;
  cureEndsOn: string;
  escalatedTo: 'tto_officer';
  escalatedAt: string;
  ruleKeys: string[];
}

/** The cure period ended with the obligation still unmet: the TTO may propose termination. */
export interface LicenceDefaultUncured {
  type: 'LicenceDefaultUncured';
  licenceId: string;
  itemKey: string;
  cureEndsOn: string;
  recordedAt: string;
  ruleKeys: string[];
}

/** R15: the TTO decided to convert a use-first-pay-later licence into a paid one, on new consideration. */
export interface LicenceConvertedToPaid {
  type: 'LicenceConvertedToPaid';
  licenceId: string;
  consideration: Consideration;
  reasons: string;
  evidence: LicenceEvidence;
  decidedBy: string;
  decidedAt: string;
  ruleKeys: string[];
}

export type TerminationGround = 'uncured_default' | 'use_first_pay_later_not_converted' | 'agreed_by_parties';

/** The TTO proposes to terminate; it takes effect only when the termination round closes signed. */
export interface LicenceTerminationProposed {
  type: 'LicenceTerminationProposed';
  licenceId: string;
  ground: TerminationGround;
  /** The uncured defaults it rests on (uncured_default). */
  itemKeys: string[];
  reasons: string;
  proposedBy: string;
  proposedAt: string;
  signOffId: string;
  round: number;
  ruleKeys: string[];
}

export type LicenceOwnEvent =
  | LicenceRecorded
  | LicenceTookEffect
  | LicenceMilestoneReached
  | RoyaltyReportRecorded
  | LicencePaymentReceived
  | LicencePaymentNotLedgered
  | LicenceObligationOverdue
  | LicenceDefaultUncured
  | LicenceConvertedToPaid
  | LicenceTerminationProposed;

export type LicenceEvent = LicenceOwnEvent | SignOffEvent;

export const LICENCE_OWN_EVENT_TYPES: ReadonlyArray<LicenceOwnEvent['type']> = [
  'LicenceRecorded',
  'LicenceTookEffect',
  'LicenceMilestoneReached',
  'RoyaltyReportRecorded',
  'LicencePaymentReceived',
  'LicencePaymentNotLedgered',
  'LicenceObligationOverdue',
  'LicenceDefaultUncured',
  'LicenceConvertedToPaid',
  'LicenceTerminationProposed',
];

export const LICENCE_SCHEMA_VERSIONS: Record<LicenceEvent['type'], number> = {
  ...(Object.fromEntries(LICENCE_OWN_EVENT_TYPES.map((t) => [t, 1])) as Record<LicenceOwnEvent['type'], number>),
  ...SIGN_OFF_SCHEMA_VERSIONS,
};

export const LICENCE_STREAM_PREFIX = 'licence-';
export const licenceStreamId = (licenceId: string): string => `${LICENCE_STREAM_PREFIX}${licenceId}`;
export const licenceIdOfStream = (streamId: string): string | null =>
  streamId.startsWith(LICENCE_STREAM_PREFIX) ? streamId.slice(LICENCE_STREAM_PREFIX.length) : null;

/** The termination round in the licence stream: TTO head, legal, unit leader. */
export const LICENCE_TERMINATION_SIGN_OFF = 'licence-termination';

export interface LicensingPolicyPublished {
  type: 'LicensingPolicyPublished';
  version: number;
  /** R15: the licensee classes that may use first and pay later from `effectiveFrom` on (empty: none). */
  useFirstPayLaterClasses: LicenseeClass[];
  effectiveFrom: string;
  /** The document the policy rests on (the unit's rules, a pilot notice). */
  basis: string;
  publishedBy: string;
  publishedAt: string;
  ruleKeys: string[];
}

export type LicensingPolicyEvent = LicensingPolicyPublished;
export const LICENSING_POLICY_SCHEMA_VERSIONS: Record<LicensingPolicyEvent['type'], number> = { LicensingPolicyPublished: 1 };
export const LICENSING_POLICY_STREAM_ID = 'licensing-policy';
