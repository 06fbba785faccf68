import { Role, ROLES } from './actor';

/**
 * Who may call one route: 'public', or the roles the access guard admits. Role-only rules live in
 * these declarations (one per process library) and nowhere else; rules that depend on the data —
 * party, inventor, drafter, evaluator, clearance, conflict — live in the deciders (writes) or in the
 * read side's filter (reads).
 */
export type Access = 'public' | readonly Role[];

/** Every role but the auditor: auditors are read-only (R13's confirmation is the one exception). */
export const WRITERS: readonly Role[] = ROLES.filter((r) => r !== 'auditor');
/** The unit's offices (the auditor reads with them) and the operators. */
export const OFFICES: readonly Role[] = ['tto_officer', 'unit_leader', 'legal', 'finance', 'auditor', 'admin'];
/** The four departments that confirm a due-diligence exemption (R13), audit among them. */
export const OVERSIGHT: readonly Role[] = ['auditor', 'discipline_inspection', 'inspection_tour', 'supervisory_department'];
export const OFFICES_AND_OVERSIGHT: readonly Role[] = [...new Set([...OFFICES, ...OVERSIGHT])];
