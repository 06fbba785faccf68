import type { AchievementState } from '@chengguo/achievement-register/domain';
import { DomainRuleViolation, shanghaiDate } from '@chengguo/kernel';
import { evolveSignOff, SignOffState } from '@chengguo/sign-off/domain';
import { SignOffEvent } from '@chengguo/sign-off/domain';
import { termsHash } from '@chengguo/kernel';
import { ContractErrors } from './abandonment-contract.errors';
import {
  AbandonmentContractEvent,
  CONTRACT_SIGNATURE,
  ContractTerms,
  CostKind,
  OBLIGATIONS_END_CONFIRMATION,
  ObligationsEndCause,
  ObligationsEndEvidence,
  RevenueShareCorrected,
  RevenueShareFigures,
} from './abandonment-contract.events';
import { FeeOnRecord, PeriodShare, revenueSchedule } from './revenue-share';

/**
 * Patent-abandonment contract (R3, R4). Invariants:
 * - opened once per disclosure, from its "do not file" decision, citing that decision and the
 *   evaluation by event id (R4 due-process record); a replayed decision opens nothing new;
 * - every inventor, the TTO, legal and the unit leader sign the same terms (sign-off); amending the
 *   terms voids earlier signatures; the inventors bear the fees (fixed by R3);
 * - after execution the inventors record filing, grant, fees and revenue; each revenue report owes
 *   the unit its share of revenue net of the deductible costs paid up to the period's end, with
 *   unused costs carried forward; reported periods never overlap;
 * - what a report owes depends on the fees' payment dates, not on the order of recording: a fee or
 *   report that changes an earlier report's figures appends a correction, never rewrites the report;
 * - a rejected application or lapsed patent ends the obligations only with evidence and the TTO's
 *   confirmation: an inventor's request opens a sign-off round for the TTO, and the obligations end
 *   when it closes signed; revenue and fees of periods up to the end date are still recorded and owed;
 * - R4, R13: the achievement's inventors (the register's and the contract's) are conflicted in every
 *   round of the contract: they sign their own party and nothing on the unit's side (a unit leader
 *   who is an inventor leaves the unit's signature to another leader), and they never confirm the
 *   end of their own obligations as the TTO.
 */

type Actor = { userId: string; role: string };
/** The register's facts a round needs (loaded by the command path or the opening activity, never sent by a caller). */
type RegisterFacts = Pick<AchievementState, 'inventors'>;
const DAY = 24 * 60 * 60 * 1000;

export interface ContractState {
  status: 'none' | 'negotiating' | 'executed' | 'ended';
  contractId: string | null;
  title: string;
  decisionEventId: string | null;
  terms: ContractTerms | null;
  filed: boolean;
  granted: boolean;
  filedOn: string | null;
  grantedOn: string | null;
  /** An inventor's request to end the obligations, and whether the TTO confirmed it (R3). */
  endOfObligations: {
    status: 'requested' | 'confirmed';
    cause: ObligationsEndCause;
    endsOn: string;
    /** Null only for an end recorded before evidence was required. */
    evidence: ObligationsEndEvidence | null;
    requestedBy: string;
  } | null;
  /** Every fee on record, by payment date; the schedule decides which period deducts it. */
  fees: FeeOnRecord[];
  /** Every reported period with the figures the ledger currently shows for it, in period order. */
  reports: PeriodShare[];
  /** Totals, derived from `fees` and `reports`. */
  deductibleCostsFen: number;
  deductedFen: number;
  revenueFen: number;
  unitShareFen: number;
  signOffs: SignOffState;
}

export const initialContractState: ContractState = {
  status: 'none',
  contractId: null,
  title: '',
  decisionEventId: null,
  terms: null,
  filed: false,
  granted: false,
  filedOn: null,
  grantedOn: null,
  endOfObligations: null,
  fees: [],
  reports: [],
  deductibleCostsFen: 0,
  deductedFen: 0,
  revenueFen: 0,
  unitShareFen: 0,
  signOffs: {},
};

export type ContractCommand =
  | {
      type: 'OpenAbandonmentContract';
      disclosureId: string;
      title: string;
      decisionEventId: string;
      evaluationEventId: string;
      decidedBy: string;
      inventors: Array<{ userId: string; name: string }>;
      unitName: string;
      policy: { version: number; abandonmentUnitShareBasisPoints: number; contractSigningDays: number };
      /** The register's state of the achievement (its inventors are conflicted, R4, R13). */
      register?: RegisterFacts;
      now: string;
    }
  | {
      type: 'AmendContractTerms';
      changes: Partial<Pick<ContractTerms, 'rightTransferred' | 'unitShareBasisPoints' | 'deductibleCostKinds' | 'termYears'>>;
      signingDays: number;
      register?: RegisterFacts;
      actor: Actor;
      now: string;
    }
  | { type: 'RecordPatentApplication'; applicationNumber: string; filedOn: string; actor: Actor }
  | { type: 'RecordPatentGrant'; patentNumber: string; grantedOn: string; actor: Actor }
  | {
      type: 'RequestObligationsEnd';
      cause: ObligationsEndCause;
      endsOn: string;
      evidence: ObligationsEndEvidence;
      register?: RegisterFacts;
      actor: Actor;
      now: string;
    }
  | { type: 'RecordFeePaid'; kind: CostKind; amountFen: number; paidOn: string; evidenceSha256: string; actor: Actor; now: string }
  | { type: 'ReportRevenue'; periodStart: string; periodEnd: string; revenueFen: number; actor: Actor; now: string };

export const DEFAULT_DEDUCTIBLE_COSTS: CostKind[] = ['application', 'examination', 'annual_maintenance'];

/**
 * R4, R13: who may act in the contract's rounds only for a party naming them — the inventors on the
 * register and in the terms (the same people, unless the register learnt of a change).
 */
export function contractConflicts(terms: Pick<ContractTerms, 'inventors'>, register: RegisterFacts | undefined): string[] {
  return [...new Set([...(register?.inventors ?? []).map((i) => i.userId), ...terms.inventors.map((i) => i.userId)])].sort();
}

/** The signature round over the exact terms: every inventor, the TTO, legal and the unit leader. */
function signatureRound(
  contractId: string,
  title: string,
  terms: ContractTerms,
  round: number,
  signingDays: number,
  now: string,
  register: RegisterFacts | undefined,
): SignOffEvent {
  return {
    type: 'SignOffRoundOpened',
    signOffId: CONTRACT_SIGNATURE,
    round,
    subject: `专利申请权转让合同 / Patent abandonment contract: ${title}`,
    termsHash: termsHash({ contractId, terms }),
    mode: { kind: 'parallel' },
    parties: [
      ...terms.inventors.map((i) => ({ partyId: `inventor:${i.userId}`, role: 'inventor', userId: i.userId })),
      { partyId: 'tto', role: 'tto_officer' },
      { partyId: 'legal', role: 'legal' },
      { partyId: 'unit-leader', role: 'unit_leader' },
    ],
    deadline: new Date(Date.parse(now) + signingDays * DAY).toISOString(),
    reminderOffsetsMs: [7 * DAY, DAY],
    escalationRole: 'unit_leader',
    openedAt: now,
    ruleKeys: ['R3'],
    conflictedUserIds: contractConflicts(terms, register),
    // One disclosure ↔ one achievement ↔ one contract: the contract's id is the achievement's.
    achievementId: contractId,
  };
}

const isWholeFen = (n: number) => Number.isSafeInteger(n) && n >= 0;
const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d);
const CONFIRMATION_DAYS = 30;

/** The TTO confirms the end of the obligations over the exact request (cause, end date, evidence). */
function confirmationRound(
  contractId: string,
  title: string,
  request: { cause: ObligationsEndCause; endsOn: string; evidence: ObligationsEndEvidence },
  round: number,
  now: string,
  conflictedUserIds: string[],
): SignOffEvent {
  return {
    type: 'SignOffRoundOpened',
    signOffId: OBLIGATIONS_END_CONFIRMATION,
    round,
    subject: `合同义务终止确认 / Confirm the end of the contract's obligations: ${title}`,
    termsHash: termsHash({ contractId, ...request }),
    mode: { kind: 'parallel' },
    parties: [{ partyId: 'tto', role: 'tto_officer' }],
    deadline: new Date(Date.parse(now) + CONFIRMATION_DAYS * DAY).toISOString(),
    reminderOffsetsMs: [7 * DAY, DAY],
    escalationRole: 'unit_leader',
    openedAt: now,
    ruleKeys: ['R3'],
    conflictedUserIds,
    achievementId: contractId,
  };
}

function requireInventor(state: ContractState, actor: Actor): DomainRuleViolation | null {
  return state.terms?.inventors.some((i) => i.userId === actor.userId) && actor.role === 'inventor'
    ? null
    : ContractErrors.notAnInventor(actor.userId);
}

/**
 * Records need an executed contract. After the obligations ended, what happened up to the end date
 * (`asOf`: a revenue period's end, a fee's payment date) is still recorded: it is still owed (R3).
 */
function requireExecuted(state: ContractState, asOf?: string): DomainRuleViolation | null {
  if (state.status === 'ended') {
    const endedOn = state.endOfObligations?.endsOn ?? '';
    return asOf !== undefined && asOf <= endedOn ? null : ContractErrors.obligationsEnded(endedOn);
  }
  return state.status === 'executed' ? null : ContractErrors.notExecuted();
}

const figuresOf = (r: RevenueShareFigures): RevenueShareFigures => ({
  deductedFen: r.deductedFen,
  netRevenueFen: r.netRevenueFen,
  unitShareFen: r.unitShareFen,
  costsCarriedForwardFen: r.costsCarriedForwardFen,
});
const samePeriod = (a: { periodStart: string }, b: { periodStart: string }) => a.periodStart === b.periodStart;
const sameFigures = (a: RevenueShareFigures, b: RevenueShareFigures) =>
  a.deductedFen === b.deductedFen &&
  a.netRevenueFen === b.netRevenueFen &&
  a.unitShareFen === b.unitShareFen &&
  a.costsCarriedForwardFen === b.costsCarriedForwardFen;

/** One correction for every report already on record whose figures the new schedule changes. */
function corrections(
  state: ContractState,
  schedule: PeriodShare[],
  cause: RevenueShareCorrected['cause'],
  actor: Actor,
  now: string,
): RevenueShareCorrected[] {
  return state.reports.flatMap((current): RevenueShareCorrected[] => {
    const next = schedule.find((s) => samePeriod(s, current));
    if (!next || sameFigures(current, next)) return [];
    return [
      {
        type: 'RevenueShareCorrected',
        contractId: state.contractId!,
        periodStart: current.periodStart,
        periodEnd: current.periodEnd,
        previous: figuresOf(current),
        corrected: figuresOf(next),
        unitShareChangeFen: next.unitShareFen - current.unitShareFen,
        cause,
        correctedBy: actor.userId,
        correctedAt: now,
        ruleKey: 'R3',
      },
    ];
  });
}

/** Totals follow from the fees and the current figures of every report. */
function withTotals(state: ContractState): ContractState {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    ...state,
    deductibleCostsFen: sum(state.fees.filter((f) => f.deductible).map((f) => f.amountFen)),
    deductedFen: sum(state.reports.map((r) => r.deductedFen)),
    revenueFen: sum(state.reports.map((r) => r.revenueFen)),
    unitShareFen: sum(state.reports.map((r) => r.unitShareFen)),
  };
}

function decide(command: ContractCommand, state: ContractState): AbandonmentContractEvent[] | DomainRuleViolation {
  if (command.type === 'OpenAbandonmentContract') {
    if (state.status !== 'none') return state.decisionEventId === command.decisionEventId ? [] : ContractErrors.openedFromOtherDecision();
    const terms: ContractTerms = {
      rightTransferred: 'patent_application_right',
      inventors: command.inventors,
      unitName: command.unitName,
      feeBearer: 'inventors',
      unitShareBasisPoints: command.policy.abandonmentUnitShareBasisPoints,
      deductibleCostKinds: DEFAULT_DEDUCTIBLE_COSTS,
      termYears: 20,
      ruleKeys: ['R3', 'R4'],
    };
    return [
      {
        type: 'AbandonmentContractOpened',
        contractId: command.disclosureId,
        disclosureId: command.disclosureId,
        title: command.title,
        decisionEventId: command.decisionEventId,
        evaluationEventId: command.evaluationEventId,
        decidedBy: command.decidedBy,
        terms,
        openedAt: command.now,
        policyVersion: command.policy.version,
      },
      signatureRound(command.disclosureId, command.title, terms, 1, command.policy.contractSigningDays, command.now, command.register),
    ];
  }
  if (state.status === 'none' || !state.contractId || !state.terms) return ContractErrors.notFound();
  const contractId = state.contractId;

  switch (command.type) {
    case 'AmendContractTerms': {
      if (command.actor.role !== 'tto_officer') return ContractErrors.roleNotAllowed(['tto_officer']);
      if (state.status !== 'negotiating') return ContractErrors.alreadyExecuted();
      const terms: ContractTerms = { ...state.terms, ...command.changes, feeBearer: 'inventors' };
      if (!Number.isInteger(terms.unitShareBasisPoints) || terms.unitShareBasisPoints < 0 || terms.unitShareBasisPoints > 10_000) {
        return ContractErrors.shareOutOfRange();
      }
      if (!Number.isInteger(terms.termYears) || terms.termYears < 1 || terms.termYears > 50) return ContractErrors.termOutOfRange();
      const previous = state.signOffs[CONTRACT_SIGNATURE];
      const voided: SignOffEvent[] =
        previous && previous.status !== 'closed'
          ? [
              {
                type: 'SignOffRoundClosed',
                signOffId: CONTRACT_SIGNATURE,
                round: previous.round,
                outcome: 'voided',
                closedAt: command.now,
                closedBy: command.actor.userId,
              },
            ]
          : [];
      return [
        { type: 'ContractTermsAmended', contractId, terms, amendedBy: command.actor.userId, amendedAt: command.now },
        ...voided,
        signatureRound(contractId, state.title, terms, (previous?.round ?? 0) + 1, command.signingDays, command.now, command.register),
      ];
    }

    case 'RecordPatentApplication': {
      const denied = requireInventor(state, command.actor) ?? requireExecuted(state);
      if (denied) return denied;
      if (state.filed) return ContractErrors.alreadyFiled();
      return [
        {
          type: 'PatentApplicationFiled',
          contractId,
          applicationNumber: command.applicationNumber,
          filedOn: command.filedOn,
          recordedBy: command.actor.userId,
        },
      ];
    }

    case 'RecordPatentGrant': {
      const denied = requireInventor(state, command.actor) ?? requireExecuted(state);
      if (denied) return denied;
      if (!state.filed) return ContractErrors.notFiled();
      if (state.granted) return ContractErrors.alreadyGranted();
      return [
        {
          type: 'PatentGranted',
          contractId,
          patentNumber: command.patentNumber,
          grantedOn: command.grantedOn,
          recordedBy: command.actor.userId,
        },
      ];
    }

    case 'RequestObligationsEnd': {
      const denied = requireInventor(state, command.actor) ?? requireExecuted(state);
      if (denied) return denied;
      if (command.cause === 'application_rejected' && (!state.filed || state.granted))
        return state.granted ? ContractErrors.alreadyGranted() : ContractErrors.notFiled();
      if (command.cause === 'patent_lapsed' && !state.granted) return ContractErrors.notGranted();
      const { summary, documentSha256 } = command.evidence;
      if (summary.trim().length === 0 || documentSha256.length === 0 || documentSha256.some((h) => !/^[0-9a-f]{64}$/.test(h))) {
        return ContractErrors.endEvidenceRequired();
      }
      if (!isDate(command.endsOn)) return ContractErrors.endDateInvalid('The end date is a calendar date');
      if (command.endsOn > shanghaiDate(command.now)) return ContractErrors.endDateInvalid('The end date lies in the future');
      const rightSince = command.cause === 'application_rejected' ? state.filedOn : state.grantedOn;
      if (rightSince && command.endsOn < rightSince) {
        return ContractErrors.endDateInvalid(
          `The end date precedes the ${command.cause === 'application_rejected' ? 'filing' : 'grant'} on ${rightSince}`,
        );
      }
      const request = { cause: command.cause, endsOn: command.endsOn, evidence: { summary, documentSha256 } };
      const previous = state.signOffs[OBLIGATIONS_END_CONFIRMATION];
      const pending = state.endOfObligations?.status === 'requested' && previous?.status !== 'closed' ? previous : undefined;
      // A repeated identical request leaves the open round alone; a changed one replaces it.
      if (pending && pending.termsHash === termsHash({ contractId, ...request })) return [];
      const voided: SignOffEvent[] = pending
        ? [
            {
              type: 'SignOffRoundClosed',
              signOffId: OBLIGATIONS_END_CONFIRMATION,
              round: pending.round,
              outcome: 'voided',
              closedAt: command.now,
              closedBy: command.actor.userId,
            },
          ]
        : [];
      return [
        ...voided,
        {
          type: 'ObligationsEndRequested',
          contractId,
          ...request,
          requestedBy: command.actor.userId,
          requestedAt: command.now,
          ruleKey: 'R3',
        },
        confirmationRound(
          contractId,
          state.title,
          request,
          (previous?.round ?? 0) + 1,
          command.now,
          contractConflicts(state.terms!, command.register),
        ),
      ];
    }

    case 'RecordFeePaid': {
      const denied = requireInventor(state, command.actor) ?? requireExecuted(state, command.paidOn);
      if (denied) return denied;
      if (!isWholeFen(command.amountFen) || command.amountFen === 0) return ContractErrors.badAmount();
      const fee: FeeOnRecord = {
        paidOn: command.paidOn,
        amountFen: command.amountFen,
        deductible: state.terms.deductibleCostKinds.includes(command.kind),
      };
      const schedule = revenueSchedule([...state.fees, fee], state.reports);
      return [
        {
          type: 'PatentFeePaid',
          contractId,
          kind: command.kind,
          amountFen: command.amountFen,
          paidOn: command.paidOn,
          evidenceSha256: command.evidenceSha256,
          deductible: fee.deductible,
          recordedBy: command.actor.userId,
        },
        ...corrections(
          state,
          schedule,
          { kind: 'fee_recorded', costKind: command.kind, paidOn: command.paidOn, amountFen: command.amountFen },
          command.actor,
          command.now,
        ),
      ];
    }

    case 'ReportRevenue': {
      const denied = requireInventor(state, command.actor) ?? requireExecuted(state, command.periodEnd);
      if (denied) return denied;
      if (!isWholeFen(command.revenueFen)) return ContractErrors.badAmount();
      if (command.periodEnd < command.periodStart) return ContractErrors.badPeriod();
      const overlapping = state.reports.find((r) => r.periodStart <= command.periodEnd && command.periodStart <= r.periodEnd);
      if (overlapping) return ContractErrors.periodOverlaps(overlapping);
      const period = {
        periodStart: command.periodStart,
        periodEnd: command.periodEnd,
        revenueFen: command.revenueFen,
        shareBasisPoints: state.terms.unitShareBasisPoints,
      };
      const schedule = revenueSchedule(state.fees, [...state.reports, period]);
      const share = schedule.find((s) => samePeriod(s, period))!;
      return [
        {
          type: 'RevenueReported',
          contractId,
          periodStart: command.periodStart,
          periodEnd: command.periodEnd,
          revenueFen: command.revenueFen,
          deductedFen: share.deductedFen,
          netRevenueFen: share.netRevenueFen,
          shareBasisPoints: state.terms.unitShareBasisPoints,
          unitShareFen: share.unitShareFen,
          costsCarriedForwardFen: share.costsCarriedForwardFen,
          reportedBy: command.actor.userId,
          reportedAt: command.now,
          ruleKey: 'R3',
        },
        ...corrections(
          state,
          schedule,
          { kind: 'earlier_period_reported', periodStart: command.periodStart, periodEnd: command.periodEnd },
          command.actor,
          command.now,
        ),
      ];
    }
  }
}

function evolve(state: ContractState, event: AbandonmentContractEvent): ContractState {
  switch (event.type) {
    case 'AbandonmentContractOpened':
      return {
        ...state,
        status: 'negotiating',
        contractId: event.contractId,
        title: event.title,
        decisionEventId: event.decisionEventId,
        terms: event.terms,
      };
    case 'ContractTermsAmended':
      return { ...state, terms: event.terms };
    case 'PatentApplicationFiled':
      return { ...state, filed: true, filedOn: event.filedOn };
    case 'PatentGranted':
      return { ...state, granted: true, grantedOn: event.grantedOn };
    case 'PatentObligationsEnded':
      return {
        ...state,
        status: 'ended',
        endOfObligations: { status: 'confirmed', cause: event.cause, endsOn: event.on, evidence: null, requestedBy: event.recordedBy },
      };
    case 'ObligationsEndRequested':
      return {
        ...state,
        endOfObligations: {
          status: 'requested',
          cause: event.cause,
          endsOn: event.endsOn,
          evidence: event.evidence,
          requestedBy: event.requestedBy,
        },
      };
    case 'PatentFeePaid':
      return withTotals({
        ...state,
        fees: [...state.fees, { paidOn: event.paidOn, amountFen: event.amountFen, deductible: event.deductible }],
      });
    case 'RevenueReported': {
      const report: PeriodShare = {
        periodStart: event.periodStart,
        periodEnd: event.periodEnd,
        revenueFen: event.revenueFen,
        shareBasisPoints: event.shareBasisPoints,
        ...figuresOf(event),
      };
      const reports = [...state.reports, report].sort((a, b) => (a.periodStart < b.periodStart ? -1 : 1));
      return withTotals({ ...state, reports });
    }
    case 'RevenueShareCorrected':
      return withTotals({
        ...state,
        reports: state.reports.map((r) => (samePeriod(r, event) ? { ...r, ...figuresOf(event.corrected) } : r)),
      });
    default: {
      const signOffs = evolveSignOff(state.signOffs, event);
      const executed = event.type === 'SignOffRoundClosed' && event.signOffId === CONTRACT_SIGNATURE && event.outcome === 'signed';
      if (event.type === 'SignOffRoundClosed' && event.signOffId === OBLIGATIONS_END_CONFIRMATION && state.endOfObligations) {
        // Signed: the TTO confirmed and the obligations end. Rejected, expired or voided: the request lapses.
        return event.outcome === 'signed' && state.status === 'executed'
          ? { ...state, signOffs, status: 'ended', endOfObligations: { ...state.endOfObligations, status: 'confirmed' } }
          : { ...state, signOffs, endOfObligations: null };
      }
      return { ...state, signOffs, status: executed && state.status === 'negotiating' ? 'executed' : state.status };
    }
  }
}

export const abandonmentContractDecider = { initialState: initialContractState, decide, evolve };
