import type { Decision } from '@chengguo/disclosure/domain';
import { Decider, DomainRuleViolation, DAY_MS, isRuleViolation, shanghaiDate, termsHash } from '@chengguo/kernel';
import { decideSignOff, evolveSignOff, isSignOffEvent, SignOffParty, SignOffState } from '@chengguo/sign-off/domain';
import { AchievementErrors as Errors } from './achievement.errors';
import { AnnuityDue, annuitySchedule, endOfShanghaiDay, statutoryLateFeeFen } from './annuities';
import {
  AchievementClassification,
  AchievementEvent,
  AchievementInventor,
  AchievementKind,
  AchievementOwner,
  AchievementRegistered,
  AchievementRights,
  AchievementStatus,
  CoOwnerShare,
  EquityHoldingOnRecord,
  EquityInvestmentOnRecord,
  Evidence,
  LicenceOnRecord,
  LicenceStatusChange,
  OwnershipGrant,
  PatentKind,
  ProcessEventSource,
  Provenance,
  RevenueSplit,
  RIGHT_LAPSE_SIGN_OFF,
  TransformationMode,
  TransformationOutcome,
  UseRight,
} from './achievement.events';

/**
 * The achievement register (台账, R12): one stream per achievement, the facts every other process
 * decides with. Invariants, with the rule each protects:
 * - R12: an achievement enters the register once — from its submitted disclosure (R1), or by the
 *   TTO with evidence; every later fact cites a committed process event or the TTO's evidence;
 * - idempotency: a process event already recorded (by its event id) or a fact already held decides
 *   nothing, so a reaction delivered twice appends nothing twice;
 * - R2: the filing decision is recorded once, after the disclosure reached evaluation;
 * - R3: the rights go to the inventors only under a contract executed after a "do not file"
 *   decision; from then on the unit does not own the achievement;
 * - R5: a transformation case (transfer, licence, equity investment) opens only on an achievement
 *   the unit owns and whose status allows it (decided, not abandoned, not already transferred or
 *   invested); supervisory filing is required exactly when the classification says so, and the
 *   classification cannot be lowered while a case is open;
 * - R5: an equity investment is recorded on a case opened on this achievement, one per case, and its
 *   holding (shares received, later sales) only for an investment on record;
 * - R5: a licence is recorded when it takes effect, on a case opened on this achievement, once; its
 *   conversion to paid (R15), uncured defaults and termination only for a licence on record;
 * - R11: a signed ownership agreement gives the inventors co-ownership, the whole, or a use right,
 *   only from the unit's own ownership and only to the achievement's inventors; a co-owned
 *   achievement is not transformed by the unit alone: a case opens on it, and the case holds the
 *   co-owners' consent round (transformationClearance names them);
 * - R12 rights: an application number, then a grant, each recorded once; a different number for a
 *   right already held is refused (a correction is its own command, not a silent overwrite);
 * - R12 rights maintenance (annuities.ts): the unit pays the annual fees of a granted patent it
 *   owns in order, each by its due date or within the six-month grace period; letting the right
 *   lapse is an abandonment decided through the `right-lapse` sign-off, in which neither the
 *   proposer nor an inventor acts for the unit (R4, R13); a year left unpaid and undecided at the
 *   end of its grace period ends the right.
 * Pure: time, actor and the process facts arrive in the command.
 */

type Actor = { userId: string; role: string };

/** How a command that both processes and the TTO may send says where its fact comes from. */
export type CommandOrigin = ProcessEventSource | { kind: 'tto'; actor: Actor; evidence: Evidence };

export interface OpenCase {
  caseId: string;
  mode: TransformationMode;
}

export interface AchievementState {
  status: AchievementStatus | 'unregistered';
  achievementId: string | null;
  origin: AchievementRegistered['origin'] | null;
  kind: AchievementKind | null;
  title: string;
  inventors: AchievementInventor[];
  owner: AchievementOwner;
  classification: AchievementClassification;
  filingDecision: Decision | null;
  rights: AchievementRights;
  openCases: OpenCase[];
  /** Source links: the streams of the processes that acted on this achievement. */
  links: { disclosureId: string | null; contractIds: string[]; caseIds: string[] };
  irregularities: Array<{ code: string; sourceEventId: string }>;
  /** R11: long-term use rights granted to inventors while the unit stays owner. */
  useRights: UseRight[];
  /** R5: equity investments made with the achievement, each with the company and the unit's holding. */
  equityInvestments: EquityInvestmentOnRecord[];
  /** R5: the licences of the achievement that took effect, each with its standing (absent in states folded before them). */
  licences?: LicenceOnRecord[];
  /** Process events already turned into register facts (idempotent redelivery). */
  recordedSourceEventIds: string[];
  /** Rights maintenance (R12): annual fees paid, grace periods running, a proposal to let the right lapse, the lapse. */
  annuities: AnnuityRecord;
  /** The `right-lapse` sign-off held in this stream. */
  signOffs: SignOffState;
  /**
   * R11: how the income from transforming the achievement is shared since a co-ownership agreement;
   * kept when the owner changes afterwards (a transfer's price is still shared). Null (or absent in
   * states folded before it) when it was never co-owned.
   */
  incomeSplit?: IncomeSplit | null;
}

export interface IncomeSplit {
  agreementId: string;
  /** The unit's share of the right itself. */
  unitOwnershipShareBasisPoints: number;
  /** The split the agreement signed, or null when it fixed the revenue shares in words only. */
  revenueSplit: RevenueSplit | null;
}

/** R11, R8, R14: how much of the income from transforming an achievement is the unit's own (ADR 24). */
export interface UnitIncomeShare {
  shareBasisPoints: number;
  /**
   * `sole`: never co-owned, the unit's income is all it receives; `agreement`: the co-ownership
   * agreement's signed revenue split; `ownership_share`: an agreement that fixed no number, read by
   * the unit's share of the right (co-owners share licence fees among themselves, Patent Law art. 14).
   */
  basis: 'sole' | 'agreement' | 'ownership_share';
  agreementId: string | null;
}

/** R11: the unit's own share of the income from transforming this achievement. */
export function unitIncomeShareOf(state: Pick<AchievementState, 'incomeSplit'>): UnitIncomeShare {
  const split = state.incomeSplit;
  if (!split) return { shareBasisPoints: 10_000, basis: 'sole', agreementId: null };
  if (split.revenueSplit)
    return { shareBasisPoints: split.revenueSplit.unitShareBasisPoints, basis: 'agreement', agreementId: split.agreementId };
  return { shareBasisPoints: split.unitOwnershipShareBasisPoints, basis: 'ownership_share', agreementId: split.agreementId };
}

export interface AnnuityRecord {
  /**
   * The day the register learnt of the grant (the registration of an already granted right, or the
   * grant's recording). Fees that fell due before it were settled outside the register, which keeps
   * no record of them; its schedule starts with the first due date on or after this day.
   */
  trackedFrom?: string | null;
  paid: Array<{ year: number; amountFen: number; lateFeeFen: number; paidOn: string }>;
  graceStartedYears: number[];
  lapseProposal: { year: number; reason: string; proposedBy: string } | null;
  lapse: { year: number; cause: 'abandoned' | 'annuity_unpaid'; effectiveFrom: string } | null;
}

export const NO_ANNUITIES: AnnuityRecord = { paid: [], graceStartedYears: [], lapseProposal: null, lapse: null };

export const NO_RIGHTS: AchievementRights = {
  patentKind: null,
  applicationNumber: null,
  filingDate: null,
  grantDate: null,
  patentNumber: null,
};

export const initialAchievementState: AchievementState = {
  status: 'unregistered',
  achievementId: null,
  origin: null,
  kind: null,
  title: '',
  inventors: [],
  owner: { kind: 'unit' },
  classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
  filingDecision: null,
  rights: NO_RIGHTS,
  openCases: [],
  links: { disclosureId: null, contractIds: [], caseIds: [] },
  irregularities: [],
  useRights: [],
  equityInvestments: [],
  licences: [],
  recordedSourceEventIds: [],
  annuities: NO_ANNUITIES,
  signOffs: {},
  incomeSplit: null,
};

export type AchievementCommand =
  | {
      type: 'RegisterDisclosedAchievement';
      disclosureId: string;
      title: string;
      inventors: AchievementInventor[];
      classification: AchievementClassification;
      submittedBy: string;
      submittedAt: string;
      source: ProcessEventSource;
    }
  | {
      type: 'AmendDisclosedParticulars';
      title: string;
      inventors: AchievementInventor[];
      classification: AchievementClassification;
      amendedAt: string;
      source: ProcessEventSource;
    }
  | {
      type: 'RegisterExistingAchievement';
      achievementId: string;
      kind: AchievementKind;
      title: string;
      inventors: AchievementInventor[];
      classification: AchievementClassification;
      rights: Partial<Omit<AchievementRights, 'patentKind'>>;
      evidence: Evidence;
      actor: Actor;
      now: string;
    }
  | { type: 'RecordEvaluationStarted'; startedAt: string; source: ProcessEventSource }
  | { type: 'RecordFilingDecision'; decision: Decision; decidedBy: string; decidedAt: string; source: ProcessEventSource }
  | { type: 'RecordOwnershipToInventors'; contractId: string; inventorUserIds: string[]; executedAt: string; source: ProcessEventSource }
  | {
      type: 'RecordPatentApplication';
      patentKind: PatentKind | null;
      applicationNumber: string;
      filingDate: string;
      now: string;
      from: CommandOrigin;
    }
  | { type: 'RecordPatentGrant'; patentNumber: string; grantDate: string; now: string; from: CommandOrigin }
  | { type: 'Reclassify'; classification: AchievementClassification; reason: string; evidence: Evidence; actor: Actor; now: string }
  | {
      type: 'RecordTransformationCaseOpened';
      caseId: string;
      mode: TransformationMode;
      openedBy: string;
      openedAt: string;
      source: ProcessEventSource;
    }
  | {
      type: 'RecordTransformationCaseClosed';
      caseId: string;
      outcome: TransformationOutcome;
      /** Who receives the rights on a transfer or equity investment. */
      transferee: string | null;
      closedAt: string;
      source: ProcessEventSource;
    }
  | { type: 'RecordWithdrawn'; reason: string; now: string; from: CommandOrigin }
  | {
      type: 'RecordAnnuityPayment';
      year: number;
      amountFen: number;
      lateFeeFen: number;
      paidOn: string;
      evidence: Evidence;
      actor: Actor;
      now: string;
    }
  | { type: 'ProposeLettingRightLapse'; reason: string; evidence: Evidence; actor: Actor; now: string }
  /** Run by the annuity workflow at the end of a due date. */
  | { type: 'RecordAnnuityGracePeriodStarted'; year: number; now: string }
  /** Run by the annuity workflow at the end of a grace period. */
  | { type: 'LapseForUnpaidAnnuity'; year: number; now: string }
  /** Run by a reaction to the `right-lapse` sign-off closing as signed (its closing event is the source). */
  | { type: 'RecordRightLapseDecided'; source: ProcessEventSource; now: string }
  /** R11: sent by the reaction to a signed ownership agreement, citing the closing event. */
  | { type: 'RecordOwnershipGranted'; agreementId: string; grant: OwnershipGrant; grantedAt: string; source: ProcessEventSource }
  /** R5: sent by the reaction to an equity investment's opening, citing it. */
  | {
      type: 'RecordEquityInvestment';
      investmentId: string;
      caseId: string;
      company: { name: string; creditCode: string };
      recordedAt: string;
      source: ProcessEventSource;
    }
  /** R5: sent by the reaction to shares received or sold under an investment, citing that event. */
  | {
      type: 'RecordEquityHolding';
      investmentId: string;
      change: 'received' | 'sold';
      holding: EquityHoldingOnRecord;
      valueFen: number | null;
      on: string;
      source: ProcessEventSource;
    }
  /** R5: sent by the reaction to a licence taking effect, citing that event. */
  | {
      type: 'RecordLicence';
      licenceId: string;
      caseId: string;
      licensee: { name: string; class: string };
      exclusivity: LicenceOnRecord['exclusivity'];
      territory: string;
      fieldOfUse: string;
      term: { startsOn: string; endsOn: string };
      useFirstPayLater: boolean;
      effectiveOn: string;
      source: ProcessEventSource;
    }
  /** R5, R15: sent by the reaction to a licence's conversion, uncured default or signed termination, citing that event. */
  | {
      type: 'RecordLicenceStatus';
      licenceId: string;
      change: LicenceStatusChange;
      on: string;
      itemKey: string | null;
      ground: string | null;
      source: ProcessEventSource;
    }
  | { type: 'NoteIrregularity'; achievementId: string; code: string; detail: string; notedAt: string; source: ProcessEventSource };

const PATENT_KINDS: readonly AchievementKind[] = ['invention_patent', 'utility_model', 'design'];
/** R5: what the unit may still transfer, license or invest (decided to keep or file, and not gone). */
const TRANSFORMABLE: readonly AchievementStatus[] = ['to_be_filed', 'kept_as_know_how', 'filed', 'granted', 'licensed'];
/** Until the filing decision, or for a registration the unit keeps, withdrawal is possible. */
const WITHDRAWABLE: readonly AchievementStatus[] = ['disclosed', 'under_evaluation', 'to_be_filed', 'kept_as_know_how'];
const CONFIDENTIALITY_RANK = { public: 0, internal: 1, commercial_secret: 2, state_secret: 3 } as const;

// ---- Pure rules other processes call when they decide (with the register's folded state). ----

/** R5: state secret, national security or key core technology → supervisory filing before a transformation. */
export function r5FilingRequired(state: Pick<AchievementState, 'classification'>): boolean {
  const c = state.classification;
  return c.confidentiality === 'state_secret' || c.nationalSecurity || c.keyCoreTechnology;
}

/** R4, R13: an inventor of the achievement never acts on the unit's side for it. */
export function isInventorOf(state: Pick<AchievementState, 'inventors'>, userId: string): boolean {
  return state.inventors.some((i) => i.userId === userId);
}

export function ownerLabel(owner: AchievementOwner): string {
  switch (owner.kind) {
    case 'unit':
      return 'unit';
    case 'inventors':
      return `inventors (${owner.userIds.join(', ')})`;
    case 'transferee':
      return `transferee (${owner.name})`;
    case 'co_owned':
      return `co-owned (unit ${owner.unitShareBasisPoints / 100}%, ${owner.coOwners.map((c) => `${c.userId} ${c.shareBasisPoints / 100}%`).join(', ')})`;
  }
}

/**
 * R3, R5, R11: what a transformation case the unit opens needs besides the unit's own decision —
 * nothing when the unit owns the achievement alone; the consent of these co-owners (named with the
 * shares and the agreement the register records) when it is co-owned; else why no case may open.
 * Achievements wholly owned by the inventors (R3, R11 whole) or by a transferee are not the unit's to transform.
 */
export type TransformationClearance =
  { consent: 'unit_alone' } | { consent: 'co_owners'; agreementId: string; unitShareBasisPoints: number; coOwners: CoOwnerShare[] };

export function transformationClearance(state: AchievementState): TransformationClearance | DomainRuleViolation {
  if (state.status === 'unregistered') return Errors.notRegistered();
  if (state.owner.kind !== 'unit' && state.owner.kind !== 'co_owned') return Errors.notOwnedByUnit(ownerLabel(state.owner));
  if (!TRANSFORMABLE.includes(state.status)) return Errors.notTransformable(state.status);
  if (state.owner.kind === 'co_owned') {
    const { agreementId, unitShareBasisPoints, coOwners } = state.owner;
    return { consent: 'co_owners', agreementId, unitShareBasisPoints, coOwners };
  }
  return { consent: 'unit_alone' };
}

/** R11: a signed revenue split shares the whole income (whole basis points, together 10000) among the unit and co-owners only. */
function validRevenueSplit(split: RevenueSplit | null | undefined, coOwners: CoOwnerShare[]): boolean {
  if (!split) return true;
  const shares = [split.unitShareBasisPoints, ...split.coOwners.map((c) => c.shareBasisPoints)];
  return (
    shares.every((b) => Number.isInteger(b) && b >= 0 && b <= 10_000) &&
    shares.reduce((a, b) => a + b, 0) === 10_000 &&
    split.coOwners.every((r) => coOwners.some((c) => c.userId === r.userId))
  );
}

/**
 * R3, R5: null when the unit may transform the achievement on its own decision alone; else why not.
 * R11: a co-owned achievement is refused here (the co-owners' consent is needed): a process that
 * holds that consent round asks `transformationClearance` instead.
 */
export function mayBeTransformedByUnit(state: AchievementState): DomainRuleViolation | null {
  const clearance = transformationClearance(state);
  if (isRuleViolation(clearance)) return clearance;
  if (clearance.consent === 'co_owners') return Errors.coOwnersConsentRequired(clearance.coOwners.map((c) => c.userId));
  return null;
}

/** Who decides on letting a right lapse (R12 abandonment): the TTO's head, legal and the unit leader, in parallel. */
export const RIGHT_LAPSE_POLICY = {
  parties: [
    { partyId: 'tto-head', role: 'tto_officer' },
    { partyId: 'legal', role: 'legal' },
    { partyId: 'unit-leader', role: 'unit_leader' },
  ] satisfies SignOffParty[],
  days: 30,
  reminderOffsetsMs: [7 * DAY_MS, DAY_MS],
  escalationRole: 'unit_leader',
};

/** The next annual fee the right owes (the first unpaid year of its schedule), or null: not granted, lapsed, or paid to term. */
export function nextAnnuity(state: Pick<AchievementState, 'rights' | 'annuities' | 'status'>): AnnuityDue | null {
  const annuities = state.annuities ?? NO_ANNUITIES;
  if (state.status === 'lapsed' || annuities.lapse) return null;
  const paid = new Set(annuities.paid.map((p) => p.year));
  const from = annuities.trackedFrom ?? '';
  return annuitySchedule(state.rights).find((due) => !paid.has(due.year) && due.dueDate >= from) ?? null;
}

/** R12: the unit keeps this right alive — a granted patent it owns, neither lapsed nor withdrawn. */
export function maintainedByUnit(state: AchievementState): boolean {
  return state.owner.kind === 'unit' && state.status !== 'withdrawn' && nextAnnuity(state) !== null;
}

export type AnnuityStatus =
  'not_applicable' | 'awaiting_grant' | 'due' | 'in_grace_period' | 'lapse_proposed' | 'lapsed' | 'paid_to_term' | 'not_maintained_by_unit';

/** The ledger's annuity column, from the record alone (the annuity workflow records when a grace period starts). */
export function annuityStatusOf(state: AchievementState): { status: AnnuityStatus; next: AnnuityDue | null } {
  const annuities = state.annuities ?? NO_ANNUITIES;
  if (annuities.lapse || state.status === 'lapsed') return { status: 'lapsed', next: null };
  if (!state.rights.patentKind && !state.rights.applicationNumber) return { status: 'not_applicable', next: null };
  if (!state.rights.grantDate) return { status: 'awaiting_grant', next: null };
  const next = nextAnnuity(state);
  if (!next) return { status: 'paid_to_term', next: null };
  if (state.owner.kind !== 'unit') return { status: 'not_maintained_by_unit', next };
  if (annuities.lapseProposal) return { status: 'lapse_proposed', next };
  return { status: annuities.graceStartedYears.includes(next.year) ? 'in_grace_period' : 'due', next };
}

/** R5: lowering = a lower confidentiality level, or an R5 flag cleared. */
export function lowersClassification(from: AchievementClassification, to: AchievementClassification): boolean {
  return (
    CONFIDENTIALITY_RANK[to.confidentiality] < CONFIDENTIALITY_RANK[from.confidentiality] ||
    (from.nationalSecurity && !to.nationalSecurity) ||
    (from.keyCoreTechnology && !to.keyCoreTechnology)
  );
}

// ---- Validation ----

const isFen = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;
const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
const sameClassification = (a: AchievementClassification, b: AchievementClassification): boolean =>
  a.confidentiality === b.confidentiality && a.nationalSecurity === b.nationalSecurity && a.keyCoreTechnology === b.keyCoreTechnology;

function validateEvidence(evidence: Evidence | undefined): DomainRuleViolation | null {
  const hashes = evidence?.documentSha256 ?? [];
  if (!evidence?.summary?.trim() || hashes.length === 0 || !hashes.every((h) => /^[0-9a-f]{64}$/.test(h))) return Errors.evidenceRequired();
  return null;
}

function validateParticulars(title: string, inventors: AchievementInventor[]): DomainRuleViolation | null {
  if (!title.trim()) return Errors.titleRequired();
  if (inventors.length === 0) return Errors.noInventors();
  const seen = new Set<string>();
  for (const inventor of inventors) {
    if (seen.has(inventor.userId)) return Errors.duplicateInventor(inventor.userId);
    seen.add(inventor.userId);
  }
  const total = inventors.reduce((sum, i) => sum + i.shareBasisPoints, 0);
  return total === 10_000 ? null : Errors.sharesNotWhole(total);
}

function requireTto(actor: Actor): DomainRuleViolation | null {
  return actor.role === 'tto_officer' ? null : Errors.roleNotAllowed(['tto_officer']);
}

/** The provenance an event records for a command's origin; a TTO origin must be the TTO, with evidence. */
function provenanceOf(from: CommandOrigin): Provenance | DomainRuleViolation {
  if (from.kind === 'process_event') return from;
  return requireTto(from.actor) ?? validateEvidence(from.evidence) ?? { kind: 'tto', userId: from.actor.userId, evidence: from.evidence };
}

const sourceOf = (command: AchievementCommand): ProcessEventSource | null => {
  if ('source' in command) return command.source;
  if ('from' in command && command.from.kind === 'process_event') return command.from;
  return null;
};

// ---- decide ----

function decide(command: AchievementCommand, state: AchievementState): AchievementEvent[] | DomainRuleViolation {
  // A process event the register already turned into a fact: redelivery decides nothing. An
  // irregularity is deduplicated by its event and code instead: one event may be recorded as a fact
  // and also have a consequence elsewhere refused (shares received: holding recorded, income refused).
  const source = sourceOf(command);
  if (command.type === 'NoteIrregularity') {
    if (state.irregularities.some((i) => i.sourceEventId === command.source.eventId && i.code === command.code)) return [];
  } else if (source && state.recordedSourceEventIds.includes(source.eventId)) return [];

  if (command.type === 'NoteIrregularity') {
    return [
      {
        type: 'RegisterIrregularityNoted',
        achievementId: state.achievementId ?? command.achievementId,
        code: command.code,
        detail: command.detail,
        notedAt: command.notedAt,
        provenance: command.source,
        ruleKeys: ['R12'],
      },
    ];
  }

  if (command.type === 'RegisterDisclosedAchievement') {
    if (state.status !== 'unregistered') {
      return state.origin?.kind === 'disclosure' && state.origin.disclosureId === command.disclosureId
        ? []
        : Errors.alreadyRegistered(command.disclosureId);
    }
    const invalid = validateParticulars(command.title, command.inventors);
    if (invalid) return invalid;
    return [
      {
        type: 'AchievementRegistered',
        achievementId: command.disclosureId,
        origin: { kind: 'disclosure', disclosureId: command.disclosureId, submittedBy: command.submittedBy },
        kind: null,
        title: command.title,
        inventors: command.inventors,
        owner: { kind: 'unit' },
        classification: command.classification,
        status: 'disclosed',
        rights: NO_RIGHTS,
        registeredAt: command.submittedAt,
        provenance: command.source,
        ruleKeys: ['R1', 'R12'],
      },
    ];
  }

  if (command.type === 'RegisterExistingAchievement') {
    const denied = requireTto(command.actor) ?? validateEvidence(command.evidence);
    if (denied) return denied;
    if (state.status !== 'unregistered') return Errors.alreadyRegistered(command.achievementId);
    const invalid = validateParticulars(command.title, command.inventors);
    if (invalid) return invalid;
    const r = command.rights;
    const isPatent = PATENT_KINDS.includes(command.kind);
    if (!isPatent && (r.applicationNumber || r.filingDate || r.grantDate || r.patentNumber)) return Errors.grantNeedsPatentKind();
    if (r.applicationNumber && (!r.filingDate || !isDate(r.filingDate))) return Errors.invalidDate('filingDate');
    if ((r.patentNumber || r.grantDate) && !r.applicationNumber) return Errors.notFiled();
    if (r.patentNumber && (!r.grantDate || !isDate(r.grantDate))) return Errors.invalidDate('grantDate');
    if (r.grantDate && !r.patentNumber) return Errors.rightNumberRequired('patentNumber');
    const rights: AchievementRights = {
      patentKind: isPatent ? (command.kind as PatentKind) : null,
      applicationNumber: r.applicationNumber ?? null,
      filingDate: r.filingDate ?? null,
      grantDate: r.grantDate ?? null,
      patentNumber: r.patentNumber ?? null,
    };
    const status: AchievementStatus = rights.patentNumber
      ? 'granted'
      : rights.applicationNumber
        ? 'filed'
        : command.kind === 'know_how'
          ? 'kept_as_know_how'
          : 'to_be_filed';
    return [
      {
        type: 'AchievementRegistered',
        achievementId: command.achievementId,
        origin: { kind: 'existing', registeredBy: command.actor.userId, evidence: command.evidence },
        kind: command.kind,
        title: command.title,
        inventors: command.inventors,
        owner: { kind: 'unit' },
        classification: command.classification,
        status,
        rights,
        registeredAt: command.now,
        provenance: { kind: 'tto', userId: command.actor.userId, evidence: command.evidence },
        ruleKeys: ['R12'],
      },
    ];
  }

  if (state.status === 'unregistered' || !state.achievementId) return Errors.notRegistered();
  const achievementId = state.achievementId;
  const status = state.status;

  switch (command.type) {
    case 'AmendDisclosedParticulars': {
      // The disclosure is amended only after a dispute, before acknowledgement (R1).
      if (status !== 'disclosed' || state.origin?.kind !== 'disclosure') return Errors.wrongStatus(status, 'amended from its disclosure');
      const invalid = validateParticulars(command.title, command.inventors);
      if (invalid) return invalid;
      return [
        {
          type: 'AchievementParticularsAmended',
          achievementId,
          title: command.title,
          inventors: command.inventors,
          classification: command.classification,
          amendedAt: command.amendedAt,
          provenance: command.source,
          ruleKeys: ['R1', 'R12'],
        },
      ];
    }

    case 'RecordEvaluationStarted': {
      if (status === 'under_evaluation') return [];
      if (status !== 'disclosed') return Errors.wrongStatus(status, 'sent for evaluation');
      return [
        { type: 'AchievementEvaluationStarted', achievementId, startedAt: command.startedAt, provenance: command.source, ruleKeys: ['R2'] },
      ];
    }

    case 'RecordFilingDecision': {
      if (state.filingDecision) return state.filingDecision === command.decision ? [] : Errors.filingAlreadyDecided(state.filingDecision);
      if (status !== 'disclosed' && status !== 'under_evaluation') return Errors.wrongStatus(status, 'decided on');
      return [
        {
          type: 'AchievementFilingDecided',
          achievementId,
          decision: command.decision,
          decidedBy: command.decidedBy,
          decidedAt: command.decidedAt,
          provenance: command.source,
          ruleKeys: command.decision === 'do_not_file' ? ['R2', 'R3', 'R12'] : ['R2', 'R12'],
        },
      ];
    }

    case 'RecordOwnershipToInventors': {
      if (state.owner.kind === 'inventors' && state.owner.contractId === command.contractId) return [];
      if (state.owner.kind !== 'unit') return Errors.notOwnedByUnit(ownerLabel(state.owner));
      if (status !== 'to_be_abandoned') return Errors.noDecisionNotToFile();
      if (command.inventorUserIds.length === 0) return Errors.noInventors();
      return [
        {
          type: 'AchievementOwnerChanged',
          achievementId,
          from: state.owner,
          to: { kind: 'inventors', userIds: command.inventorUserIds, contractId: command.contractId },
          changedAt: command.executedAt,
          provenance: command.source,
          ruleKeys: ['R3', 'R12'],
        },
      ];
    }

    case 'RecordOwnershipGranted': {
      const granted = (o: AchievementOwner): boolean =>
        (o.kind === 'co_owned' && o.agreementId === command.agreementId) ||
        (o.kind === 'inventors' && o.contractId === command.agreementId);
      if (granted(state.owner) || state.useRights.some((u) => u.agreementId === command.agreementId)) return [];
      if (state.owner.kind !== 'unit') return Errors.notOwnedByUnit(ownerLabel(state.owner));
      if (!TRANSFORMABLE.includes(status)) return Errors.notTransformable(status);
      const grant = command.grant;
      const userIds = grant.kind === 'co_owned' ? grant.coOwners.map((c) => c.userId) : grant.userIds;
      const strangers = userIds.filter((u) => !isInventorOf(state, u));
      if (userIds.length === 0 || strangers.length > 0) return Errors.granteesNotInventors(strangers);
      let to: AchievementOwner = state.owner;
      if (grant.kind === 'co_owned') {
        const shares = [grant.unitShareBasisPoints, ...grant.coOwners.map((c) => c.shareBasisPoints)];
        const valid = shares.every((b) => Number.isInteger(b) && b >= 1 && b <= 9_999) && shares.reduce((a, b) => a + b, 0) === 10_000;
        if (!valid || !validRevenueSplit(grant.revenueSplit, grant.coOwners)) return Errors.grantSharesInvalid();
        to = {
          kind: 'co_owned',
          unitShareBasisPoints: grant.unitShareBasisPoints,
          coOwners: grant.coOwners,
          agreementId: command.agreementId,
        };
      } else if (grant.kind === 'inventors') {
        to = { kind: 'inventors', userIds: grant.userIds, contractId: command.agreementId };
      }
      return [
        {
          type: 'AchievementOwnershipGranted',
          achievementId,
          agreementId: command.agreementId,
          grant,
          from: state.owner,
          to,
          grantedAt: command.grantedAt,
          provenance: command.source,
          ruleKeys: ['R11', 'R12'],
        },
      ];
    }

    case 'RecordEquityInvestment': {
      const investments = state.equityInvestments ?? [];
      if (investments.some((i) => i.investmentId === command.investmentId)) return [];
      // R5: an investment rests on a case opened on this achievement, one investment per case.
      if (!state.links.caseIds.includes(command.caseId)) return Errors.caseNotOpen(command.caseId);
      const other = investments.find((i) => i.caseId === command.caseId);
      if (other) return Errors.caseAlreadyInvested(other.investmentId);
      return [
        {
          type: 'EquityInvestmentRecorded',
          achievementId,
          investmentId: command.investmentId,
          caseId: command.caseId,
          company: command.company,
          recordedAt: command.recordedAt,
          provenance: command.source,
          ruleKeys: ['R5', 'R12'],
        },
      ];
    }

    case 'RecordEquityHolding': {
      if (!(state.equityInvestments ?? []).some((i) => i.investmentId === command.investmentId))
        return Errors.investmentNotOnRecord(command.investmentId);
      return [
        {
          type: 'EquityHoldingChanged',
          achievementId,
          investmentId: command.investmentId,
          change: command.change,
          holding: command.holding,
          valueFen: command.valueFen,
          on: command.on,
          provenance: command.source,
          ruleKeys: ['R5', 'R12'],
        },
      ];
    }

    case 'RecordLicence': {
      if ((state.licences ?? []).some((l) => l.licenceId === command.licenceId)) return [];
      // R5: a licence rests on a case opened on this achievement (its id is the case's).
      if (!state.links.caseIds.includes(command.caseId)) return Errors.caseNotOpen(command.caseId);
      const { type: _type, source, ...licence } = command;
      return [
        {
          type: 'LicenceRegistered',
          achievementId,
          ...licence,
          provenance: source,
          ruleKeys: command.useFirstPayLater ? ['R5', 'R12', 'R15'] : ['R5', 'R12'],
        },
      ];
    }

    case 'RecordLicenceStatus': {
      const licence = (state.licences ?? []).find((l) => l.licenceId === command.licenceId);
      if (!licence) return Errors.licenceNotOnRecord(command.licenceId);
      if (licence.status === 'terminated') return [];
      const r15 = command.change === 'converted_to_paid' || command.ground === 'use_first_pay_later_not_converted';
      return [
        {
          type: 'LicenceStatusChanged',
          achievementId,
          licenceId: command.licenceId,
          change: command.change,
          on: command.on,
          itemKey: command.change === 'default_uncured' ? command.itemKey : null,
          ground: command.change === 'terminated' ? command.ground : null,
          provenance: command.source,
          ruleKeys: r15 ? ['R5', 'R12', 'R15'] : ['R5', 'R12'],
        },
      ];
    }

    case 'RecordPatentApplication': {
      if (state.rights.applicationNumber) {
        return state.rights.applicationNumber === command.applicationNumber
          ? []
          : Errors.rightAlreadyRecorded('application number', state.rights.applicationNumber);
      }
      const provenance = provenanceOf(command.from);
      if (provenance instanceof DomainRuleViolation) return provenance;
      if (state.kind !== null && !PATENT_KINDS.includes(state.kind)) return Errors.grantNeedsPatentKind();
      // The unit files what it decided to file; the inventors file what the R3 contract gave them.
      if (status !== 'to_be_filed' && status !== 'abandoned_to_inventors') return Errors.wrongStatus(status, 'filed');
      if (!command.applicationNumber.trim()) return Errors.rightNumberRequired('applicationNumber');
      if (!isDate(command.filingDate)) return Errors.invalidDate('filingDate');
      return [
        {
          type: 'PatentApplicationRecorded',
          achievementId,
          patentKind: command.patentKind ?? (state.kind as PatentKind | null),
          applicationNumber: command.applicationNumber,
          filingDate: command.filingDate,
          recordedAt: command.now,
          provenance,
          ruleKeys: ['R12'],
        },
      ];
    }

    case 'RecordPatentGrant': {
      if (state.rights.patentNumber) {
        return state.rights.patentNumber === command.patentNumber
          ? []
          : Errors.rightAlreadyRecorded('patent number', state.rights.patentNumber);
      }
      const provenance = provenanceOf(command.from);
      if (provenance instanceof DomainRuleViolation) return provenance;
      if (!state.rights.applicationNumber) return Errors.notFiled();
      if (status === 'withdrawn') return Errors.wrongStatus(status, 'granted');
      if (!command.patentNumber.trim()) return Errors.rightNumberRequired('patentNumber');
      if (!isDate(command.grantDate)) return Errors.invalidDate('grantDate');
      return [
        {
          type: 'PatentGrantRecorded',
          achievementId,
          patentNumber: command.patentNumber,
          grantDate: command.grantDate,
          recordedAt: command.now,
          provenance,
          ruleKeys: ['R12'],
        },
      ];
    }

    case 'Reclassify': {
      const denied = requireTto(command.actor);
      if (denied) return denied;
      if (status === 'withdrawn') return Errors.wrongStatus(status, 'reclassified');
      if (sameClassification(state.classification, command.classification)) return [];
      if (!command.reason.trim()) return Errors.reasonRequired();
      const noEvidence = validateEvidence(command.evidence);
      if (noEvidence) return noEvidence;
      // An open case was checked (and may have skipped supervisory filing) under the classification it opened with.
      if (state.openCases.length > 0 && lowersClassification(state.classification, command.classification)) {
        return Errors.classificationLocked(state.openCases.map((c) => c.caseId));
      }
      return [
        {
          type: 'AchievementReclassified',
          achievementId,
          from: state.classification,
          to: command.classification,
          reason: command.reason,
          evidence: command.evidence,
          reclassifiedBy: command.actor.userId,
          reclassifiedAt: command.now,
          ruleKeys: ['R5', 'R12'],
        },
      ];
    }

    case 'RecordTransformationCaseOpened': {
      if (state.links.caseIds.includes(command.caseId)) return [];
      // R11: a case on a co-owned achievement opens too; the case itself holds the co-owners' consent round.
      const clearance = transformationClearance(state);
      if (isRuleViolation(clearance)) return clearance;
      return [
        {
          type: 'TransformationCaseOpened',
          achievementId,
          caseId: command.caseId,
          mode: command.mode,
          openedBy: command.openedBy,
          openedAt: command.openedAt,
          provenance: command.source,
          ruleKeys: ['R5'],
        },
      ];
    }

    case 'RecordTransformationCaseClosed': {
      if (!state.openCases.some((c) => c.caseId === command.caseId)) {
        return state.links.caseIds.includes(command.caseId) ? [] : Errors.caseNotOpen(command.caseId);
      }
      const movesRights = command.outcome === 'transferred' || command.outcome === 'invested';
      if (movesRights && !command.transferee?.trim()) return Errors.transfereeRequired();
      const closed: AchievementEvent = {
        type: 'TransformationCaseClosed',
        achievementId,
        caseId: command.caseId,
        outcome: command.outcome,
        closedAt: command.closedAt,
        provenance: command.source,
        ruleKeys: ['R5'],
      };
      if (!movesRights) return [closed];
      return [
        closed,
        {
          type: 'AchievementOwnerChanged',
          achievementId,
          from: state.owner,
          to: { kind: 'transferee', name: command.transferee as string, caseId: command.caseId },
          changedAt: command.closedAt,
          provenance: command.source,
          ruleKeys: ['R5', 'R12'],
        },
      ];
    }

    case 'RecordAnnuityPayment': {
      const denied = requireTto(command.actor) ?? validateEvidence(command.evidence);
      if (denied) return denied;
      const annuities = state.annuities;
      const already = annuities.paid.find((p) => p.year === command.year);
      if (already)
        return already.amountFen === command.amountFen && already.paidOn === command.paidOn ? [] : Errors.annuityAlreadyPaid(command.year);
      if (annuities.lapse) return Errors.rightLapsed(annuities.lapse.effectiveFrom);
      if (state.owner.kind !== 'unit') return Errors.notOwnedByUnit(ownerLabel(state.owner));
      const next = nextAnnuity(state);
      if (!next) return Errors.noAnnuityDue();
      if (command.year !== next.year) return Errors.annuityYearNotNext(command.year, next.year);
      if (!isFen(command.amountFen) || command.amountFen === 0 || !isFen(command.lateFeeFen)) return Errors.badAmount();
      if (!isDate(command.paidOn) || command.paidOn > shanghaiDate(command.now)) return Errors.invalidDate('paidOn');
      if (command.paidOn > next.graceEndsOn) return Errors.gracePeriodOver(next.year, next.graceEndsOn);
      if (annuities.lapseProposal) return Errors.lapseProposalOpen(annuities.lapseProposal.year);
      return [
        {
          type: 'AnnuityPaid',
          achievementId,
          year: next.year,
          dueDate: next.dueDate,
          graceEndsOn: next.graceEndsOn,
          amountFen: command.amountFen,
          lateFeeFen: command.lateFeeFen,
          statutoryLateFeeFen: statutoryLateFeeFen(command.amountFen, next.dueDate, command.paidOn),
          paidOn: command.paidOn,
          evidence: command.evidence,
          recordedBy: command.actor.userId,
          recordedAt: command.now,
          ruleKeys: ['R12'],
        },
      ];
    }

    case 'ProposeLettingRightLapse': {
      const denied = requireTto(command.actor) ?? validateEvidence(command.evidence);
      if (denied) return denied;
      if (!command.reason.trim()) return Errors.reasonRequired();
      if (state.annuities.lapse) return Errors.rightLapsed(state.annuities.lapse.effectiveFrom);
      if (state.owner.kind !== 'unit') return Errors.notOwnedByUnit(ownerLabel(state.owner));
      const next = nextAnnuity(state);
      if (!next) return Errors.noAnnuityDue();
      if (state.annuities.lapseProposal) return Errors.lapseProposalOpen(state.annuities.lapseProposal.year);
      // A right under an open transfer, licence or investment case is not the unit's alone to give up (R5).
      if (state.openCases.length > 0) return Errors.casesOpen(state.openCases.map((c) => c.caseId));
      const graceEnds = endOfShanghaiDay(next.graceEndsOn);
      if (Date.parse(graceEnds) <= Date.parse(command.now)) return Errors.gracePeriodOver(next.year, next.graceEndsOn);
      // The round closes by the end of the grace period at the latest: after it, the right has ended anyway.
      const deadline = new Date(Math.min(Date.parse(command.now) + RIGHT_LAPSE_POLICY.days * DAY_MS, Date.parse(graceEnds))).toISOString();
      const round = decideSignOff(
        {
          type: 'OpenSignOffRound',
          signOffId: RIGHT_LAPSE_SIGN_OFF,
          subject: `放弃专利权 / let the right lapse: ${state.title} (${state.rights.patentNumber}), year ${next.year} due ${next.dueDate}`,
          termsHash: termsHash({
            achievementId,
            patentNumber: state.rights.patentNumber,
            year: next.year,
            dueDate: next.dueDate,
            reason: command.reason,
          }),
          mode: { kind: 'parallel' },
          parties: RIGHT_LAPSE_POLICY.parties,
          deadline,
          reminderOffsetsMs: RIGHT_LAPSE_POLICY.reminderOffsetsMs.filter(
            (offset) => Date.parse(deadline) - offset > Date.parse(command.now),
          ),
          escalationRole: RIGHT_LAPSE_POLICY.escalationRole,
          ruleKeys: ['R12', 'R4', 'R13'],
          // R4, R13: whoever prepared the proposal does not approve it, and no inventor acts for the unit on it.
          conflictedUserIds: [...new Set([command.actor.userId, ...state.inventors.map((i) => i.userId)])],
          // The read side applies this achievement's classification and inventors to the round.
          achievementId,
          now: command.now,
        },
        state.signOffs,
      );
      if (isRuleViolation(round)) return round;
      return [
        {
          type: 'RightLapseProposed',
          achievementId,
          year: next.year,
          reason: command.reason,
          evidence: command.evidence,
          proposedBy: command.actor.userId,
          proposedAt: command.now,
          ruleKeys: ['R12'],
        },
        ...round,
      ];
    }

    case 'RecordAnnuityGracePeriodStarted': {
      const next = nextAnnuity(state);
      // Paid, lapsed, or a year already past: nothing to record (the workflow's view may be a step behind).
      if (!next || next.year !== command.year || state.annuities.graceStartedYears.includes(next.year)) return [];
      if (Date.parse(command.now) < Date.parse(endOfShanghaiDay(next.dueDate))) return Errors.annuityNotYetDue(next.year, next.dueDate);
      return [
        {
          type: 'AnnuityGracePeriodStarted',
          achievementId,
          year: next.year,
          dueDate: next.dueDate,
          graceEndsOn: next.graceEndsOn,
          startedAt: command.now,
          ruleKeys: ['R12'],
        },
      ];
    }

    case 'LapseForUnpaidAnnuity': {
      const next = nextAnnuity(state);
      if (!next || next.year !== command.year) return [];
      if (Date.parse(command.now) < Date.parse(endOfShanghaiDay(next.graceEndsOn))) {
        return Errors.gracePeriodRunning(next.year, next.graceEndsOn);
      }
      return [
        {
          type: 'RightLapsed',
          achievementId,
          year: next.year,
          cause: 'annuity_unpaid',
          effectiveFrom: next.dueDate,
          lapsedAt: command.now,
          provenance: { kind: 'annuity_workflow' },
          ruleKeys: ['R12'],
        },
      ];
    }

    case 'RecordRightLapseDecided': {
      if (state.annuities.lapse) return [];
      const proposal = state.annuities.lapseProposal;
      const round = state.signOffs[RIGHT_LAPSE_SIGN_OFF];
      if (!proposal || round?.status !== 'closed' || round.outcome !== 'signed') return Errors.noLapseDecision();
      const due = annuitySchedule(state.rights).find((d) => d.year === proposal.year);
      return [
        {
          type: 'RightLapsed',
          achievementId,
          year: proposal.year,
          cause: 'abandoned',
          effectiveFrom: due?.dueDate ?? shanghaiDate(command.now),
          lapsedAt: command.now,
          provenance: command.source,
          ruleKeys: ['R12', 'R13'],
        },
      ];
    }

    case 'RecordWithdrawn': {
      if (status === 'withdrawn') return [];
      const provenance = provenanceOf(command.from);
      if (provenance instanceof DomainRuleViolation) return provenance;
      if (!command.reason.trim()) return Errors.reasonRequired();
      if (state.openCases.length > 0) return Errors.casesOpen(state.openCases.map((c) => c.caseId));
      if (!WITHDRAWABLE.includes(status)) return Errors.wrongStatus(status, 'withdrawn');
      return [
        { type: 'AchievementWithdrawn', achievementId, reason: command.reason, withdrawnAt: command.now, provenance, ruleKeys: ['R12'] },
      ];
    }
  }
}

// ---- evolve ----

const FILING_STATUS: Record<Decision, AchievementStatus> = {
  file: 'to_be_filed',
  do_not_file: 'to_be_abandoned',
  trade_secret: 'kept_as_know_how',
};
const OUTCOME_STATUS: Record<Exclude<TransformationOutcome, 'not_concluded'>, AchievementStatus> = {
  transferred: 'transferred',
  licensed: 'licensed',
  invested: 'invested',
};

function evolve(stored: AchievementState, event: AchievementEvent): AchievementState {
  // A state folded before rights maintenance existed (e.g. a ledger row's) lacks its fields.
  const previous = stored.annuities && stored.signOffs ? stored : { ...initialAchievementState, ...stored };
  if (isSignOffEvent(event)) {
    const signOffs = evolveSignOff(previous.signOffs, event);
    // A lapse proposal the sign-off did not approve is over; a signed one is recorded as RightLapsed.
    const refused = event.type === 'SignOffRoundClosed' && event.signOffId === RIGHT_LAPSE_SIGN_OFF && event.outcome !== 'signed';
    return {
      ...previous,
      signOffs,
      annuities: refused ? { ...previous.annuities, lapseProposal: null } : previous.annuities,
    };
  }
  const provenance = 'provenance' in event ? event.provenance : null;
  const state =
    provenance?.kind === 'process_event'
      ? { ...previous, recordedSourceEventIds: [...previous.recordedSourceEventIds, provenance.eventId] }
      : previous;
  switch (event.type) {
    case 'AchievementRegistered':
      return {
        ...state,
        status: event.status,
        achievementId: event.achievementId,
        origin: event.origin,
        kind: event.kind,
        title: event.title,
        inventors: event.inventors,
        owner: event.owner,
        classification: event.classification,
        rights: event.rights,
        links: { ...state.links, disclosureId: event.origin.kind === 'disclosure' ? event.origin.disclosureId : null },
        annuities: event.rights.grantDate ? { ...state.annuities, trackedFrom: shanghaiDate(event.registeredAt) } : state.annuities,
      };
    case 'AchievementParticularsAmended':
      return { ...state, title: event.title, inventors: event.inventors, classification: event.classification };
    case 'AchievementEvaluationStarted':
      return { ...state, status: 'under_evaluation' };
    case 'AchievementFilingDecided':
      return {
        ...state,
        filingDecision: event.decision,
        status: FILING_STATUS[event.decision],
        kind: event.decision === 'trade_secret' ? 'know_how' : state.kind,
      };
    case 'AchievementOwnerChanged':
      return event.to.kind === 'inventors'
        ? {
            ...state,
            owner: event.to,
            status: 'abandoned_to_inventors',
            links: { ...state.links, contractIds: [...state.links.contractIds, event.to.contractId] },
          }
        : { ...state, owner: event.to };
    case 'AchievementReclassified':
      return { ...state, classification: event.to };
    case 'PatentApplicationRecorded':
      return {
        ...state,
        kind: event.patentKind ?? state.kind,
        rights: { ...state.rights, patentKind: event.patentKind, applicationNumber: event.applicationNumber, filingDate: event.filingDate },
        // The owner says who filed; the status follows the right.
        status: 'filed',
      };
    case 'PatentGrantRecorded':
      return {
        ...state,
        rights: { ...state.rights, patentNumber: event.patentNumber, grantDate: event.grantDate },
        annuities: { ...state.annuities, trackedFrom: shanghaiDate(event.recordedAt) },
        status: state.status === 'filed' ? 'granted' : state.status,
      };
    case 'TransformationCaseOpened':
      return {
        ...state,
        openCases: [...state.openCases, { caseId: event.caseId, mode: event.mode }],
        links: { ...state.links, caseIds: [...state.links.caseIds, event.caseId] },
      };
    case 'TransformationCaseClosed':
      return {
        ...state,
        openCases: state.openCases.filter((c) => c.caseId !== event.caseId),
        status: event.outcome === 'not_concluded' ? state.status : OUTCOME_STATUS[event.outcome],
      };
    case 'AchievementWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'AnnuityPaid':
      return {
        ...state,
        annuities: {
          ...state.annuities,
          paid: [
            ...state.annuities.paid,
            { year: event.year, amountFen: event.amountFen, lateFeeFen: event.lateFeeFen, paidOn: event.paidOn },
          ],
        },
      };
    case 'AnnuityGracePeriodStarted':
      return { ...state, annuities: { ...state.annuities, graceStartedYears: [...state.annuities.graceStartedYears, event.year] } };
    case 'RightLapseProposed':
      return {
        ...state,
        annuities: { ...state.annuities, lapseProposal: { year: event.year, reason: event.reason, proposedBy: event.proposedBy } },
      };
    case 'RightLapsed':
      return {
        ...state,
        status: 'lapsed',
        annuities: {
          ...state.annuities,
          lapseProposal: null,
          lapse: { year: event.year, cause: event.cause, effectiveFrom: event.effectiveFrom },
        },
      };
    case 'AchievementOwnershipGranted':
      return event.grant.kind === 'use_right'
        ? {
            ...state,
            useRights: [
              ...(state.useRights ?? []),
              {
                agreementId: event.agreementId,
                userIds: event.grant.userIds,
                years: event.grant.years,
                startsOn: event.grant.startsOn,
                endsOn: event.grant.endsOn,
              },
            ],
          }
        : {
            ...state,
            owner: event.to,
            incomeSplit:
              event.grant.kind === 'co_owned'
                ? {
                    agreementId: event.agreementId,
                    unitOwnershipShareBasisPoints: event.grant.unitShareBasisPoints,
                    revenueSplit: event.grant.revenueSplit ?? null,
                  }
                : (state.incomeSplit ?? null),
          };
    case 'EquityInvestmentRecorded':
      return {
        ...state,
        equityInvestments: [
          ...(state.equityInvestments ?? []),
          {
            investmentId: event.investmentId,
            caseId: event.caseId,
            company: event.company,
            valueFen: null,
            registeredOn: null,
            holding: null,
          },
        ],
      };
    case 'EquityHoldingChanged':
      return {
        ...state,
        equityInvestments: (state.equityInvestments ?? []).map((i) =>
          i.investmentId !== event.investmentId
            ? i
            : event.change === 'received'
              ? { ...i, holding: event.holding, valueFen: event.valueFen, registeredOn: event.on }
              : { ...i, holding: event.holding },
        ),
      };
    case 'LicenceRegistered':
      return {
        ...state,
        licences: [
          ...(state.licences ?? []),
          {
            licenceId: event.licenceId,
            caseId: event.caseId,
            licensee: event.licensee,
            exclusivity: event.exclusivity,
            territory: event.territory,
            fieldOfUse: event.fieldOfUse,
            term: event.term,
            useFirstPayLater: event.useFirstPayLater,
            effectiveOn: event.effectiveOn,
            status: 'in_effect',
            convertedToPaidOn: null,
            uncuredDefaults: [],
            terminatedOn: null,
          },
        ],
      };
    case 'LicenceStatusChanged':
      return {
        ...state,
        licences: (state.licences ?? []).map((l) => {
          if (l.licenceId !== event.licenceId) return l;
          switch (event.change) {
            case 'converted_to_paid':
              return { ...l, convertedToPaidOn: event.on };
            case 'default_uncured':
              return { ...l, uncuredDefaults: [...l.uncuredDefaults, { itemKey: event.itemKey ?? '', on: event.on }] };
            case 'terminated':
              return { ...l, status: 'terminated', terminatedOn: event.on };
          }
        }),
      };
    case 'RegisterIrregularityNoted':
      return {
        ...state,
        achievementId: state.achievementId ?? event.achievementId,
        irregularities: [...state.irregularities, { code: event.code, sourceEventId: event.provenance.eventId }],
      };
  }
}

export const achievementDecider: Decider<AchievementCommand, AchievementEvent, AchievementState> = {
  initialState: initialAchievementState,
  decide,
  evolve,
};
