import type { AchievementState } from '@chengguo/achievement-register/domain';
import { DAY_MS, Decider, DomainRuleViolation, shanghaiDate, termsHash } from '@chengguo/kernel';
import { evolveSignOff, isSignOffEvent, SignOffEvent, SignOffState } from '@chengguo/sign-off/domain';
import { isCalendarDate, OwnershipPilotPolicyState, pilotPolicyOn } from './ownership-pilot-policy.decider';
import { OwnershipPilotErrors as Errors } from './ownership-pilot.errors';
import {
  AgreedGrant,
  AgreementTerms,
  CoOwnerShare,
  OWNERSHIP_AGREEMENT_SIGNATURE,
  OwnershipAgreementEvent,
  OwnershipAgreementProposed,
  ProposedGrant,
} from './ownership-pilot.events';

/**
 * An achievement's ownership agreement (赋权, R11; XZ-16). Invariants:
 * - only a pilot unit, on the agreement's date (its proposal, Asia/Shanghai), makes one;
 * - the achievement is in the register and the unit owns it alone; its inventors, as the register
 *   lists them, are the parties — read from the register's stream by the command path;
 * - the grant is co-ownership (the inventors' share 1–9999 basis points, split among them by their
 *   contribution shares), the whole, or a use right of no less than 10 years;
 * - co-ownership fixes the revenue split as a number: the unit's share of the income from
 *   transforming the achievement (0–10000 basis points), the rest split among the co-owners by
 *   contribution, part of the signed terms (what the unit's own income is: ADR 24);
 * - the agreement fixes revenue shares, decision-making, cost sharing and IP maintenance;
 * - every inventor, the TTO, legal and the unit leader sign the same terms (one round); the
 *   register records the grant once the round closes signed; a new proposal only after a round
 *   that was not signed.
 */

export type OwnershipAgreementCommand = {
  type: 'ProposeOwnershipAgreement';
  achievementId: string;
  grant: ProposedGrant;
  terms: AgreementTerms;
  actor: { userId: string; role: string };
  now: string;
  facts: { register: AchievementState; policy: OwnershipPilotPolicyState };
};

export type AgreementStatus = 'none' | 'proposed' | 'signed' | 'not_signed';

export interface OwnershipAgreementState {
  achievementId: string | null;
  status: AgreementStatus;
  round: number;
  grant: AgreedGrant | null;
  terms: AgreementTerms | null;
  inventorUserIds: string[];
  signOffs: SignOffState;
}

export const initialOwnershipAgreementState: OwnershipAgreementState = {
  achievementId: null,
  status: 'none',
  round: 0,
  grant: null,
  terms: null,
  inventorUserIds: [],
  signOffs: {},
};

export const MIN_USE_RIGHT_YEARS = 10;
const MAX_USE_RIGHT_YEARS = 50;
const SIGNING_DAYS = 30;
const PROPOSERS = ['tto_officer'];

const REQUIRED_TERMS: ReadonlyArray<[keyof AgreementTerms, string, string]> = [
  ['revenueShares', 'R11_REVENUE_SHARES_REQUIRED', 'the revenue shares'],
  ['decisionMaking', 'R11_DECISION_MAKING_REQUIRED', 'how decisions are made'],
  ['costSharing', 'R11_COST_SHARING_REQUIRED', 'how costs are shared'],
  ['ipMaintenance', 'R11_IP_MAINTENANCE_REQUIRED', 'who maintains the IP (fees, prosecution, enforcement)'],
];

/** The inventors' share split by their contribution shares (whole basis points; the rest to the first listed). */
export function splitCoOwnership(
  inventorsShare: number,
  inventors: ReadonlyArray<{ userId: string; shareBasisPoints: number }>,
): CoOwnerShare[] {
  const shares = inventors.map((i) => ({ userId: i.userId, shareBasisPoints: Math.floor((inventorsShare * i.shareBasisPoints) / 10_000) }));
  const rest = inventorsShare - shares.reduce((sum, s) => sum + s.shareBasisPoints, 0);
  if (shares.length > 0) shares[0] = { ...shares[0], shareBasisPoints: shares[0].shareBasisPoints + rest };
  // An inventor whose contribution rounds to nothing holds no share of the right.
  return shares.filter((s) => s.shareBasisPoints > 0);
}

/** `years` calendar years after a calendar date (29 February rolls to 1 March). */
export function yearsAfter(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

function agreedGrant(grant: ProposedGrant, register: AchievementState): AgreedGrant | DomainRuleViolation {
  const userIds = register.inventors.map((i) => i.userId);
  switch (grant.kind) {
    case 'co_ownership': {
      const share = grant.inventorsShareBasisPoints;
      if (!Number.isInteger(share) || share < 1 || share > 9_999) return Errors.shareInvalid();
      const unitRevenue = grant.unitRevenueShareBasisPoints;
      if (unitRevenue === null || unitRevenue === undefined) return Errors.revenueSplitRequired();
      if (!Number.isInteger(unitRevenue) || unitRevenue < 0 || unitRevenue > 10_000) return Errors.revenueSplitInvalid();
      const coOwners = splitCoOwnership(share, register.inventors);
      // The co-owners' part of the income, split like their ownership (by contribution), among the co-owners only.
      const coOwnerRevenue = splitCoOwnership(10_000 - unitRevenue, register.inventors).filter((r) =>
        coOwners.some((c) => c.userId === r.userId),
      );
      const unitShareOfRevenue = 10_000 - coOwnerRevenue.reduce((sum, r) => sum + r.shareBasisPoints, 0);
      return {
        kind: 'co_owned',
        unitShareBasisPoints: 10_000 - share,
        coOwners,
        revenueSplit: { unitShareBasisPoints: unitShareOfRevenue, coOwners: coOwnerRevenue },
      };
    }
    case 'whole':
      return { kind: 'inventors', userIds };
    case 'use_right': {
      if (!Number.isInteger(grant.years) || grant.years < 1 || grant.years > MAX_USE_RIGHT_YEARS) return Errors.useRightTermInvalid();
      if (grant.years < MIN_USE_RIGHT_YEARS) return Errors.useRightTooShort(grant.years);
      if (!isCalendarDate(grant.startsOn)) return Errors.invalidDate('grant.startsOn');
      return { kind: 'use_right', userIds, years: grant.years, startsOn: grant.startsOn, endsOn: yearsAfter(grant.startsOn, grant.years) };
    }
  }
}

const GRANT_LABEL: Record<AgreedGrant['kind'], string> = {
  co_owned: '共有 / co-ownership',
  inventors: '全部所有权 / whole ownership',
  use_right: '长期使用权 / long-term use right',
};

/** The unit's share of the income, in the subject every party reads before signing (the hash binds it too). */
function revenueLabel(grant: AgreedGrant): string {
  if (grant.kind !== 'co_owned' || !grant.revenueSplit) return '';
  return `; 单位收益份额 / unit's income share ${grant.revenueSplit.unitShareBasisPoints / 100}%`;
}

function decide(command: OwnershipAgreementCommand, state: OwnershipAgreementState): OwnershipAgreementEvent[] | DomainRuleViolation {
  if (!PROPOSERS.includes(command.actor.role)) return Errors.roleNotAllowed(PROPOSERS);
  if (state.status === 'proposed' || state.status === 'signed') return Errors.agreementExists(state.status);
  const { register, policy } = command.facts;
  if (register.status === 'unregistered') return Errors.achievementNotRegistered();
  const agreementDate = shanghaiDate(command.now);
  const inForce = pilotPolicyOn(policy, agreementDate);
  if (!inForce?.pilot) return Errors.notAPilotUnit(agreementDate);
  if (register.owner.kind !== 'unit') return Errors.notOwnedByUnit(register.owner.kind);
  if (register.inventors.length === 0) return Errors.noInventors();
  const grant = agreedGrant(command.grant, register);
  if ('code' in grant) return grant;
  const terms = {} as AgreementTerms;
  for (const [field, code, what] of REQUIRED_TERMS) {
    const text = (command.terms[field] ?? '').trim();
    if (text === '') return Errors.termRequired(code, `terms.${field}`, what);
    terms[field] = text;
  }

  const inventorUserIds = register.inventors.map((i) => i.userId);
  const round = state.round + 1;
  const proposed: OwnershipAgreementProposed = {
    type: 'OwnershipAgreementProposed',
    achievementId: command.achievementId,
    grant,
    terms,
    agreementDate,
    policyVersion: inForce.version,
    inventorUserIds,
    proposedBy: command.actor.userId,
    proposedAt: command.now,
    signOffId: OWNERSHIP_AGREEMENT_SIGNATURE,
    round,
    ruleKeys: ['R11'],
  };
  const signing: SignOffEvent = {
    type: 'SignOffRoundOpened',
    signOffId: OWNERSHIP_AGREEMENT_SIGNATURE,
    round,
    subject: `科技成果赋权协议 / Ownership agreement (${GRANT_LABEL[grant.kind]}${revenueLabel(grant)}): ${register.title}`,
    termsHash: termsHash({ achievementId: command.achievementId, grant, terms, agreementDate }),
    // Every party signs the same written agreement (R11); the order among them does not matter.
    mode: { kind: 'parallel' },
    parties: [
      ...inventorUserIds.map((userId) => ({ partyId: `inventor-${userId}`, role: 'inventor', userId })),
      { partyId: 'tto', role: 'tto_officer' },
      { partyId: 'legal', role: 'legal' },
      { partyId: 'unit-leader', role: 'unit_leader' },
    ],
    deadline: new Date(Date.parse(command.now) + SIGNING_DAYS * DAY_MS).toISOString(),
    reminderOffsetsMs: [7 * DAY_MS, DAY_MS],
    escalationRole: 'tto_officer',
    openedAt: command.now,
    ruleKeys: ['R11'],
    // R4, R13: the inventors sign only for themselves, never on the unit's side.
    conflictedUserIds: inventorUserIds,
    achievementId: command.achievementId,
  };
  return [proposed, signing];
}

function evolve(state: OwnershipAgreementState, event: OwnershipAgreementEvent): OwnershipAgreementState {
  if (event.type === 'OwnershipAgreementProposed') {
    return {
      ...state,
      achievementId: event.achievementId,
      status: 'proposed',
      round: event.round,
      grant: event.grant,
      terms: event.terms,
      inventorUserIds: event.inventorUserIds,
    };
  }
  if (!isSignOffEvent(event)) return state;
  const signOffs = evolveSignOff(state.signOffs, event);
  if (event.type !== 'SignOffRoundClosed' || event.signOffId !== OWNERSHIP_AGREEMENT_SIGNATURE || event.round !== state.round) {
    return { ...state, signOffs };
  }
  return { ...state, signOffs, status: event.outcome === 'signed' ? 'signed' : 'not_signed' };
}

export const ownershipAgreementDecider: Decider<OwnershipAgreementCommand, OwnershipAgreementEvent, OwnershipAgreementState> = {
  initialState: initialOwnershipAgreementState,
  decide,
  evolve,
};
