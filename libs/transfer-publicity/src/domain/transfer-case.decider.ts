import {
  AchievementState,
  r5FilingRequired,
  TransformationClearance,
  transformationClearance,
} from '@chengguo/achievement-register/domain';
import { Decider, DomainRuleViolation, isRuleViolation } from '@chengguo/kernel';
import {
  decideSignOff,
  evolveSignOff,
  initialSignOffState,
  isSignOffEvent,
  SignOffEvent,
  SignOffParty,
  SignOffState,
} from '@chengguo/sign-off/domain';
import { termsHash } from '@chengguo/kernel';
import { MAX_PUBLICITY_DAYS, MIN_PUBLICITY_DAYS, publicityPeriodEnd, publicityPeriodOver } from './publicity-period';
import { TransferCaseErrors as Errors } from './transfer-case.errors';
import {
  AchievementRef,
  APPROVAL_SIGN_OFF_ID,
  CO_OWNERS_CONSENT_SIGN_OFF_ID,
  CoOwnerShare,
  Counterparty,
  MarketResultRecorded,
  PricingMethod,
  TransferCaseEvent,
  TransferMode,
} from './transfer-case.events';

/**
 * Transfer case stream (R5–R8): a unit transfers, licenses or invests an achievement at a price.
 * Invariants, with the rule each protects:
 * - R3, R5, R12: a case opens only on an achievement the register knows, that the unit owns and
 *   may still transform (the register's rules, decided on its folded state, which the command
 *   path loads and checks on append); not once the unit decided not to file (R3: the rights are
 *   due to the inventors);
 * - R5: supervisory filing is required exactly when the register's classification says so;
 * - R5: an achievement classified as state secret, national security or key core technology moves
 *   no further (no publicity, no market result) until the supervisory filing is recorded;
 * - R6: agreement pricing goes through publicity; listing and auction record the market's result
 *   instead and skip publicity;
 * - R7: the notice (name + proposed price) stays up for at least 15 days, counted by R7-DAYS
 *   (publicity-period.ts); objections are raised only inside the period; the period completes only
 *   once it is over *and* no objection is open, i.e. at the later of its end and the last
 *   resolution; an upheld objection fails the round, and a new price needs a new full period; a
 *   published or approved price is never edited;
 * - approval: the TTO head, finance and the unit leader sign the case terms (hash) in a parallel
 *   sign-off round held in this stream (ADR 5), opened in the same decision that settles the price;
 * - R4, R13: the officer who opened the case and the achievement's inventors (the register's, as
 *   the command path loads it when the round opens) are conflicted in the approval round, which
 *   the sign-off capability enforces;
 * - R8: contract registration and execution need the signed approval; execution without a
 *   registered technology contract is flagged "not eligible for rewards";
 * - R11: on an achievement the register records as co-owned, the case opens with the co-owners'
 *   consent round (each co-owner personally, and the unit leader for the unit) over the case's terms
 *   (mode, pricing method, counterparty, price, the co-owners' shares); publicity, a market result,
 *   the approval, registration and execution are refused until it closes signed; a refused or
 *   expired consent blocks the case until the round is reopened or the price revised, and a revised
 *   price opens a new consent round (as it needs a new publicity, R7); the preparer and the
 *   inventors act for no party but their own, as in the approval (R4, R13).
 * Pure: time, actor and facts arrive in the command.
 */

export type TransferCaseCommand =
  | {
      type: 'OpenTransferCase';
      caseId: string;
      achievementId: string;
      /** The register's folded state of `achievement-<achievementId>` (loaded by the command path, never sent by the caller). */
      register: AchievementState;
      mode: TransferMode;
      pricingMethod: PricingMethod;
      counterparty: Counterparty | null;
      proposedPriceFen: number;
      openedBy: string;
      now: string;
    }
  | {
      type: 'RecordSupervisoryFiling';
      caseId: string;
      department: string;
      filingNumber: string;
      filedOn: string;
      recordedBy: string;
      now: string;
    }
  | { type: 'ReviseProposedPrice'; caseId: string; proposedPriceFen: number; revisedBy: string; now: string }
  | { type: 'PublishPublicityNotice'; caseId: string; days: number; publishedBy: string; now: string }
  | {
      type: 'RaiseObjection';
      caseId: string;
      objectionId: string;
      reason: string;
      evidenceHashes: string[];
      raisedBy: string;
      raisedByRole: string;
      now: string;
    }
  | {
      type: 'ResolveObjection';
      caseId: string;
      objectionId: string;
      resolution: 'dismiss' | 'uphold';
      reasons: string;
      resolvedBy: string;
      now: string;
    }
  /** Sent by the publicity workflow when its durable timer (or the last resolution) says so; `now` is the workflow's instant. */
  | {
      type: 'CompletePublicityPeriod';
      caseId: string;
      round: number;
      /** The register's folded state of the case's achievement: its inventors are conflicted in the approval it opens. */
      register: AchievementState;
      now: string;
    }
  | {
      type: 'RecordMarketResult';
      caseId: string;
      method: 'listing' | 'auction';
      exchange: string;
      listingNumber: string;
      result: 'deal' | 'no_deal';
      finalPriceFen: number | null;
      counterparty: Counterparty | null;
      concludedOn: string;
      recordedBy: string;
      /** As for CompletePublicityPeriod: a deal opens the approval. */
      register: AchievementState;
      now: string;
    }
  | { type: 'ReopenApproval'; caseId: string; register: AchievementState; now: string }
  /** R11: a new consent round over the same terms, after the co-owners' consent was refused or expired. */
  | { type: 'ReopenCoOwnersConsent'; caseId: string; now: string }
  | {
      type: 'RegisterTechnologyContract';
      caseId: string;
      registrationNumber: string;
      registeredOn: string;
      recordedBy: string;
      now: string;
    }
  | { type: 'ExecuteTransfer'; caseId: string; executedBy: string; now: string };

export interface ObjectionState {
  objectionId: string;
  raisedBy: string;
  status: 'open' | 'dismissed' | 'upheld';
}

export interface PublicityRoundState {
  round: number;
  days: number;
  priceFen: number;
  publishedAt: string;
  periodEndsAt: string;
  status: 'running' | 'failed' | 'completed';
  objections: ObjectionState[];
}

export type TransferCaseStatus =
  /** R11: a co-owned achievement, the co-owners' consent round not (yet) signed. */
  | 'awaiting_co_owners_consent'
  | 'co_owners_consent_refused'
  | 'awaiting_supervisory_filing'
  | 'awaiting_publicity'
  | 'in_publicity'
  | 'publicity_failed'
  | 'awaiting_market_result'
  | 'no_deal'
  | 'awaiting_approval'
  | 'approval_refused'
  | 'approved'
  | 'registered'
  | 'executed';

export interface OpenedCase {
  exists: true;
  caseId: string;
  /** The register's achievement (`achievement-<id>`); null for a v1 case opened on a patent number only. */
  achievementId: string | null;
  achievement: AchievementRef;
  /** The officer who prepared the case: never its approver (R4, R13). */
  openedBy: string;
  mode: TransferMode;
  pricingMethod: PricingMethod;
  counterparty: Counterparty | null;
  priceFen: number;
  supervisoryFilingRequired: boolean;
  supervisoryFiling: { department: string; filingNumber: string; filedOn: string } | null;
  /**
   * R11: the co-owners whose consent the case needs (CoOwnersConsentRequired), or null when the unit
   * owns the achievement alone. Read models folded before R11 consent existed lack it: read as null.
   */
  coOwnersConsent?: CoOwnersConsentFacts | null;
  publicityRounds: number;
  publicity: PublicityRoundState | null;
  market: Omit<MarketResultRecorded, 'type' | 'caseId' | 'recordedBy' | 'recordedAt' | 'ruleKey'> | null;
  /** True once the price is settled (publicity completed, or a market deal) and until it is revised. */
  priceSettled: boolean;
  signOffs: SignOffState;
  registration: { registrationNumber: string; registeredOn: string } | null;
  executed: { executedAt: string; rewardEligible: boolean } | null;
}

export type TransferCaseState = { exists: false; signOffs: SignOffState } | OpenedCase;

export interface CoOwnersConsentFacts {
  agreementId: string;
  unitShareBasisPoints: number;
  coOwners: CoOwnerShare[];
  inventorUserIds: string[];
}

/** Who approves a transfer, and how long they have (policy of this release). */
export const APPROVAL_POLICY = {
  parties: [
    { partyId: 'tto-head', role: 'tto_officer' },
    { partyId: 'finance', role: 'finance' },
    { partyId: 'unit-leader', role: 'unit_leader' },
  ] satisfies SignOffParty[],
  days: 30,
  reminderOffsetsMs: [7 * 86_400_000, 86_400_000],
  escalationRole: 'unit_leader',
};

const DAY_MS = 86_400_000;
const ms = (iso: string): number => Date.parse(iso);
const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
const validPrice = (fen: unknown): fen is number => typeof fen === 'number' && Number.isSafeInteger(fen) && fen >= 0;

/** Who approves a transfer's terms for the unit in the co-owners' consent round, and how long the round runs (R11). */
export const CO_OWNERS_CONSENT_POLICY = {
  /** The unit, as co-owner, consents through its leader (单位负责人), who decides its transformations (R5). */
  unitParty: { partyId: 'unit', role: 'unit_leader' } satisfies SignOffParty,
  coOwnerRole: 'inventor',
  days: 30,
  reminderOffsetsMs: [7 * 86_400_000, 86_400_000],
  escalationRole: 'tto_officer',
};

/** R11: whether the co-owners' consent is needed and where it stands (latest round: a new price opens a new one). */
export function coOwnersConsentOf(state: OpenedCase): 'not_required' | 'pending' | 'given' | 'refused' {
  if (!state.coOwnersConsent) return 'not_required';
  const round = state.signOffs[CO_OWNERS_CONSENT_SIGN_OFF_ID];
  if (!round || round.status !== 'closed') return 'pending';
  return round.outcome === 'signed' ? 'given' : 'refused';
}

/** The case's status, derived from its state (never stored separately, so it cannot drift). */
export function statusOf(state: OpenedCase): TransferCaseStatus {
  if (state.executed) return 'executed';
  if (state.priceSettled) {
    const approval = state.signOffs[APPROVAL_SIGN_OFF_ID];
    if (!approval || approval.status !== 'closed') return 'awaiting_approval';
    if (approval.outcome !== 'signed') return 'approval_refused';
    return state.registration ? 'registered' : 'approved';
  }
  const consent = coOwnersConsentOf(state);
  if (consent === 'pending') return 'awaiting_co_owners_consent';
  if (consent === 'refused') return 'co_owners_consent_refused';
  if (state.supervisoryFilingRequired && !state.supervisoryFiling) return 'awaiting_supervisory_filing';
  if (state.pricingMethod === 'agreement') {
    if (!state.publicity) return 'awaiting_publicity';
    return state.publicity.status === 'running' ? 'in_publicity' : 'publicity_failed';
  }
  return state.market?.result === 'no_deal' ? 'no_deal' : 'awaiting_market_result';
}

/** The terms the approvers sign; their hash binds every signature to exactly these terms. */
export function approvalTerms(state: OpenedCase): Record<string, unknown> {
  return {
    caseId: state.caseId,
    achievement: state.achievement,
    mode: state.mode,
    pricingMethod: state.pricingMethod,
    counterparty: state.counterparty,
    priceFen: state.priceFen,
    publicity: state.publicity
      ? { round: state.publicity.round, publishedAt: state.publicity.publishedAt, periodEndsAt: state.publicity.periodEndsAt }
      : null,
    market: state.market
      ? { exchange: state.market.exchange, listingNumber: state.market.listingNumber, concludedOn: state.market.concludedOn }
      : null,
    supervisoryFiling: state.supervisoryFiling?.filingNumber ?? null,
  };
}

/** R11: the terms the co-owners consent to; their hash binds every consent to exactly these terms. */
export function coOwnersConsentTerms(state: OpenedCase, consent: CoOwnersConsentFacts): Record<string, unknown> {
  return {
    caseId: state.caseId,
    achievement: state.achievement,
    agreementId: consent.agreementId,
    mode: state.mode,
    pricingMethod: state.pricingMethod,
    counterparty: state.counterparty,
    priceFen: state.priceFen,
    unitShareBasisPoints: consent.unitShareBasisPoints,
    coOwners: consent.coOwners,
  };
}

/** R11: opens (or reopens, voiding an open one) the co-owners' consent round over the case's current terms. */
function openCoOwnersConsent(state: OpenedCase, now: string): SignOffEvent[] | DomainRuleViolation {
  const consent = state.coOwnersConsent;
  if (!consent) return [];
  const mode = state.mode.kind === 'license' ? `license (${state.mode.exclusivity})` : state.mode.kind;
  return decideSignOff(
    {
      type: 'OpenSignOffRound',
      signOffId: CO_OWNERS_CONSENT_SIGN_OFF_ID,
      subject: `共有人同意转化 / co-owners' consent: ${state.achievement.name} — ${mode}, ${state.pricingMethod}, ${state.priceFen} fen`,
      termsHash: termsHash(coOwnersConsentTerms(state, consent)),
      // Every co-owner consents; the order among them does not matter.
      mode: { kind: 'parallel' },
      parties: [
        ...consent.coOwners.map((c) => ({ partyId: `co-owner-${c.userId}`, role: CO_OWNERS_CONSENT_POLICY.coOwnerRole, userId: c.userId })),
        CO_OWNERS_CONSENT_POLICY.unitParty,
      ],
      deadline: new Date(ms(now) + CO_OWNERS_CONSENT_POLICY.days * DAY_MS).toISOString(),
      reminderOffsetsMs: CO_OWNERS_CONSENT_POLICY.reminderOffsetsMs,
      escalationRole: CO_OWNERS_CONSENT_POLICY.escalationRole,
      ruleKeys: ['R11'],
      // R4, R13: as in the approval, the preparer and the inventors act for no party but one naming them.
      conflictedUserIds: [state.openedBy, ...consent.inventorUserIds],
      ...(state.achievementId ? { achievementId: state.achievementId } : {}),
      now,
    },
    state.signOffs,
  );
}

/** The events, then the consent round (when the case needs one) opened over the state they produce. */
function withCoOwnersConsent(
  state: TransferCaseState,
  events: TransferCaseEvent[],
  now: string,
): TransferCaseEvent[] | DomainRuleViolation {
  const after = events.reduce(evolve, state) as OpenedCase;
  const consent = openCoOwnersConsent(after, now);
  return isRuleViolation(consent) ? consent : [...events, ...consent];
}

/** R11: why the case may not move on yet for want of the co-owners' consent, or null. */
function withoutCoOwnersConsent(state: OpenedCase): DomainRuleViolation | null {
  const consent = coOwnersConsentOf(state);
  if (consent !== 'pending' && consent !== 'refused') return null;
  return Errors.coOwnersConsentRequired(
    (state.coOwnersConsent?.coOwners ?? []).map((c) => c.userId),
    consent,
  );
}

/** R4, R13: who may not approve this case: its preparer, and the inventors the register names. */
export function approvalConflicts(state: OpenedCase, register: AchievementState): string[] {
  return [state.openedBy, ...register.inventors.map((i) => i.userId)];
}

/** Opens the approval round through the sign-off decider, over the terms the state will have. */
function openApproval(state: OpenedCase, register: AchievementState, now: string): SignOffEvent[] | DomainRuleViolation {
  const mode = state.mode.kind === 'license' ? `license (${state.mode.exclusivity})` : state.mode.kind;
  return decideSignOff(
    {
      type: 'OpenSignOffRound',
      signOffId: APPROVAL_SIGN_OFF_ID,
      subject: `成果转化审批 / transfer approval: ${state.achievement.name} — ${mode}, ${state.priceFen} fen`,
      termsHash: termsHash(approvalTerms(state)),
      mode: { kind: 'parallel' },
      parties: APPROVAL_POLICY.parties,
      deadline: new Date(ms(now) + APPROVAL_POLICY.days * DAY_MS).toISOString(),
      reminderOffsetsMs: APPROVAL_POLICY.reminderOffsetsMs,
      escalationRole: APPROVAL_POLICY.escalationRole,
      ruleKeys: state.pricingMethod === 'agreement' ? ['R5', 'R7'] : ['R5', 'R6'],
      conflictedUserIds: approvalConflicts(state, register),
      // The read side applies the achievement's classification to the round (its subject names it).
      ...(state.achievementId ? { achievementId: state.achievementId } : {}),
      now,
    },
    state.signOffs,
  );
}

/** The settling events, then the approval round opened over the state they produce. */
function settleAndOpenApproval(
  state: OpenedCase,
  settling: TransferCaseEvent[],
  register: AchievementState,
  now: string,
): TransferCaseEvent[] | DomainRuleViolation {
  const settled = settling.reduce(evolve, state as TransferCaseState) as OpenedCase;
  const approval = openApproval(settled, register, now);
  return isRuleViolation(approval) ? approval : [...settling, ...approval];
}

/** R3, R5, R11, R12: why the unit may not open a case on this achievement, or whose consent the case needs. */
export function refusalToTransform(achievementId: string, register: AchievementState): TransformationClearance | DomainRuleViolation {
  if (register.status === 'unregistered') return Errors.achievementNotRegistered(achievementId);
  // Decided "do not file", contract not yet executed: the unit still holds the rights, but owes them to the inventors.
  if (register.filingDecision === 'do_not_file' && register.owner.kind === 'unit') return Errors.rightsDueToInventors();
  return transformationClearance(register);
}

/** How the notice board files the register's achievement. */
function achievementRef(achievementId: string, register: AchievementState): AchievementRef {
  return { kind: register.origin?.kind === 'disclosure' ? 'disclosure' : 'registered', id: achievementId, name: register.title };
}

function blockedByR5(state: OpenedCase): DomainRuleViolation | null {
  return state.supervisoryFilingRequired && !state.supervisoryFiling ? Errors.supervisoryFilingRequired() : null;
}

function validateCounterparty(counterparty: Counterparty | null): DomainRuleViolation | null {
  if (counterparty === null) return null;
  if (!counterparty.name || counterparty.name.trim().length === 0) return Errors.invalidField('counterparty.name', 'is required');
  return null;
}

function decide(command: TransferCaseCommand, state: TransferCaseState): TransferCaseEvent[] | DomainRuleViolation {
  if (command.type === 'OpenTransferCase') {
    if (state.exists) return Errors.alreadyOpened();
    if (!validPrice(command.proposedPriceFen)) return Errors.invalidPrice(command.proposedPriceFen);
    const invalid = validateCounterparty(command.counterparty);
    if (invalid) return invalid;
    if (command.pricingMethod === 'agreement' && command.counterparty === null) {
      return Errors.invalidField('counterparty', 'agreement pricing names its counterparty (R6)');
    }
    const { register } = command;
    const clearance = refusalToTransform(command.achievementId, register);
    if (isRuleViolation(clearance)) return clearance;
    const { confidentiality, nationalSecurity, keyCoreTechnology } = register.classification;
    const opening: TransferCaseEvent[] = [
      {
        type: 'TransferCaseOpened',
        caseId: command.caseId,
        achievementId: command.achievementId,
        achievement: achievementRef(command.achievementId, register),
        mode: command.mode,
        pricingMethod: command.pricingMethod,
        counterparty: command.counterparty,
        proposedPriceFen: command.proposedPriceFen,
        classification: { stateSecret: confidentiality === 'state_secret', nationalSecurity, keyCoreTechnology },
        classificationSource: 'register',
        supervisoryFilingRequired: r5FilingRequired(register),
        openedBy: command.openedBy,
        openedAt: command.now,
      },
    ];
    if (clearance.consent === 'unit_alone') return opening;
    // R11: the register names the co-owners; their consent round opens with the case.
    opening.push({
      type: 'CoOwnersConsentRequired',
      caseId: command.caseId,
      agreementId: clearance.agreementId,
      unitShareBasisPoints: clearance.unitShareBasisPoints,
      coOwners: clearance.coOwners,
      inventorUserIds: register.inventors.map((i) => i.userId),
      requiredAt: command.now,
      ruleKey: 'R11',
    });
    return withCoOwnersConsent(state, opening, command.now);
  }

  if (!state.exists) return Errors.notFound(command.caseId);
  const status = statusOf(state);

  switch (command.type) {
    case 'RecordSupervisoryFiling': {
      if (!state.supervisoryFilingRequired) return Errors.supervisoryFilingNotRequired();
      if (state.supervisoryFiling) return Errors.supervisoryFilingAlreadyRecorded();
      if (!command.department.trim() || !command.filingNumber.trim())
        return Errors.invalidField('filing', 'department and filing number are required');
      if (!isDate(command.filedOn)) return Errors.invalidField('filedOn', 'is a calendar date YYYY-MM-DD');
      return [
        {
          type: 'SupervisoryFilingRecorded',
          caseId: state.caseId,
          department: command.department,
          filingNumber: command.filingNumber,
          filedOn: command.filedOn,
          recordedBy: command.recordedBy,
          recordedAt: command.now,
          ruleKey: 'R5',
        },
      ];
    }

    case 'ReviseProposedPrice': {
      if (state.pricingMethod !== 'agreement') return Errors.marketMethodMismatch(state.pricingMethod);
      const revisable: TransferCaseStatus[] = [
        'awaiting_co_owners_consent',
        'co_owners_consent_refused',
        'awaiting_supervisory_filing',
        'awaiting_publicity',
        'publicity_failed',
        'approval_refused',
      ];
      if (!revisable.includes(status)) return Errors.priceLocked(status);
      if (!validPrice(command.proposedPriceFen)) return Errors.invalidPrice(command.proposedPriceFen);
      if (command.proposedPriceFen === state.priceFen) return Errors.priceUnchanged();
      // R11: the co-owners consented to the old price (like a notice, R7): a new price needs their new consent.
      return withCoOwnersConsent(
        state,
        [
          {
            type: 'TransferPriceRevised',
            caseId: state.caseId,
            previousPriceFen: state.priceFen,
            proposedPriceFen: command.proposedPriceFen,
            revisedBy: command.revisedBy,
            revisedAt: command.now,
          },
        ],
        command.now,
      );
    }

    case 'PublishPublicityNotice': {
      if (state.pricingMethod !== 'agreement') return Errors.publicityOnlyForAgreementPricing(state.pricingMethod);
      const blocked = withoutCoOwnersConsent(state) ?? blockedByR5(state);
      if (blocked) return blocked;
      if (!Number.isInteger(command.days) || command.days < MIN_PUBLICITY_DAYS) return Errors.publicityTooShort(command.days);
      if (command.days > MAX_PUBLICITY_DAYS) return Errors.publicityTooLong(command.days);
      if (status === 'in_publicity') return Errors.publicityAlreadyRunning();
      if (status !== 'awaiting_publicity' && status !== 'publicity_failed') return Errors.notAwaitingPublicity(status);
      return [
        {
          type: 'PublicityNoticePublished',
          caseId: state.caseId,
          round: state.publicityRounds + 1,
          achievement: state.achievement,
          proposedPriceFen: state.priceFen,
          days: command.days,
          publishedAt: command.now,
          periodEndsAt: publicityPeriodEnd(command.now, command.days),
          publishedBy: command.publishedBy,
          ruleKey: 'R7',
        },
      ];
    }

    case 'RaiseObjection': {
      const publicity = state.publicity;
      if (!publicity || publicity.status !== 'running') return Errors.publicityNotRunning();
      if (publicityPeriodOver(publicity.periodEndsAt, command.now)) return Errors.objectionOutsidePeriod(publicity.periodEndsAt);
      if (command.reason.trim().length === 0) return Errors.objectionReasonRequired();
      if (command.evidenceHashes.some((h) => !/^[0-9a-f]{64}$/.test(h))) {
        return Errors.invalidField('evidenceHashes', 'each is a SHA-256 hex digest');
      }
      if (publicity.objections.some((o) => o.objectionId === command.objectionId)) return Errors.objectionExists(command.objectionId);
      return [
        {
          type: 'PublicityObjectionRaised',
          caseId: state.caseId,
          round: publicity.round,
          objectionId: command.objectionId,
          raisedBy: command.raisedBy,
          raisedByRole: command.raisedByRole,
          reason: command.reason,
          evidenceHashes: command.evidenceHashes,
          raisedAt: command.now,
        },
      ];
    }

    case 'ResolveObjection': {
      const publicity = state.publicity;
      if (!publicity || publicity.status !== 'running') return Errors.publicityNotRunning();
      const objection = publicity.objections.find((o) => o.objectionId === command.objectionId);
      if (!objection) return Errors.objectionNotFound(command.objectionId);
      if (objection.status !== 'open') return Errors.objectionAlreadyResolved(command.objectionId, objection.status);
      if (command.reasons.trim().length === 0) return Errors.resolutionReasonsRequired();
      const resolution = {
        caseId: state.caseId,
        round: publicity.round,
        objectionId: command.objectionId,
        resolvedBy: command.resolvedBy,
        reasons: command.reasons,
        resolvedAt: command.now,
      };
      if (command.resolution === 'dismiss') return [{ type: 'PublicityObjectionDismissed', ...resolution }];
      return [
        { type: 'PublicityObjectionUpheld', ...resolution },
        {
          type: 'PublicityFailed',
          caseId: state.caseId,
          round: publicity.round,
          objectionId: command.objectionId,
          failedAt: command.now,
          ruleKey: 'R7',
        },
      ];
    }

    case 'CompletePublicityPeriod': {
      const publicity = state.publicity;
      if (!publicity || publicity.round !== command.round) return Errors.publicityNotRunning();
      if (publicity.status === 'completed') return []; // a retried or repeated completion: already done
      if (publicity.status !== 'running') return Errors.publicityNotRunning();
      if (!publicityPeriodOver(publicity.periodEndsAt, command.now)) return Errors.periodNotOver(publicity.periodEndsAt);
      const open = publicity.objections.filter((o) => o.status === 'open').map((o) => o.objectionId);
      if (open.length > 0) return Errors.objectionOpen(open);
      return settleAndOpenApproval(
        state,
        [
          {
            type: 'PublicityPeriodCompleted',
            caseId: state.caseId,
            round: publicity.round,
            periodEndsAt: publicity.periodEndsAt,
            completedAt: command.now,
            objectionsDismissed: publicity.objections.length,
            ruleKey: 'R7',
          },
        ],
        command.register,
        command.now,
      );
    }

    case 'RecordMarketResult': {
      if (state.pricingMethod === 'agreement') return Errors.marketResultOnlyForListingOrAuction();
      if (command.method !== state.pricingMethod) return Errors.marketMethodMismatch(state.pricingMethod);
      const blocked = withoutCoOwnersConsent(state) ?? blockedByR5(state);
      if (blocked) return blocked;
      if (!['awaiting_market_result', 'no_deal', 'approval_refused'].includes(status)) return Errors.marketResultNotExpected(status);
      if (!command.exchange.trim() || !command.listingNumber.trim())
        return Errors.invalidField('listing', 'exchange and listing number are required');
      if (!isDate(command.concludedOn)) return Errors.invalidField('concludedOn', 'is a calendar date YYYY-MM-DD');
      const deal = command.result === 'deal';
      if (deal && !validPrice(command.finalPriceFen)) return Errors.invalidPrice(command.finalPriceFen);
      if (deal && command.counterparty === null) return Errors.invalidField('counterparty', 'a deal names its buyer or licensee');
      const invalid = validateCounterparty(command.counterparty);
      if (invalid) return invalid;
      const recorded: TransferCaseEvent = {
        type: 'MarketResultRecorded',
        caseId: state.caseId,
        method: command.method,
        exchange: command.exchange,
        listingNumber: command.listingNumber,
        result: command.result,
        finalPriceFen: deal ? command.finalPriceFen : null,
        counterparty: deal ? command.counterparty : null,
        concludedOn: command.concludedOn,
        recordedBy: command.recordedBy,
        recordedAt: command.now,
        ruleKey: 'R6',
      };
      return deal ? settleAndOpenApproval(state, [recorded], command.register, command.now) : [recorded];
    }

    case 'ReopenApproval': {
      const noConsent = withoutCoOwnersConsent(state);
      if (noConsent) return noConsent;
      if (status !== 'approval_refused') return Errors.approvalNotRefused(status);
      return openApproval(state, command.register, command.now);
    }

    case 'ReopenCoOwnersConsent': {
      if (status !== 'co_owners_consent_refused') return Errors.coOwnersConsentNotRefused(status);
      return openCoOwnersConsent(state, command.now);
    }

    case 'RegisterTechnologyContract': {
      if (state.registration) {
        return state.registration.registrationNumber === command.registrationNumber
          ? []
          : Errors.alreadyRegistered(state.registration.registrationNumber);
      }
      const noConsent = withoutCoOwnersConsent(state);
      if (noConsent) return noConsent;
      if (status !== 'approved' && status !== 'executed') return Errors.approvalRequired(status);
      if (!command.registrationNumber.trim()) return Errors.invalidField('registrationNumber', 'is required');
      if (!isDate(command.registeredOn)) return Errors.invalidField('registeredOn', 'is a calendar date YYYY-MM-DD');
      return [
        {
          type: 'TechnologyContractRegistered',
          caseId: state.caseId,
          registrationNumber: command.registrationNumber,
          registeredOn: command.registeredOn,
          recordedBy: command.recordedBy,
          recordedAt: command.now,
          ruleKey: 'R8',
        },
      ];
    }

    case 'ExecuteTransfer': {
      if (status === 'executed') return Errors.alreadyExecuted();
      const noConsent = withoutCoOwnersConsent(state);
      if (noConsent) return noConsent;
      if (status !== 'approved' && status !== 'registered') return Errors.approvalRequired(status);
      const registered = state.registration !== null;
      return [
        {
          type: 'TransferExecuted',
          caseId: state.caseId,
          executedBy: command.executedBy,
          executedAt: command.now,
          contractRegistered: registered,
          rewardEligible: registered,
          flags: registered ? [] : ['R8_NOT_ELIGIBLE_FOR_REWARDS'],
        },
      ];
    }
  }
}

function updatePublicity(state: OpenedCase, round: number, change: (p: PublicityRoundState) => PublicityRoundState): OpenedCase {
  return state.publicity && state.publicity.round === round ? { ...state, publicity: change(state.publicity) } : state;
}

function resolve(state: OpenedCase, round: number, objectionId: string, status: ObjectionState['status']): OpenedCase {
  return updatePublicity(state, round, (p) => ({
    ...p,
    objections: p.objections.map((o) => (o.objectionId === objectionId ? { ...o, status } : o)),
  }));
}

function evolve(state: TransferCaseState, event: TransferCaseEvent): TransferCaseState {
  if (isSignOffEvent(event)) return { ...state, signOffs: evolveSignOff(state.signOffs, event) };
  if (event.type === 'TransferCaseOpened') {
    return {
      exists: true,
      caseId: event.caseId,
      achievementId: event.achievementId,
      achievement: event.achievement,
      openedBy: event.openedBy,
      mode: event.mode,
      pricingMethod: event.pricingMethod,
      counterparty: event.counterparty,
      priceFen: event.proposedPriceFen,
      supervisoryFilingRequired: event.supervisoryFilingRequired,
      supervisoryFiling: null,
      coOwnersConsent: null,
      publicityRounds: 0,
      publicity: null,
      market: null,
      priceSettled: false,
      signOffs: state.signOffs,
      registration: null,
      executed: null,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'CoOwnersConsentRequired': {
      const { agreementId, unitShareBasisPoints, coOwners, inventorUserIds } = event;
      return { ...state, coOwnersConsent: { agreementId, unitShareBasisPoints, coOwners, inventorUserIds } };
    }
    case 'SupervisoryFilingRecorded':
      return { ...state, supervisoryFiling: { department: event.department, filingNumber: event.filingNumber, filedOn: event.filedOn } };
    case 'TransferPriceRevised':
      // A new price un-settles the case: it needs a new full publicity period (R7) and a new approval.
      return { ...state, priceFen: event.proposedPriceFen, priceSettled: false, publicity: null };
    case 'PublicityNoticePublished':
      return {
        ...state,
        publicityRounds: event.round,
        publicity: {
          round: event.round,
          days: event.days,
          priceFen: event.proposedPriceFen,
          publishedAt: event.publishedAt,
          periodEndsAt: event.periodEndsAt,
          status: 'running',
          objections: [],
        },
      };
    case 'PublicityObjectionRaised':
      return updatePublicity(state, event.round, (p) => ({
        ...p,
        objections: [...p.objections, { objectionId: event.objectionId, raisedBy: event.raisedBy, status: 'open' }],
      }));
    case 'PublicityObjectionDismissed':
      return resolve(state, event.round, event.objectionId, 'dismissed');
    case 'PublicityObjectionUpheld':
      return resolve(state, event.round, event.objectionId, 'upheld');
    case 'PublicityFailed':
      return updatePublicity(state, event.round, (p) => ({ ...p, status: 'failed' }));
    case 'PublicityPeriodCompleted':
      return { ...updatePublicity(state, event.round, (p) => ({ ...p, status: 'completed' })), priceSettled: true };
    case 'MarketResultRecorded': {
      const { type: _type, caseId: _caseId, recordedBy: _by, recordedAt: _at, ruleKey: _rule, ...market } = event;
      if (event.result === 'no_deal') return { ...state, market, priceSettled: false };
      return { ...state, market, priceSettled: true, priceFen: event.finalPriceFen ?? state.priceFen, counterparty: event.counterparty };
    }
    case 'TechnologyContractRegistered':
      return {
        ...state,
        registration: { registrationNumber: event.registrationNumber, registeredOn: event.registeredOn },
        executed: state.executed ? { ...state.executed, rewardEligible: true } : null,
      };
    case 'TransferExecuted':
      return { ...state, executed: { executedAt: event.executedAt, rewardEligible: event.rewardEligible } };
  }
}

export const transferCaseDecider: Decider<TransferCaseCommand, TransferCaseEvent, TransferCaseState> = {
  initialState: { exists: false, signOffs: initialSignOffState },
  decide,
  evolve,
};
