import type { Confidentiality, Decision, Inventor } from '@chengguo/disclosure/domain';
import { SIGN_OFF_SCHEMA_VERSIONS, SignOffEvent } from '@chengguo/sign-off/domain';

/**
 * Every event of an achievement's register stream (`achievement-<id>`), one union: the ledger
 * (台账, R12) of one job-related achievement. Its facts arrive only through the register's own
 * commands: a TTO command with evidence, or a reaction that turns a committed event of another
 * process into a register command citing that event (its provenance).
 *
 * The id of a disclosed achievement is its disclosure id (one disclosure ↔ one achievement), so a
 * disclosure event, and the abandonment contract opened from it (`abandonment-contract-<disclosureId>`),
 * find their achievement without a lookup. An achievement that predates the system gets a fresh id
 * when the TTO registers it.
 */

export type AchievementKind =
  'invention_patent' | 'utility_model' | 'design' | 'software_copyright' | 'ic_layout' | 'plant_variety' | 'know_how';

export type PatentKind = Extract<AchievementKind, 'invention_patent' | 'utility_model' | 'design'>;

/** The inventors (完成人) and their contribution shares, in basis points totalling 10000. */
export type AchievementInventor = Inventor;

/**
 * Classification (R5, R12): the confidentiality level as the disclosure records it, and the two
 * flags besides a state secret that make a transformation need supervisory filing (R5).
 */
export interface AchievementClassification {
  confidentiality: Confidentiality;
  nationalSecurity: boolean;
  keyCoreTechnology: boolean;
}

/** An inventor's co-ownership share (R11), in basis points of the whole right. */
export interface CoOwnerShare {
  userId: string;
  shareBasisPoints: number;
}

/**
 * Who holds the rights: the unit; the inventors after an executed R3 contract or an R11 agreement
 * (`contractId` names the contract or agreement stream); a transferee after a transfer or investment
 * (R5); the unit and inventors together after an R11 co-ownership agreement.
 */
export type AchievementOwner =
  | { kind: 'unit' }
  | { kind: 'inventors'; userIds: string[]; contractId: string }
  | { kind: 'transferee'; name: string; caseId: string }
  | { kind: 'co_owned'; unitShareBasisPoints: number; coOwners: CoOwnerShare[]; agreementId: string };

/** R11: how a co-ownership agreement shares the income from transforming the achievement (basis points, together 10000). */
export interface RevenueSplit {
  unitShareBasisPoints: number;
  coOwners: CoOwnerShare[];
}

/**
 * R11: what a signed ownership agreement gives the inventors. A co-ownership carries the revenue
 * split the parties signed; absent or null for an agreement that fixed it in words only (optional,
 * not a new schema version: a reader of the old shape loses nothing).
 */
export type OwnershipGrant =
  | { kind: 'co_owned'; unitShareBasisPoints: number; coOwners: CoOwnerShare[]; revenueSplit?: RevenueSplit | null }
  | { kind: 'inventors'; userIds: string[] }
  /** A long-term use right (≥ 10 years); the unit stays owner. Dates are calendar dates, end exclusive. */
  | { kind: 'use_right'; userIds: string[]; years: number; startsOn: string; endsOn: string };

/** R11: a use right the register notes beside the unit's ownership. */
export interface UseRight {
  agreementId: string;
  userIds: string[];
  years: number;
  startsOn: string;
  endsOn: string;
}

export type AchievementStatus =
  | 'disclosed'
  | 'under_evaluation'
  | 'to_be_filed'
  | 'kept_as_know_how'
  /** R3: the unit decided not to file; the rights go to the inventors once the contract is executed. */
  | 'to_be_abandoned'
  | 'abandoned_to_inventors'
  | 'filed'
  | 'granted'
  | 'transferred'
  | 'licensed'
  | 'invested'
  /** R12 rights maintenance: the right ended, for an unpaid annual fee or by the unit's decision to let it lapse. */
  | 'lapsed'
  | 'withdrawn';

/** R12: a fact the TTO records by hand rests on documents kept elsewhere, bound by their SHA-256. */
export interface Evidence {
  summary: string;
  documentSha256: string[];
}

/** Where a register fact comes from: a committed event of another process, or the TTO with evidence. */
export type Provenance =
  { kind: 'process_event'; streamId: string; eventId: string; eventType: string } | { kind: 'tto'; userId: string; evidence: Evidence };

export type ProcessEventSource = Extract<Provenance, { kind: 'process_event' }>;

export type TransformationMode = 'transfer' | 'license' | 'equity_investment';
export type TransformationOutcome = 'transferred' | 'licensed' | 'invested' | 'not_concluded';

export interface AchievementRegistered {
  type: 'AchievementRegistered';
  achievementId: string;
  /** R1: from a submitted disclosure; R12: registered directly by the TTO, with evidence, for one that predates the system. */
  origin:
    { kind: 'disclosure'; disclosureId: string; submittedBy: string } | { kind: 'existing'; registeredBy: string; evidence: Evidence };
  /** Null while undetermined: a disclosure does not say which right it becomes (the filing decision or application does). */
  kind: AchievementKind | null;
  title: string;
  inventors: AchievementInventor[];
  owner: AchievementOwner;
  classification: AchievementClassification;
  status: AchievementStatus;
  /** Rights an existing achievement already holds (empty for a disclosure). */
  rights: AchievementRights;
  registeredAt: string;
  provenance: Provenance;
  ruleKeys: string[];
}

export interface AchievementRights {
  patentKind: PatentKind | null;
  applicationNumber: string | null;
  /** Calendar date (YYYY-MM-DD); annuities fall due from it (Patent Law). */
  filingDate: string | null;
  grantDate: string | null;
  patentNumber: string | null;
}

/** R1: the inventors amended a disputed disclosure before evaluation; title, inventors and classification follow it. */
export interface AchievementParticularsAmended {
  type: 'AchievementParticularsAmended';
  achievementId: string;
  title: string;
  inventors: AchievementInventor[];
  classification: AchievementClassification;
  amendedAt: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

/** R2: an evaluator was assigned; the pre-filing evaluation is under way. */
export interface AchievementEvaluationStarted {
  type: 'AchievementEvaluationStarted';
  achievementId: string;
  startedAt: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

/** R2, R3: the unit leader's decision — file, do not file (rights to the inventors by contract), keep as a trade secret. */
export interface AchievementFilingDecided {
  type: 'AchievementFilingDecided';
  achievementId: string;
  decision: Decision;
  decidedBy: string;
  decidedAt: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

/** R3 (executed abandonment contract) or R5 (executed transfer or equity investment). */
export interface AchievementOwnerChanged {
  type: 'AchievementOwnerChanged';
  achievementId: string;
  from: AchievementOwner;
  to: AchievementOwner;
  changedAt: string;
  provenance: Provenance;
  ruleKeys: string[];
}

/** R5, R12: a changed classification, with the reason and evidence behind it. */
export interface AchievementReclassified {
  type: 'AchievementReclassified';
  achievementId: string;
  from: AchievementClassification;
  to: AchievementClassification;
  reason: string;
  evidence: Evidence;
  reclassifiedBy: string;
  reclassifiedAt: string;
  ruleKeys: string[];
}

/** R12 rights: an application filed (by the unit, or by the inventors after R3). */
export interface PatentApplicationRecorded {
  type: 'PatentApplicationRecorded';
  achievementId: string;
  patentKind: PatentKind | null;
  applicationNumber: string;
  filingDate: string;
  recordedAt: string;
  provenance: Provenance;
  ruleKeys: string[];
}

/** R12 rights: the patent was granted. */
export interface PatentGrantRecorded {
  type: 'PatentGrantRecorded';
  achievementId: string;
  patentNumber: string;
  grantDate: string;
  recordedAt: string;
  provenance: Provenance;
  ruleKeys: string[];
}

/** R5: a transfer case (转让 / 许可 / 作价投资) is open on the achievement. */
export interface TransformationCaseOpened {
  type: 'TransformationCaseOpened';
  achievementId: string;
  caseId: string;
  mode: TransformationMode;
  openedBy: string;
  openedAt: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

/** R5: a case ended; transferred and invested move the rights to the counterparty (see AchievementOwnerChanged). */
export interface TransformationCaseClosed {
  type: 'TransformationCaseClosed';
  achievementId: string;
  caseId: string;
  outcome: TransformationOutcome;
  closedAt: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

export interface AchievementWithdrawn {
  type: 'AchievementWithdrawn';
  achievementId: string;
  reason: string;
  withdrawnAt: string;
  provenance: Provenance;
  ruleKeys: string[];
}

/**
 * R12: another process committed a fact the register refuses (e.g. a case opened on an achievement
 * the unit no longer owns, written before the register existed). The register cannot undo it; it
 * records it under the refusing rule's code, so the ledger and an auditor see it.
 */
export interface RegisterIrregularityNoted {
  type: 'RegisterIrregularityNoted';
  achievementId: string;
  code: string;
  detail: string;
  notedAt: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

/**
 * R12 rights maintenance: an annual fee paid (annuities.ts: due by the filing date's anniversary,
 * payable with a late fee for six months after). Recorded by the TTO with evidence of the payment.
 */
export interface AnnuityPaid {
  type: 'AnnuityPaid';
  achievementId: string;
  year: number;
  dueDate: string;
  graceEndsOn: string;
  amountFen: number;
  /** The late fee actually paid, and what the Implementing Rules ask for on that date (5 % per whole month late). */
  lateFeeFen: number;
  statutoryLateFeeFen: number;
  paidOn: string;
  evidence: Evidence;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

/** R12: the due date passed unpaid; the six-month grace period runs (recorded by the annuity workflow). */
export interface AnnuityGracePeriodStarted {
  type: 'AnnuityGracePeriodStarted';
  achievementId: string;
  year: number;
  dueDate: string;
  graceEndsOn: string;
  startedAt: string;
  ruleKeys: string[];
}

/** R12 abandonment: the TTO proposes letting the right lapse (not paying year `year`); the sign-off `right-lapse` decides. */
export interface RightLapseProposed {
  type: 'RightLapseProposed';
  achievementId: string;
  year: number;
  reason: string;
  evidence: Evidence;
  proposedBy: string;
  proposedAt: string;
  ruleKeys: string[];
}

/**
 * R12: the right ended. `abandoned`: the unit decided to let it lapse (the `right-lapse` sign-off
 * closed as signed; its closing event is the provenance). `annuity_unpaid`: the grace period of
 * year `year` ended without payment or decision; the right ends as from that year's due date.
 */
export interface RightLapsed {
  type: 'RightLapsed';
  achievementId: string;
  year: number;
  cause: 'abandoned' | 'annuity_unpaid';
  /** The due date of the unpaid year: the right is terminated as from it (Patent Law Art. 44). */
  effectiveFrom: string;
  lapsedAt: string;
  provenance: ProcessEventSource | { kind: 'annuity_workflow' };
  ruleKeys: string[];
}

/**
 * R11: a signed ownership agreement (pilot unit) made the inventors co-owners or owners of the
 * achievement, or gave them a long-term use right while the unit stays owner.
 */
export interface AchievementOwnershipGranted {
  type: 'AchievementOwnershipGranted';
  achievementId: string;
  /** The agreement's stream (`ownership-agreement-<achievementId>`). */
  agreementId: string;
  grant: OwnershipGrant;
  from: AchievementOwner;
  to: AchievementOwner;
  grantedAt: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

/** R5: the company an achievement was invested in (作价投资), and the unit's holding in it. */
export interface EquityHoldingOnRecord {
  shares: number | null;
  capitalContributionFen: number | null;
  shareholdingBasisPoints: number;
}

export interface EquityInvestmentOnRecord {
  /** The investment's stream is `equity-investment-<investmentId>`. */
  investmentId: string;
  caseId: string;
  company: { name: string; creditCode: string };
  /** The value the shares were received at (R6); null until they are. */
  valueFen: number | null;
  /** The business registration date (工商变更登记) of the shares; null until they are received. */
  registeredOn: string | null;
  /** The unit's holding now; null until the shares are received, all zero once sold out. */
  holding: EquityHoldingOnRecord | null;
}

/** R5, R12: an equity investment was opened on a transformation case of this achievement. */
export interface EquityInvestmentRecorded {
  type: 'EquityInvestmentRecorded';
  achievementId: string;
  investmentId: string;
  caseId: string;
  company: { name: string; creditCode: string };
  recordedAt: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

/** R5, R12: the unit's holding under an investment changed — shares received, or part or all sold. */
export interface EquityHoldingChanged {
  type: 'EquityHoldingChanged';
  achievementId: string;
  investmentId: string;
  change: 'received' | 'sold';
  /** The holding after the change. */
  holding: EquityHoldingOnRecord;
  /** Received: the value the shares were received at; sold: null. */
  valueFen: number | null;
  /** The date of the business registration (received) or of the sale. */
  on: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

/**
 * R5: a licence (许可) of the achievement, as the register shows it once it took effect. The licence's
 * own stream (`licence-<licenceId>`) holds its payments, reports and escalations; the register keeps
 * who holds it, on what scope, and its standing.
 */
export interface LicenceOnRecord {
  /** The licence's id: the id of the transfer case that priced it (GET /licences/{licenceId}). */
  licenceId: string;
  caseId: string;
  licensee: { name: string; class: string };
  exclusivity: 'exclusive' | 'sole' | 'non_exclusive';
  territory: string;
  fieldOfUse: string;
  term: { startsOn: string; endsOn: string };
  /** R15: licensed to use first and pay later; stays true after a conversion (see convertedToPaidOn). */
  useFirstPayLater: boolean;
  effectiveOn: string;
  status: 'in_effect' | 'terminated';
  /** R15: the date the TTO converted a use-first-pay-later licence into a paid one. */
  convertedToPaidOn: string | null;
  /** Obligations whose cure period ended unmet (a later payment may still settle them; the licence shows it). */
  uncuredDefaults: Array<{ itemKey: string; on: string }>;
  terminatedOn: string | null;
}

/** R5, R12: a licence of this achievement took effect (its case executed). */
export interface LicenceRegistered {
  type: 'LicenceRegistered';
  achievementId: string;
  licenceId: string;
  caseId: string;
  licensee: { name: string; class: string };
  exclusivity: LicenceOnRecord['exclusivity'];
  territory: string;
  fieldOfUse: string;
  term: { startsOn: string; endsOn: string };
  useFirstPayLater: boolean;
  effectiveOn: string;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

export type LicenceStatusChange = 'converted_to_paid' | 'default_uncured' | 'terminated';

/** R5, R12 (R15 for a conversion): a licence on record was converted to a paid one, fell into uncured default, or was terminated. */
export interface LicenceStatusChanged {
  type: 'LicenceStatusChanged';
  achievementId: string;
  licenceId: string;
  change: LicenceStatusChange;
  /** The date of the conversion, of the cure period's end, or of the termination. */
  on: string;
  /** default_uncured: the obligation left unmet (e.g. `royalty:2026-Q4`); else null. */
  itemKey: string | null;
  /** terminated: on which ground (uncured_default, use_first_pay_later_not_converted, agreed_by_parties); else null. */
  ground: string | null;
  provenance: ProcessEventSource;
  ruleKeys: string[];
}

export type AchievementEvent =
  | AchievementRegistered
  | AchievementParticularsAmended
  | AchievementEvaluationStarted
  | AchievementFilingDecided
  | AchievementOwnerChanged
  | AchievementReclassified
  | PatentApplicationRecorded
  | PatentGrantRecorded
  | TransformationCaseOpened
  | TransformationCaseClosed
  | AchievementWithdrawn
  | RegisterIrregularityNoted
  | AnnuityPaid
  | AnnuityGracePeriodStarted
  | RightLapseProposed
  | RightLapsed
  | AchievementOwnershipGranted
  | EquityInvestmentRecorded
  | EquityHoldingChanged
  | LicenceRegistered
  | LicenceStatusChanged
  /** The `right-lapse` sign-off (R12 abandonment) lives in the register's stream, as other processes' rounds live in theirs. */
  | SignOffEvent;

export const ACHIEVEMENT_SCHEMA_VERSIONS: Record<AchievementEvent['type'], number> = {
  ...SIGN_OFF_SCHEMA_VERSIONS,
  AchievementRegistered: 1,
  AchievementParticularsAmended: 1,
  AchievementEvaluationStarted: 1,
  AchievementFilingDecided: 1,
  AchievementOwnerChanged: 1,
  AchievementReclassified: 1,
  PatentApplicationRecorded: 1,
  PatentGrantRecorded: 1,
  TransformationCaseOpened: 1,
  TransformationCaseClosed: 1,
  AchievementWithdrawn: 1,
  RegisterIrregularityNoted: 1,
  AnnuityPaid: 1,
  AnnuityGracePeriodStarted: 1,
  RightLapseProposed: 1,
  RightLapsed: 1,
  AchievementOwnershipGranted: 1,
  EquityInvestmentRecorded: 1,
  EquityHoldingChanged: 1,
  LicenceRegistered: 1,
  LicenceStatusChanged: 1,
};

/** The register's sign-off on letting a right lapse (R12 abandonment). */
export const RIGHT_LAPSE_SIGN_OFF = 'right-lapse';

export const ACHIEVEMENT_EVENT_TYPES = Object.keys(ACHIEVEMENT_SCHEMA_VERSIONS) as ReadonlyArray<AchievementEvent['type']>;

export const ACHIEVEMENT_STREAM_PREFIX = 'achievement-';
export const achievementStreamId = (achievementId: string): string => `${ACHIEVEMENT_STREAM_PREFIX}${achievementId}`;
export const achievementIdOfStream = (streamId: string): string | null =>
  streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX) ? streamId.slice(ACHIEVEMENT_STREAM_PREFIX.length) : null;
/** One disclosure ↔ one achievement: the disclosed achievement keeps the disclosure's id. */
export const achievementIdOfDisclosure = (disclosureId: string): string => disclosureId;
