import { DomainRuleViolation } from '@chengguo/kernel';
import { evolveSignOff, SignOffState } from '@chengguo/sign-off/domain';
import { SignOffEvent, SignOffRoundClosed } from '@chengguo/sign-off/domain';
import { termsHash } from '@chengguo/kernel';
import { DisclosurePolicy } from './disclosure-policy';
import { DisclosureErrors } from './disclosure.errors';
import {
  Assessment,
  Attachment,
  AttachmentOnRecord,
  AttachmentReference,
  CO_INVENTOR_CONFIRMATION,
  Decision,
  DisclosureContent,
  DisclosureContentInput,
  DisclosureDeadline,
  DisclosureEvent,
  Recommendation,
} from './disclosure.events';

/**
 * Disclosure of a job-related achievement (R1) and its pre-filing evaluation (R2). Invariants:
 * - the drafting inventor submits; shares total exactly 100%; fiscal funding names its project;
 * - every co-inventor confirms (sign-off); a dispute or expiry returns it to the submitter, whose
 *   amendment restarts confirmation; nothing else changes after submission;
 * - the TTO acknowledges, may ask for clarification, and assigns an evaluator (staff or agency);
 * - only the assigned evaluator records the evaluation; a unit leader decides once, citing it;
 *   "do not file" is the event the abandonment contract process starts from (R3, R4);
 * - withdrawal is possible until the decision;
 * - R4, R13 conflicts of interest, decided from the inventors this stream recorded: no inventor is
 *   assigned as evaluator, records the evaluation or decides on filing;
 * - every attachment a draft, submission or amendment lists is one its author uploaded, as their
 *   attachment streams record it (loaded by the command path); its size and type are the record's.
 */

type Actor = { userId: string; role: string };
const DAY = 24 * 60 * 60 * 1000;

export type DisclosureStatus =
  | 'none'
  | 'draft'
  | 'awaiting_confirmation'
  | 'returned_for_amendment'
  | 'confirmed'
  | 'acknowledged'
  | 'clarification_requested'
  | 'under_evaluation'
  | 'evaluated'
  | 'decided'
  | 'withdrawn';

export interface DisclosureState {
  status: DisclosureStatus;
  disclosureId: string | null;
  draftedBy: string | null;
  content: DisclosureContent | null;
  /** How many times the content was submitted or amended (terms version of the confirmation). */
  version: number;
  evaluatorId: string | null;
  evaluationId: string | null;
  recommendation: Recommendation | null;
  decision: Decision | null;
  missedDeadlines: DisclosureDeadline[];
  signOffs: SignOffState;
}

export const initialDisclosureState: DisclosureState = {
  status: 'none',
  disclosureId: null,
  draftedBy: null,
  content: null,
  version: 0,
  evaluatorId: null,
  evaluationId: null,
  recommendation: null,
  decision: null,
  missedDeadlines: [],
  signOffs: {},
};

export type DisclosureCommand =
  | ({ type: 'DraftDisclosure'; disclosureId: string; content: DisclosureContentInput; actor: Actor; now: string } & AttachmentFacts)
  | ({ type: 'UpdateDraft'; content: DisclosureContentInput; actor: Actor; now: string } & AttachmentFacts)
  | ({ type: 'SubmitDisclosure'; actor: Actor; now: string; policy: DisclosurePolicy } & AttachmentFacts)
  | ({ type: 'AmendDisclosure'; content: DisclosureContentInput; actor: Actor; now: string; policy: DisclosurePolicy } & AttachmentFacts)
  | { type: 'WithdrawDisclosure'; reason: string; actor: Actor; now: string }
  | { type: 'AcknowledgeDisclosure'; actor: Actor; now: string }
  | { type: 'RequestClarification'; question: string; actor: Actor; now: string }
  | { type: 'ProvideClarification'; answer: string; actor: Actor; now: string }
  | {
      type: 'AssignEvaluator';
      evaluator: { kind: 'tto_staff' | 'external_agency'; userId: string; agencyName?: string };
      actor: Actor;
      now: string;
      policy: DisclosurePolicy;
    }
  | {
      type: 'RecordEvaluation';
      evaluationId: string;
      patentability: { novelty: Assessment; inventiveness: Assessment; practicalApplicability: Assessment; notes: string };
      technologyReadinessLevel: number;
      marketAssessment: string;
      recommendation: Recommendation;
      actor: Actor;
      now: string;
    }
  | { type: 'DecideOnFiling'; decision: Decision; reasons: string; evaluationId: string; actor: Actor; now: string }
  | { type: 'RecordDeadlineMissed'; deadline: DisclosureDeadline; dueAt: string; policyVersion: number; now: string };

/** The acting user's uploads among the attachments a command lists (absent: none). */
export interface AttachmentFacts {
  attachmentsOnRecord?: AttachmentOnRecord[];
}

/** The attachments as the record knows them, or the refusal of one that is not the author's upload. */
function resolveAttachments(listed: AttachmentReference[], onRecord: AttachmentOnRecord[] = []): Attachment[] | DomainRuleViolation {
  const resolved: Attachment[] = [];
  for (const reference of listed) {
    const known = onRecord.find((a) => a.sha256 === reference.sha256);
    if (!known) return DisclosureErrors.attachmentNotOnRecord(reference.sha256);
    if (
      (reference.sizeBytes !== undefined && reference.sizeBytes !== known.sizeBytes) ||
      (reference.contentType !== undefined && reference.contentType !== known.contentType)
    )
      return DisclosureErrors.attachmentDiffersFromRecord(reference.sha256);
    resolved.push({ name: reference.name, sha256: known.sha256, sizeBytes: known.sizeBytes, contentType: known.contentType });
  }
  return resolved;
}

function resolveContent(content: DisclosureContentInput, onRecord?: AttachmentOnRecord[]): DisclosureContent | DomainRuleViolation {
  const attachments = resolveAttachments(content.attachments, onRecord);
  return attachments instanceof DomainRuleViolation ? attachments : { ...content, attachments };
}

const BEFORE_DECISION: DisclosureStatus[] = [
  'draft',
  'awaiting_confirmation',
  'returned_for_amendment',
  'confirmed',
  'acknowledged',
  'clarification_requested',
  'under_evaluation',
  'evaluated',
];

function requireRole(actor: Actor, ...roles: string[]): DomainRuleViolation | null {
  return roles.includes(actor.role) ? null : DisclosureErrors.roleNotAllowed(roles);
}

/** The rules a complete disclosure meets before anyone else sees it (R1). */
function validateContent(content: DisclosureContentInput, submitter: string, now: string): DomainRuleViolation | null {
  if (content.inventors.length === 0) return DisclosureErrors.noInventors();
  const seen = new Set<string>();
  for (const inventor of content.inventors) {
    if (seen.has(inventor.userId)) return DisclosureErrors.duplicateInventor(inventor.userId);
    seen.add(inventor.userId);
  }
  const total = content.inventors.reduce((sum, i) => sum + i.shareBasisPoints, 0);
  if (total !== 10_000) return DisclosureErrors.sharesNotWhole(total);
  if (!seen.has(submitter)) return DisclosureErrors.notAnInventor(submitter);
  if (content.funding.kind === 'fiscal' && !content.funding.projectNumber?.trim()) return DisclosureErrors.projectNumberMissing();
  // Dates compare in China Standard Time, the unit's calendar.
  const todayInShanghai = new Date(Date.parse(now) + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
  if (content.conceptionDate > todayInShanghai) return DisclosureErrors.conceptionInFuture();
  const names = new Set<string>();
  for (const attachment of content.attachments) {
    if (names.has(attachment.name)) return DisclosureErrors.duplicateAttachment(attachment.name);
    names.add(attachment.name);
  }
  return null;
}

/** R4, R13: the inventors on record are conflicted on every unit-side step of their disclosure. */
const isInventor = (content: DisclosureContent, userId: string): boolean => content.inventors.some((i) => i.userId === userId);

const needsSupervisoryFiling = (c: DisclosureContent): boolean =>
  c.confidentiality === 'state_secret' || c.involvesNationalSecurity || c.isKeyCoreTechnology;

/** The confirmation round every co-inventor signs: the shares as submitted, bound by hash. */
function confirmationRound(
  disclosureId: string,
  content: DisclosureContent,
  version: number,
  submittedBy: string,
  policy: DisclosurePolicy,
  now: string,
): SignOffEvent[] {
  const coInventors = content.inventors.filter((i) => i.userId !== submittedBy);
  if (coInventors.length === 0) return [];
  return [
    {
      type: 'SignOffRoundOpened',
      signOffId: CO_INVENTOR_CONFIRMATION,
      round: 0, // numbered by the caller from the sign-off state
      subject: `确认完成人及贡献份额 / Confirm inventors and shares: ${content.title}`,
      termsHash: termsHash({ disclosureId, version, title: content.title, inventors: content.inventors }),
      mode: { kind: 'parallel' },
      parties: coInventors.map((i) => ({ partyId: `inventor:${i.userId}`, role: 'inventor', userId: i.userId })),
      deadline: new Date(Date.parse(now) + policy.confirmationDays * DAY).toISOString(),
      reminderOffsetsMs: policy.confirmationReminderDays.map((d) => d * DAY),
      escalationRole: 'tto_officer',
      openedAt: now,
      ruleKeys: ['R1'],
      // One disclosure ↔ one achievement (same id): the round is read under the achievement's classification.
      achievementId: disclosureId,
    },
  ];
}

function decide(command: DisclosureCommand, state: DisclosureState): DisclosureEvent[] | DomainRuleViolation {
  if (command.type === 'DraftDisclosure') {
    if (state.status !== 'none') return DisclosureErrors.alreadyExists();
    const denied = requireRole(command.actor, 'inventor');
    if (denied) return denied;
    const content = resolveContent(command.content, command.attachmentsOnRecord);
    if (content instanceof DomainRuleViolation) return content;
    return [
      { type: 'DisclosureDrafted', disclosureId: command.disclosureId, draftedBy: command.actor.userId, content, draftedAt: command.now },
    ];
  }
  if (state.status === 'none' || !state.disclosureId || !state.content) return DisclosureErrors.notFound('');
  const disclosureId = state.disclosureId;
  const isDrafter = 'actor' in command && command.actor.userId === state.draftedBy;

  switch (command.type) {
    case 'UpdateDraft': {
      if (!isDrafter) return DisclosureErrors.notYours();
      if (state.status !== 'draft')
        return DisclosureErrors.wrongStatus(state.status, 'edited; only an amendment after a dispute changes it');
      const content = resolveContent(command.content, command.attachmentsOnRecord);
      if (content instanceof DomainRuleViolation) return content;
      return [{ type: 'DisclosureDraftUpdated', disclosureId, content, updatedAt: command.now }];
    }

    case 'SubmitDisclosure': {
      if (!isDrafter) return DisclosureErrors.notYours();
      if (state.status !== 'draft') return DisclosureErrors.wrongStatus(state.status, 'submitted');
      const invalid = validateContent(state.content, command.actor.userId, command.now);
      if (invalid) return invalid;
      // Checked again on submission: a draft written before uploads were recorded listed files unchecked.
      const content = resolveContent(state.content, command.attachmentsOnRecord);
      if (content instanceof DomainRuleViolation) return content;
      return [
        {
          type: 'DisclosureSubmitted',
          disclosureId,
          content,
          submittedBy: command.actor.userId,
          submittedAt: command.now,
          supervisoryFilingRequired: needsSupervisoryFiling(content),
          policyVersion: command.policy.version,
          ruleKeys: ['R1'],
        },
        ...numbered(confirmationRound(disclosureId, content, 1, command.actor.userId, command.policy, command.now), state),
      ];
    }

    case 'AmendDisclosure': {
      if (!isDrafter) return DisclosureErrors.notYours();
      if (state.status !== 'returned_for_amendment') return DisclosureErrors.wrongStatus(state.status, 'amended');
      const invalid = validateContent(command.content, command.actor.userId, command.now);
      if (invalid) return invalid;
      const content = resolveContent(command.content, command.attachmentsOnRecord);
      if (content instanceof DomainRuleViolation) return content;
      return [
        {
          type: 'DisclosureAmended',
          disclosureId,
          content,
          amendedBy: command.actor.userId,
          amendedAt: command.now,
          supervisoryFilingRequired: needsSupervisoryFiling(content),
          policyVersion: command.policy.version,
        },
        ...numbered(confirmationRound(disclosureId, content, state.version + 1, command.actor.userId, command.policy, command.now), state),
      ];
    }

    case 'WithdrawDisclosure': {
      if (!isDrafter) return DisclosureErrors.notYours();
      if (!BEFORE_DECISION.includes(state.status)) {
        return state.status === 'decided' ? DisclosureErrors.alreadyDecided() : DisclosureErrors.wrongStatus(state.status, 'withdrawn');
      }
      if (!command.reason.trim()) return DisclosureErrors.reasonRequired();
      const confirmation = state.signOffs[CO_INVENTOR_CONFIRMATION];
      const voidConfirmation: SignOffRoundClosed[] =
        confirmation && confirmation.status !== 'closed'
          ? [
              {
                type: 'SignOffRoundClosed',
                signOffId: CO_INVENTOR_CONFIRMATION,
                round: confirmation.round,
                outcome: 'voided',
                closedAt: command.now,
                closedBy: command.actor.userId,
              },
            ]
          : [];
      return [
        { type: 'DisclosureWithdrawn', disclosureId, withdrawnBy: command.actor.userId, reason: command.reason, withdrawnAt: command.now },
        ...voidConfirmation,
      ];
    }

    case 'AcknowledgeDisclosure': {
      const denied = requireRole(command.actor, 'tto_officer');
      if (denied) return denied;
      if (state.status !== 'confirmed')
        return DisclosureErrors.wrongStatus(state.status, 'acknowledged before every co-inventor confirmed');
      return [{ type: 'DisclosureAcknowledged', disclosureId, acknowledgedBy: command.actor.userId, acknowledgedAt: command.now }];
    }

    case 'RequestClarification': {
      const denied = requireRole(command.actor, 'tto_officer');
      if (denied) return denied;
      if (state.status !== 'acknowledged') return DisclosureErrors.wrongStatus(state.status, 'questioned now');
      if (!command.question.trim()) return DisclosureErrors.reasonRequired();
      return [
        {
          type: 'ClarificationRequested',
          disclosureId,
          question: command.question,
          requestedBy: command.actor.userId,
          requestedAt: command.now,
        },
      ];
    }

    case 'ProvideClarification': {
      if (!state.content.inventors.some((i) => i.userId === command.actor.userId))
        return DisclosureErrors.notAnInventorOfThis(command.actor.userId);
      if (state.status !== 'clarification_requested') return DisclosureErrors.noOpenClarification();
      if (!command.answer.trim()) return DisclosureErrors.reasonRequired();
      return [
        { type: 'ClarificationProvided', disclosureId, answer: command.answer, answeredBy: command.actor.userId, answeredAt: command.now },
      ];
    }

    case 'AssignEvaluator': {
      const denied = requireRole(command.actor, 'tto_officer');
      if (denied) return denied;
      if (state.status !== 'acknowledged') return DisclosureErrors.wrongStatus(state.status, 'sent for evaluation now');
      if (command.evaluator.kind === 'external_agency' && !command.evaluator.agencyName?.trim())
        return DisclosureErrors.agencyNameMissing();
      if (isInventor(state.content, command.evaluator.userId))
        return DisclosureErrors.conflictOfInterest(command.evaluator.userId, 'evaluate it');
      return [
        {
          type: 'EvaluatorAssigned',
          disclosureId,
          evaluator: command.evaluator,
          assignedBy: command.actor.userId,
          assignedAt: command.now,
          dueAt: new Date(Date.parse(command.now) + command.policy.evaluationDays * DAY).toISOString(),
          policyVersion: command.policy.version,
          ruleKey: 'R2',
        },
      ];
    }

    case 'RecordEvaluation': {
      if (state.status !== 'under_evaluation') return DisclosureErrors.wrongStatus(state.status, 'evaluated now');
      // Also covers an inventor assigned before this rule was enforced: the assignment stands, the evaluation does not.
      if (isInventor(state.content, command.actor.userId)) return DisclosureErrors.conflictOfInterest(command.actor.userId, 'evaluate it');
      if (command.actor.userId !== state.evaluatorId) return DisclosureErrors.notTheEvaluator(state.evaluatorId ?? '');
      const trl = command.technologyReadinessLevel;
      if (!Number.isInteger(trl) || trl < 1 || trl > 9) return DisclosureErrors.invalidReadinessLevel();
      return [
        {
          type: 'EvaluationRecorded',
          disclosureId,
          evaluationId: command.evaluationId,
          patentability: command.patentability,
          technologyReadinessLevel: trl,
          marketAssessment: command.marketAssessment,
          recommendation: command.recommendation,
          evaluatorId: command.actor.userId,
          evaluatedAt: command.now,
          ruleKey: 'R2',
        },
      ];
    }

    case 'DecideOnFiling': {
      const denied = requireRole(command.actor, 'unit_leader');
      if (denied) return denied;
      if (isInventor(state.content, command.actor.userId))
        return DisclosureErrors.conflictOfInterest(command.actor.userId, 'decide on its filing');
      if (state.status === 'decided') return DisclosureErrors.alreadyDecided();
      if (state.status !== 'evaluated' || !state.evaluationId) return DisclosureErrors.notEvaluated();
      if (command.evaluationId !== state.evaluationId) return DisclosureErrors.staleEvaluation(state.evaluationId);
      if (!command.reasons.trim()) return DisclosureErrors.reasonRequired();
      return [
        {
          type: 'DisclosureDecided',
          disclosureId,
          decision: command.decision,
          reasons: command.reasons,
          evaluationId: command.evaluationId,
          decidedBy: command.actor.userId,
          decidedAt: command.now,
          ruleKeys: command.decision === 'do_not_file' ? ['R2', 'R3', 'R4'] : ['R2'],
        },
      ];
    }

    case 'RecordDeadlineMissed': {
      // Recorded by a deadline workflow; a no-op once the awaited step happened or was recorded.
      const stillWaiting = command.deadline === 'acknowledgement' ? state.status === 'confirmed' : state.status === 'under_evaluation';
      if (!stillWaiting || state.missedDeadlines.includes(command.deadline) || Date.parse(command.now) < Date.parse(command.dueAt))
        return [];
      return [
        {
          type: 'DisclosureDeadlineMissed',
          disclosureId,
          deadline: command.deadline,
          dueAt: command.dueAt,
          escalatedToRole: 'unit_leader',
          policyVersion: command.policyVersion,
          ruleKey: command.deadline === 'acknowledgement' ? 'R1' : 'R2',
        },
      ];
    }
  }
}

/** Gives a confirmation round its number and voids an open predecessor (via the sign-off fold). */
function numbered(events: SignOffEvent[], state: DisclosureState): SignOffEvent[] {
  const previous = state.signOffs[CO_INVENTOR_CONFIRMATION];
  return events.map((e) => (e.type === 'SignOffRoundOpened' ? { ...e, round: (previous?.round ?? 0) + 1 } : e));
}

function evolve(state: DisclosureState, event: DisclosureEvent): DisclosureState {
  switch (event.type) {
    case 'DisclosureDrafted':
      return { ...state, status: 'draft', disclosureId: event.disclosureId, draftedBy: event.draftedBy, content: event.content };
    case 'DisclosureDraftUpdated':
      return { ...state, content: event.content };
    case 'DisclosureSubmitted':
    case 'DisclosureAmended': {
      const coInventors = event.content.inventors.length > 1;
      return { ...state, content: event.content, version: state.version + 1, status: coInventors ? 'awaiting_confirmation' : 'confirmed' };
    }
    case 'DisclosureWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'DisclosureAcknowledged':
      return { ...state, status: 'acknowledged' };
    case 'ClarificationRequested':
      return { ...state, status: 'clarification_requested' };
    case 'ClarificationProvided':
      return { ...state, status: 'acknowledged' };
    case 'EvaluatorAssigned':
      return { ...state, status: 'under_evaluation', evaluatorId: event.evaluator.userId };
    case 'EvaluationRecorded':
      return { ...state, status: 'evaluated', evaluationId: event.evaluationId, recommendation: event.recommendation };
    case 'DisclosureDecided':
      return { ...state, status: 'decided', decision: event.decision };
    case 'DisclosureDeadlineMissed':
      return { ...state, missedDeadlines: [...state.missedDeadlines, event.deadline] };
    default: {
      const signOffs = evolveSignOff(state.signOffs, event);
      if (event.type === 'SignOffRoundClosed' && event.signOffId === CO_INVENTOR_CONFIRMATION && state.status === 'awaiting_confirmation') {
        if (event.outcome === 'signed') return { ...state, signOffs, status: 'confirmed' };
        if (event.outcome !== 'voided') return { ...state, signOffs, status: 'returned_for_amendment' };
      }
      return { ...state, signOffs };
    }
  }
}

export const disclosureDecider = { initialState: initialDisclosureState, decide, evolve };
