import { SIGN_OFF_SCHEMA_VERSIONS, SignOffEvent } from '@chengguo/sign-off/domain';

/**
 * Every event of a disclosure stream (`disclosure-<id>`), one union: the disclosure's own events
 * and the sign-off events of its co-inventor confirmation (signOffId `co-inventor-confirmation`).
 */

export interface Inventor {
  userId: string;
  name: string;
  /** Contribution share in basis points (1/100 of a percent); shares total exactly 10000. */
  shareBasisPoints: number;
}

/** A file the disclosure lists: its size and type are the attachment record's, never the caller's. */
export interface Attachment {
  name: string;
  sha256: string;
  sizeBytes: number;
  /** Sniffed from the bytes when stored; `application/octet-stream` for files listed before uploads were recorded. */
  contentType: string;
}

/** An attachment as a command names it: the record fills in (and checks) size and type. */
export interface AttachmentReference {
  name: string;
  sha256: string;
  sizeBytes?: number;
  contentType?: string;
}

/** An attachment the acting user stored, as their attachment stream records it (a fact for the decider). */
export interface AttachmentOnRecord {
  sha256: string;
  sizeBytes: number;
  contentType: string;
}

export type Confidentiality = 'public' | 'internal' | 'commercial_secret' | 'state_secret';
export type FundingKind = 'fiscal' | 'enterprise' | 'self_funded' | 'other';

export interface DisclosureContent {
  title: string;
  abstract: string;
  technicalField: string;
  funding: { kind: FundingKind; projectNumber?: string };
  /** Calendar date (YYYY-MM-DD) the invention was conceived. */
  conceptionDate: string;
  confidentiality: Confidentiality;
  involvesNationalSecurity: boolean;
  isKeyCoreTechnology: boolean;
  inventors: Inventor[];
  attachments: Attachment[];
}

export type Recommendation = 'file' | 'do_not_file' | 'trade_secret' | 'defer';
export type Decision = 'file' | 'do_not_file' | 'trade_secret';
export type Assessment = 'yes' | 'no' | 'uncertain';
export type DisclosureDeadline = 'acknowledgement' | 'evaluation';

export interface DisclosureDrafted {
  type: 'DisclosureDrafted';
  disclosureId: string;
  draftedBy: string;
  content: DisclosureContent;
  draftedAt: string;
}

export interface DisclosureDraftUpdated {
  type: 'DisclosureDraftUpdated';
  disclosureId: string;
  content: DisclosureContent;
  updatedAt: string;
}

export interface DisclosureSubmitted {
  type: 'DisclosureSubmitted';
  disclosureId: string;
  content: DisclosureContent;
  submittedBy: string;
  submittedAt: string;
  /** R5: state secret, national security or key core technology need supervisory filing on transfer. */
  supervisoryFilingRequired: boolean;
  policyVersion: number;
  ruleKeys: string[];
}

/** After a dispute: the submitter's corrected content; a new confirmation round follows. */
export interface DisclosureAmended {
  type: 'DisclosureAmended';
  disclosureId: string;
  content: DisclosureContent;
  amendedBy: string;
  amendedAt: string;
  supervisoryFilingRequired: boolean;
  policyVersion: number;
}

export interface DisclosureWithdrawn {
  type: 'DisclosureWithdrawn';
  disclosureId: string;
  withdrawnBy: string;
  reason: string;
  withdrawnAt: string;
}

export interface DisclosureAcknowledged {
  type: 'DisclosureAcknowledged';
  disclosureId: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
}

export interface ClarificationRequested {
  type: 'ClarificationRequested';
  disclosureId: string;
  question: string;
  requestedBy: string;
  requestedAt: string;
}

export interface ClarificationProvided {
  type: 'ClarificationProvided';
  disclosureId: string;
  answer: string;
  answeredBy: string;
  answeredAt: string;
}

export interface EvaluatorAssigned {
  type: 'EvaluatorAssigned';
  disclosureId: string;
  evaluator: { kind: 'tto_staff' | 'external_agency'; userId: string; agencyName?: string };
  assignedBy: string;
  assignedAt: string;
  dueAt: string;
  policyVersion: number;
  ruleKey: 'R2';
}

export interface EvaluationRecorded {
  type: 'EvaluationRecorded';
  disclosureId: string;
  /** Equal to this event's id, so decisions and contracts can cite it (R4 due-process record). */
  evaluationId: string;
  patentability: { novelty: Assessment; inventiveness: Assessment; practicalApplicability: Assessment; notes: string };
  technologyReadinessLevel: number;
  marketAssessment: string;
  recommendation: Recommendation;
  evaluatorId: string;
  evaluatedAt: string;
  ruleKey: 'R2';
}

export interface DisclosureDecided {
  type: 'DisclosureDecided';
  disclosureId: string;
  decision: Decision;
  reasons: string;
  /** The evaluation the decision rests on (its event id). */
  evaluationId: string;
  decidedBy: string;
  decidedAt: string;
  /** do_not_file: R3 (contract with the inventors follows) and R4 (diligent abandonment). */
  ruleKeys: string[];
}

/** A deadline passed: the escalation role is told (R1 promptness, R2 evaluation before filing). */
export interface DisclosureDeadlineMissed {
  type: 'DisclosureDeadlineMissed';
  disclosureId: string;
  deadline: DisclosureDeadline;
  dueAt: string;
  escalatedToRole: 'unit_leader';
  policyVersion: number;
  ruleKey: 'R1' | 'R2';
}

export type DisclosureOwnEvent =
  | DisclosureDrafted
  | DisclosureDraftUpdated
  | DisclosureSubmitted
  | DisclosureAmended
  | DisclosureWithdrawn
  | DisclosureAcknowledged
  | ClarificationRequested
  | ClarificationProvided
  | EvaluatorAssigned
  | EvaluationRecorded
  | DisclosureDecided
  | DisclosureDeadlineMissed;

export type DisclosureEvent = DisclosureOwnEvent | SignOffEvent;

/** Disclosure content as a command states it: attachments by reference, resolved against the record. */
export type DisclosureContentInput = Omit<DisclosureContent, 'attachments'> & { attachments: AttachmentReference[] };

export const DISCLOSURE_SCHEMA_VERSIONS: Record<DisclosureEvent['type'], number> = {
  ...SIGN_OFF_SCHEMA_VERSIONS,
  DisclosureDrafted: 2,
  DisclosureDraftUpdated: 2,
  DisclosureSubmitted: 2,
  DisclosureAmended: 2,
  DisclosureWithdrawn: 1,
  DisclosureAcknowledged: 1,
  ClarificationRequested: 1,
  ClarificationProvided: 1,
  EvaluatorAssigned: 1,
  EvaluationRecorded: 1,
  DisclosureDecided: 1,
  DisclosureDeadlineMissed: 1,
};

export const DISCLOSURE_OWN_EVENT_TYPES = Object.keys(DISCLOSURE_SCHEMA_VERSIONS).filter((t) => !t.startsWith('SignOff'));

export const CO_INVENTOR_CONFIRMATION = 'co-inventor-confirmation';
export const DISCLOSURE_STREAM_PREFIX = 'disclosure-';
export const disclosureStreamId = (disclosureId: string): string => `${DISCLOSURE_STREAM_PREFIX}${disclosureId}`;
