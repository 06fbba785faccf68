import type { Confidentiality } from '@chengguo/disclosure/domain';
import type { AchievementClassification } from './achievement.events';

/**
 * Who may read a record about an achievement (issue 16 item 3: confidentiality follows the
 * achievement). The one policy every read endpoint applies — disclosures, sign-off rounds, contracts,
 * transfer cases, exemption claims, the notice board, the ledger and the audit timeline — so a
 * record never shows more than its achievement's classification allows, whichever process holds it.
 *
 * A viewer reads a record when they are
 * - an inventor of its achievement (their own work: no clearance needed, R1 — they disclosed it);
 * - or one of its parties (named on it: drafter, evaluator, signer, delegate, claimant, decision
 *   maker), a holder of a role the record answers to (its offices: the TTO, the unit leader, legal,
 *   finance, the operators), an auditor, or an oversight body where the record gives them a say
 *   (R13's confirming departments; the supervisory department for R5 filings) —
 *   and only with the clearance the achievement's classification demands.
 * Everyone else is refused, and the endpoints answer a refusal as "not found", so a record's
 * existence never leaks. Pure: the facts come from the register's ledger and the record's own row.
 */

export const CLEARANCE_LEVELS = ['public', 'internal', 'commercial_secret', 'state_secret'] as const satisfies readonly Confidentiality[];
export type ClearanceLevel = (typeof CLEARANCE_LEVELS)[number];

const rank = (level: string): number => CLEARANCE_LEVELS.indexOf(level as ClearanceLevel);

/** Whoever reads: the verified caller (its role and the clearance claim of its token). */
export interface Viewer {
  userId: string;
  role: string;
  clearance: string;
}

/** A job-related achievement nobody has classified yet is kept inside the unit (the register's default). */
export const UNCLASSIFIED: AchievementClassification = { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false };

/**
 * The clearance a classification demands. The confidentiality level itself; and the two R5 flags
 * raise it: national security is handled as a state secret (保密, it may not circulate beyond the
 * cleared), key core technology as a commercial secret at least (its value is in not being known).
 */
export function clearanceRequired(classification: AchievementClassification): ClearanceLevel {
  let needed = rank(classification.confidentiality) < 0 ? rank('state_secret') : rank(classification.confidentiality);
  if (classification.keyCoreTechnology) needed = Math.max(needed, rank('commercial_secret'));
  if (classification.nationalSecurity) needed = Math.max(needed, rank('state_secret'));
  return CLEARANCE_LEVELS[needed];
}

/** Does a viewer's clearance cover `needed`? An unknown claim covers nothing beyond public. */
export function clearanceCovers(clearance: string, needed: ClearanceLevel): boolean {
  return Math.max(rank(clearance), 0) >= rank(needed);
}

/** The highest level the unit's notice board may show (R7 publishes inside the unit, 单位内公示). */
export const NOTICE_BOARD_CEILING: ClearanceLevel = 'internal';

/** R7: may an achievement of this classification appear on the unit's notice board at all? */
export function mayBePostedInUnit(classification: AchievementClassification): boolean {
  return rank(clearanceRequired(classification)) <= rank(NOTICE_BOARD_CEILING);
}

/** The kinds of record the read endpoints serve, each with the roles it answers to. */
export type RecordKind = 'disclosure' | 'sign_off' | 'contract' | 'transfer_case' | 'exemption_claim' | 'achievement' | 'audit_timeline';

const UNIT_OFFICES = ['tto_officer', 'unit_leader', 'legal', 'finance', 'admin'] as const;
/** R13: the departments that confirm an exemption, and so may examine the decisions it concerns. */
const OVERSIGHT = ['discipline_inspection', 'inspection_tour', 'supervisory_department'] as const;

/**
 * The roles a kind of record answers to, besides its parties and the auditor (who reads every
 * record, R13 and XZ-G3). Oversight bodies read what an exemption claim may concern: the decision
 * on a disclosure (R4), its contract, transfer cases and their approval rounds (R13), the ledger.
 * The operators (admin) do not read transfer cases (the objectors' identities are in them), nor
 * exemption claims; the audit timeline is the auditors' alone.
 */
export const RECORD_OFFICES: Record<RecordKind, readonly string[]> = {
  disclosure: [...UNIT_OFFICES, ...OVERSIGHT],
  sign_off: [...UNIT_OFFICES, ...OVERSIGHT],
  contract: [...UNIT_OFFICES, ...OVERSIGHT],
  transfer_case: ['tto_officer', 'unit_leader', 'legal', 'finance', ...OVERSIGHT],
  exemption_claim: ['tto_officer', 'unit_leader', ...OVERSIGHT],
  achievement: [...UNIT_OFFICES, ...OVERSIGHT],
  audit_timeline: [],
};

/** What the policy needs to know about one record. */
export interface ReadRecord {
  kind: RecordKind;
  /** The achievement's classification as the register holds it; null when the record names none (then UNCLASSIFIED). */
  classification: AchievementClassification | null;
  /** The achievement's inventors (R4: they read their own achievement's records). */
  inventorIds: readonly string[];
  /** People the record names: drafter, evaluator, named signers and their delegates, claimant, decision makers. */
  partyUserIds?: readonly string[];
  /** Roles the record names as a whole (a sign-off party any holder of the role may sign, its escalation role). */
  partyRoles?: readonly string[];
}

export type ReadDecision =
  | { allowed: true; as: 'inventor' | 'party' | 'office' | 'auditor' }
  | { allowed: false; reason: 'not_a_reader' | 'clearance_too_low'; clearanceRequired: ClearanceLevel };

/** The one read rule (see the file's header). */
export function readAccess(viewer: Viewer, record: ReadRecord): ReadDecision {
  const needed = clearanceRequired(record.classification ?? UNCLASSIFIED);
  if (record.inventorIds.includes(viewer.userId)) return { allowed: true, as: 'inventor' };
  const as: 'party' | 'office' | 'auditor' | null =
    (record.partyUserIds ?? []).includes(viewer.userId) || (record.partyRoles ?? []).includes(viewer.role)
      ? 'party'
      : viewer.role === 'auditor'
        ? 'auditor'
        : RECORD_OFFICES[record.kind].includes(viewer.role)
          ? 'office'
          : null;
  if (as === null) return { allowed: false, reason: 'not_a_reader', clearanceRequired: needed };
  if (!clearanceCovers(viewer.clearance, needed)) return { allowed: false, reason: 'clearance_too_low', clearanceRequired: needed };
  return { allowed: true, as };
}

export const mayRead = (viewer: Viewer, record: ReadRecord): boolean => readAccess(viewer, record).allowed;
