import { DomainRuleViolation } from '@chengguo/kernel';
import { evolveSignOff, SignOffState } from '@chengguo/sign-off/domain';
import { SignOffEvent } from '@chengguo/sign-off/domain';
import { termsHash } from '@chengguo/kernel';
import { ContractErrors } from './abandonment-contract.errors';
import { AbandonmentContractEvent, CONTRACT_SIGNATURE, ContractTerms, CostKind } from './abandonment-contract.events';
import { unitRevenueShare } from './revenue-share';

/**
 * Patent-abandonment contract (R3, R4). Invariants:
 * - opened once per disclosure, from its "do not file" decision, citing that decision and the
 *   evaluation by event id (R4 due-process record); a replayed decision opens nothing new;
 * - every inventor, the TTO, legal and the unit leader sign the same terms (sign-off); amending the
 *   terms voids earlier signatures; the inventors bear the fees (fixed by R3);
 * - after execution the inventors record filing, grant, fees and revenue; each revenue report owes
 *   the unit its share of revenue net of deductible costs, with unused costs carried forward;
 * - a rejected application or lapsed patent ends the obligations.
 */

type Actor = { userId: string; role: string };
const DAY = 24 * 60 * 60 * 1000;

export interface ContractState {
  status: 'none' | 'negotiating' | 'executed' | 'ended';
  contractId: string | null;
  title: string;
  decisionEventId: string | null;
  terms: ContractTerms | null;
  filed: boolean;
  granted: boolean;
  deductibleCostsFen: number;
  deductedFen: number;
  revenueFen: number;
  unitShareFen: number;
  lastPeriodEnd: string | null;
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
  deductibleCostsFen: 0,
  deductedFen: 0,
  revenueFen: 0,
  unitShareFen: 0,
  lastPeriodEnd: null,
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
      now: string;
    }
  | {
      type: 'AmendContractTerms';
      changes: Partial<Pick<ContractTerms, 'rightTransferred' | 'unitShareBasisPoints' | 'deductibleCostKinds' | 'termYears'>>;
      signingDays: number;
      actor: Actor;
      now: string;
    }
  | { type: 'RecordPatentApplication'; applicationNumber: string; filedOn: string; actor: Actor }
  | { type: 'RecordPatentGrant'; patentNumber: string; grantedOn: string; actor: Actor }
  | { type: 'RecordObligationsEnded'; cause: 'application_rejected' | 'patent_lapsed'; on: string; reason: string; actor: Actor }
  | { type: 'RecordFeePaid'; kind: CostKind; amountFen: number; paidOn: string; evidenceSha256: string; actor: Actor }
  | { type: 'ReportRevenue'; periodStart: string; periodEnd: string; revenueFen: number; actor: Actor; now: string };

export const DEFAULT_DEDUCTIBLE_COSTS: CostKind[] = ['application', 'examination', 'annual_maintenance'];

/** The signature round over the exact terms: every inventor, the TTO, legal and the unit leader. */
function signatureRound(
  contractId: string,
  title: string,
  terms: ContractTerms,
  round: number,
  signingDays: number,
  now: string,
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
  };
}

const isWholeFen = (n: number) => Number.isSafeInteger(n) && n >= 0;

function requireInventor(state: ContractState, actor: Actor): DomainRuleViolation | null {
  return state.terms?.inventors.some((i) => i.userId === actor.userId) && actor.role === 'inventor'
    ? null
    : ContractErrors.notAnInventor(actor.userId);
}

function requireExecuted(state: ContractState): DomainRuleViolation | null {
  if (state.status === 'ended') return ContractErrors.obligationsEnded();
  return state.status === 'executed' ? null : ContractErrors.notExecuted();
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
      signatureRound(command.disclosureId, command.title, terms, 1, command.policy.contractSigningDays, command.now),
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
        signatureRound(contractId, state.title, terms, (previous?.round ?? 0) + 1, command.signingDays, command.now),
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

    case 'RecordObligationsEnded': {
      const denied = requireInventor(state, command.actor) ?? requireExecuted(state);
      if (denied) return denied;
      if (command.cause === 'application_rejected' && (!state.filed || state.granted))
        return state.granted ? ContractErrors.alreadyGranted() : ContractErrors.notFiled();
      if (command.cause === 'patent_lapsed' && !state.granted) return ContractErrors.notGranted();
      return [
        {
          type: 'PatentObligationsEnded',
          contractId,
          cause: command.cause,
          on: command.on,
          reason: command.reason,
          recordedBy: command.actor.userId,
        },
      ];
    }

    case 'RecordFeePaid': {
      const denied = requireInventor(state, command.actor) ?? requireExecuted(state);
      if (denied) return denied;
      if (!isWholeFen(command.amountFen) || command.amountFen === 0) return ContractErrors.badAmount();
      return [
        {
          type: 'PatentFeePaid',
          contractId,
          kind: command.kind,
          amountFen: command.amountFen,
          paidOn: command.paidOn,
          evidenceSha256: command.evidenceSha256,
          deductible: state.terms.deductibleCostKinds.includes(command.kind),
          recordedBy: command.actor.userId,
        },
      ];
    }

    case 'ReportRevenue': {
      const denied = requireInventor(state, command.actor) ?? requireExecuted(state);
      if (denied) return denied;
      if (!isWholeFen(command.revenueFen)) return ContractErrors.badAmount();
      if (command.periodEnd < command.periodStart) return ContractErrors.badPeriod();
      if (state.lastPeriodEnd && command.periodStart <= state.lastPeriodEnd) return ContractErrors.periodOverlaps(state.lastPeriodEnd);
      const share = unitRevenueShare({
        revenueFen: command.revenueFen,
        costsCarriedFen: state.deductibleCostsFen - state.deductedFen,
        shareBasisPoints: state.terms.unitShareBasisPoints,
      });
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
      return { ...state, filed: true };
    case 'PatentGranted':
      return { ...state, granted: true };
    case 'PatentObligationsEnded':
      return { ...state, status: 'ended' };
    case 'PatentFeePaid':
      return event.deductible ? { ...state, deductibleCostsFen: state.deductibleCostsFen + event.amountFen } : state;
    case 'RevenueReported':
      return {
        ...state,
        deductedFen: state.deductedFen + event.deductedFen,
        revenueFen: state.revenueFen + event.revenueFen,
        unitShareFen: state.unitShareFen + event.unitShareFen,
        lastPeriodEnd: event.periodEnd,
      };
    default: {
      const signOffs = evolveSignOff(state.signOffs, event);
      const executed = event.type === 'SignOffRoundClosed' && event.signOffId === CONTRACT_SIGNATURE && event.outcome === 'signed';
      return { ...state, signOffs, status: executed && state.status === 'negotiating' ? 'executed' : state.status };
    }
  }
}

export const abandonmentContractDecider = { initialState: initialContractState, decide, evolve };
