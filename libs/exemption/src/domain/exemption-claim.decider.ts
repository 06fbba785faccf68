import type { AchievementState } from '@chengguo/achievement-register/domain';
import { DomainRuleViolation, isRuleViolation, DAY_MS } from '@chengguo/kernel';
import { decideSignOff, evolveSignOff, SignOffState } from '@chengguo/sign-off/domain';
import { isSignOffEvent, SignOffEvent, SignOffParty } from '@chengguo/sign-off/domain';
import { termsHash } from '@chengguo/kernel';
import { ExemptionErrors as Errors } from './exemption.errors';
import {
  DecisionMaker,
  EffectiveDecisionMaker,
  EXEMPTION_CONFIRMATION,
  EXEMPTION_DEPARTMENTS,
  ExemptionAssertion,
  ExemptionClaimEvent,
  ExemptionDepartment,
  ExemptionSubject,
  Finding,
  FindingKey,
  TransformationRoute,
} from './exemption.events';
import type { HistoryAssessment } from './exemption-findings';
import type { ExemptionLists } from './exemption-lists';

/**
 * Due-diligence exemption claim (R13 / XZ-18; R4 / XZ-4 for abandonment decisions). Invariants:
 * - a claim concerns one decision on record (abandonment, transfer approval, equity investment);
 *   the findings (democratic procedure, supervision, publicity, conflict of interest) are computed
 *   from the event history and arrive here as looked-up facts, never from the claimant;
 * - a claim asserts at least one positive-list item, each in the list version in force at filing,
 *   and is refused when the history shows a negative-list item (双清单; the hit's code names its rule);
 * - audit, discipline inspection, inspection tour and the supervisory department confirm in one
 *   parallel sign-off (all required, 30 days, escalated to the supervisory department);
 * - a failed finding can be granted only when every one of the four departments recorded an
 *   explicit override with reasons; otherwise, or on rejection or expiry, the claim is denied;
 * - the state-asset exclusion is granted only for a loss on an outbound equity investment (XZ-18:
 *   以科技成果对外投资…发生投资亏损), the route taken from the case's record, never from the claim;
 * - R4, R13 ("sought no illegal benefit"): nobody confirms an exemption about their own conduct or
 *   their own achievement — the claim's decision makers and the achievement's inventors (from the
 *   register) are conflicted in the confirmation round, so another holder of their department's role
 *   confirms for the department.
 * Pure: time, actor, findings and lists arrive in the command.
 */

type Actor = { userId: string; role: string };

export const CONFIRMATION_POLICY = {
  parties: [
    { partyId: 'audit', role: 'auditor' },
    { partyId: 'discipline-inspection', role: 'discipline_inspection' },
    { partyId: 'inspection-tour', role: 'inspection_tour' },
    { partyId: 'supervisory-department', role: 'supervisory_department' },
  ] satisfies SignOffParty[],
  days: 30,
  reminderOffsetsMs: [7 * DAY_MS, DAY_MS],
  escalationRole: 'supervisory_department',
};

/** Who may file: the unit leader or the TTO (decision-makers or their office). */
export const CLAIM_FILERS = ['unit_leader', 'tto_officer'] as const;

export type ExemptionClaimStatus = 'none' | 'in_confirmation' | 'confirmation_closed' | 'granted' | 'denied';

export interface ExemptionClaimState {
  status: ExemptionClaimStatus;
  claimId: string | null;
  subject: ExemptionSubject | null;
  decisionMakers: EffectiveDecisionMaker[];
  lossOrValueChangeFen: number;
  /** The decision's route from the record (null until the findings are recorded). */
  route: TransformationRoute | null;
  findings: Finding[];
  overrides: Array<{ department: ExemptionDepartment; overriddenBy: string; reasons: string }>;
  outcome: { kind: 'granted' | 'denied'; reasons: string[]; excludedFromStateAssetPreservationAssessment: boolean } | null;
  signOffs: SignOffState;
}

export const initialExemptionClaimState: ExemptionClaimState = {
  status: 'none',
  claimId: null,
  subject: null,
  decisionMakers: [],
  lossOrValueChangeFen: 0,
  route: null,
  findings: [],
  overrides: [],
  outcome: null,
  signOffs: {},
};

export type ExemptionClaimCommand =
  | {
      type: 'FileExemptionClaim';
      claimId: string;
      subject: ExemptionSubject;
      decisionMakers: DecisionMaker[];
      lossOrValueChangeFen: number;
      description: string;
      assertedPositiveItemIds: string[];
      /** Looked-up facts: the findings recomputed from the history, and the lists in force. */
      assessment: HistoryAssessment;
      /** The route of the decision, from its stream as the command path loaded it (the case's mode; abandonment). */
      route: TransformationRoute;
      lists: ExemptionLists;
      /** The register's state of the achievement the decision concerns (loaded, never supplied); absent when none is on record. */
      register?: Pick<AchievementState, 'achievementId' | 'inventors'>;
      actor: Actor;
      now: string;
    }
  | { type: 'OverrideFailedFindings'; reasons: string; actor: Actor; now: string }
  /** Run by the conclusion workflow once the confirmation round closed; `now` is the closing instant. */
  | { type: 'ConcludeExemptionClaim'; now: string };

export const failedFindings = (findings: Finding[]): FindingKey[] => findings.filter((f) => f.outcome === 'fail').map((f) => f.key);

/** The terms the departments sign: the claim and the findings exactly as recorded. */
export function confirmationTerms(claim: {
  claimId: string;
  subject: ExemptionSubject;
  decisionMakers: EffectiveDecisionMaker[];
  lossOrValueChangeFen: number;
  description: string;
  assertion: ExemptionAssertion;
  findings: Finding[];
}): Record<string, unknown> {
  return { ...claim, findings: claim.findings.map(({ key, outcome, evidenceEventIds }) => ({ key, outcome, evidenceEventIds })) };
}

/** R4, R13: who may not confirm this claim: its decision makers (claimed and on record) and the achievement's inventors. */
export function confirmationConflicts(
  decisionMakers: ReadonlyArray<{ userId: string }>,
  register: Pick<AchievementState, 'inventors'> | undefined,
): string[] {
  return [...new Set([...decisionMakers.map((d) => d.userId), ...(register?.inventors ?? []).map((i) => i.userId)])].sort();
}

/** XZ-18: only a loss on an outbound equity investment (作价投资) is kept out of state-asset preservation assessment. */
function isInvestmentLoss(state: ExemptionClaimState): boolean {
  return state.route === 'equity_investment' && state.lossOrValueChangeFen > 0;
}

/** Findings stored before the route was recorded: the subject's kind, checked against the case's mode at filing. */
function routeOfSubject(subject: ExemptionSubject): TransformationRoute | null {
  if (subject.kind === 'abandonment_decision') return 'abandonment';
  return subject.kind === 'equity_investment' ? 'equity_investment' : null;
}

function file(
  command: Extract<ExemptionClaimCommand, { type: 'FileExemptionClaim' }>,
  state: ExemptionClaimState,
): ExemptionClaimEvent[] | DomainRuleViolation {
  if (state.status !== 'none') return Errors.alreadyFiled();
  if (!(CLAIM_FILERS as readonly string[]).includes(command.actor.role)) return Errors.roleNotAllowed(CLAIM_FILERS);
  if (!Number.isSafeInteger(command.lossOrValueChangeFen) || command.lossOrValueChangeFen < 0) return Errors.badAmount();
  if (command.description.trim().length === 0) return Errors.descriptionRequired();
  if (command.decisionMakers.length === 0) return Errors.noDecisionMakers();
  if (!command.assessment.subjectFound) return Errors.subjectNotADecision(command.assessment.reason);
  if (command.assertedPositiveItemIds.length === 0) return Errors.positiveItemRequired(command.lists.version);
  const known = new Set(command.lists.positive.map((i) => i.id));
  const unknown = command.assertedPositiveItemIds.filter((id) => !known.has(id));
  if (unknown.length > 0) return Errors.unknownListItems(unknown, command.lists.version);
  // The subject's kind names a route; the record must agree (a transfer is not an equity investment).
  const claimedRoute = routeOfSubject(command.subject);
  if (claimedRoute !== null ? claimedRoute !== command.route : command.route === 'equity_investment' || command.route === 'abandonment') {
    return Errors.subjectNotADecision(`the record shows a ${command.route.replace('_', ' ')}, the claim names a ${command.subject.kind}.`);
  }
  const { findings, decisionMakers, examined, ruleKeys, negativeListHits } = command.assessment;
  if (negativeListHits.length > 0) return Errors.negativeListHit(negativeListHits, command.lists);
  const assertion: ExemptionAssertion = {
    listVersion: command.lists.version,
    positiveItemIds: [...new Set(command.assertedPositiveItemIds)],
    assertedBy: command.actor.userId,
    assertedByRole: command.actor.role,
  };
  const round = decideSignOff(
    {
      type: 'OpenSignOffRound',
      signOffId: EXEMPTION_CONFIRMATION,
      subject: `尽职免责确认 / due-diligence exemption: ${command.subject.kind} ${command.subject.eventId}`,
      termsHash: termsHash(
        confirmationTerms({
          claimId: command.claimId,
          subject: command.subject,
          decisionMakers,
          lossOrValueChangeFen: command.lossOrValueChangeFen,
          description: command.description,
          assertion,
          findings,
        }),
      ),
      mode: { kind: 'parallel' },
      parties: CONFIRMATION_POLICY.parties,
      deadline: new Date(Date.parse(command.now) + CONFIRMATION_POLICY.days * DAY_MS).toISOString(),
      reminderOffsetsMs: CONFIRMATION_POLICY.reminderOffsetsMs,
      escalationRole: CONFIRMATION_POLICY.escalationRole,
      ruleKeys,
      conflictedUserIds: confirmationConflicts([...command.decisionMakers, ...decisionMakers], command.register),
      ...(command.register?.achievementId ? { achievementId: command.register.achievementId } : {}),
      now: command.now,
    },
    state.signOffs,
  );
  if (isRuleViolation(round)) return round;
  return [
    {
      type: 'ExemptionClaimFiled',
      claimId: command.claimId,
      subject: command.subject,
      decisionMakers: command.decisionMakers,
      lossOrValueChangeFen: command.lossOrValueChangeFen,
      description: command.description,
      assertion,
      filedBy: command.actor.userId,
      filedByRole: command.actor.role,
      filedAt: command.now,
      ruleKeys,
    },
    {
      type: 'ExemptionFindingsRecorded',
      claimId: command.claimId,
      findings,
      decisionMakers,
      examined,
      route: command.route,
      computedAt: command.now,
      ruleKeys,
    },
    ...round,
  ];
}

function conclude(state: ExemptionClaimState, now: string): ExemptionClaimEvent[] | DomainRuleViolation {
  if (state.status === 'granted' || state.status === 'denied') return []; // a retried conclusion: already done
  const round = state.signOffs[EXEMPTION_CONFIRMATION];
  if (!round || round.status !== 'closed') return Errors.confirmationOpen();
  const claimId = state.claimId!;
  const ruleKeys = state.subject?.kind === 'abandonment_decision' ? ['R13', 'R4'] : ['R13'];
  const base = { claimId, confirmationRound: round.round, ruleKeys };
  if (round.outcome !== 'signed') {
    const grounds =
      round.outcome === 'rejected'
        ? 'confirmation_rejected'
        : round.outcome === 'expired'
          ? 'confirmation_expired'
          : 'confirmation_not_signed';
    return [
      {
        type: 'ExemptionDenied',
        ...base,
        grounds,
        reasons: [`The four departments' confirmation closed as ${round.outcome} (R13).`],
        deniedAt: now,
      },
    ];
  }
  const failed = state.findings.filter((f) => f.outcome === 'fail');
  const overriddenBy = new Set(state.overrides.map((o) => o.department));
  const allOverrode = EXEMPTION_DEPARTMENTS.every((d) => overriddenBy.has(d));
  if (failed.length > 0 && !allOverrode) {
    const missing = EXEMPTION_DEPARTMENTS.filter((d) => !overriddenBy.has(d));
    return [
      {
        type: 'ExemptionDenied',
        ...base,
        grounds: 'findings_failed',
        reasons: [
          ...failed.map((f) => `${f.key} failed (${f.ruleKeys.join(', ')}): ${f.detail}`),
          `Not overridden by: ${missing.join(', ')} (R13).`,
        ],
        deniedAt: now,
      },
    ];
  }
  const excluded = isInvestmentLoss(state);
  return [
    {
      type: 'ExemptionGranted',
      ...base,
      reasons: [
        'Confirmed by audit, discipline inspection, inspection tour and the supervisory department (R13).',
        ...(failed.length === 0
          ? ['Every finding passed or did not apply.']
          : failed.map(
              (f) =>
                `${f.key} failed but was overridden by all four departments: ${state.overrides.map((o) => `${o.department}: ${o.reasons}`).join(' | ')}`,
            )),
        ...(excluded ? ['An investment loss after diligent conduct: excluded from state-asset preservation assessment (R13).'] : []),
      ],
      excludedFromStateAssetPreservationAssessment: excluded,
      byOverride: failed.length > 0,
      grantedAt: now,
    },
  ];
}

function decide(command: ExemptionClaimCommand, state: ExemptionClaimState): ExemptionClaimEvent[] | DomainRuleViolation {
  if (command.type === 'FileExemptionClaim') return file(command, state);
  if (state.status === 'none') return Errors.notFound();
  switch (command.type) {
    case 'OverrideFailedFindings': {
      const department = EXEMPTION_DEPARTMENTS.find((d) => d === command.actor.role);
      if (!department) return Errors.roleNotAllowed(EXEMPTION_DEPARTMENTS);
      if (state.status !== 'in_confirmation') return Errors.confirmationClosed();
      const failed = failedFindings(state.findings);
      if (failed.length === 0) return Errors.noFailedFinding();
      if (state.overrides.some((o) => o.department === department)) return Errors.alreadyOverridden(department);
      if (command.reasons.trim().length === 0) return Errors.reasonsRequired();
      return [
        {
          type: 'ExemptionFindingOverridden',
          claimId: state.claimId!,
          department,
          overriddenBy: command.actor.userId,
          failedFindings: failed,
          reasons: command.reasons,
          overriddenAt: command.now,
          ruleKey: 'R13',
        },
      ];
    }
    case 'ConcludeExemptionClaim':
      return conclude(state, command.now);
  }
}

function evolve(state: ExemptionClaimState, event: ExemptionClaimEvent): ExemptionClaimState {
  if (isSignOffEvent(event)) {
    const signOffs = evolveSignOff(state.signOffs, event as SignOffEvent);
    const closed = event.type === 'SignOffRoundClosed' && event.signOffId === EXEMPTION_CONFIRMATION && state.status === 'in_confirmation';
    return { ...state, signOffs, status: closed ? 'confirmation_closed' : state.status };
  }
  switch (event.type) {
    case 'ExemptionClaimFiled':
      return {
        ...state,
        status: 'in_confirmation',
        claimId: event.claimId,
        subject: event.subject,
        route: routeOfSubject(event.subject),
        lossOrValueChangeFen: event.lossOrValueChangeFen,
        decisionMakers: event.decisionMakers.map((m) => ({ userId: m.userId, name: m.name ?? null, sources: ['claim'] })),
      };
    case 'ExemptionFindingsRecorded':
      return { ...state, findings: event.findings, decisionMakers: event.decisionMakers, route: event.route ?? state.route };
    case 'ExemptionFindingOverridden':
      return {
        ...state,
        overrides: [...state.overrides, { department: event.department, overriddenBy: event.overriddenBy, reasons: event.reasons }],
      };
    case 'ExemptionGranted':
      return {
        ...state,
        status: 'granted',
        outcome: {
          kind: 'granted',
          reasons: event.reasons,
          excludedFromStateAssetPreservationAssessment: event.excludedFromStateAssetPreservationAssessment,
        },
      };
    case 'ExemptionDenied':
      return {
        ...state,
        status: 'denied',
        outcome: { kind: 'denied', reasons: event.reasons, excludedFromStateAssetPreservationAssessment: false },
      };
  }
}

export const exemptionClaimDecider = { initialState: initialExemptionClaimState, decide, evolve };
