import { AchievementState, unitIncomeShareOf } from '@chengguo/achievement-register/domain';
import type { IncomeLedgerState, LedgerEntry } from '@chengguo/income-ledger/domain';
import { Decider, DomainRuleViolation, shanghaiDate, shanghaiMidnight, termsHash } from '@chengguo/kernel';
import { evolveSignOff, isSignOffEvent, SignOffEvent, SignOffState } from '@chengguo/sign-off/domain';
import { isPrincipalLeaderOn, LeaderRosterState } from './leader-roster.decider';
import { Actor, rulesInForceOn, RewardSchemeState } from './reward-scheme.decider';
import { RewardRoute } from './reward-scheme.events';
import {
  ContributorReward,
  ExcludedReceipt,
  PooledReceipt,
  REWARD_APPROVAL,
  RewardDistributionComputed,
  RewardDistributionEvent,
  TaxTreatment,
  teamAgreementSignOffId,
} from './reward-distribution.events';
import { DistributionErrors, RewardErrors } from './rewards.errors';
import { DEFAULT_PUBLICITY_DAYS } from './statutory-defaults';

/**
 * A reward distribution for one achievement and one income year (R8–R10; XZ-13–15). Invariants:
 * - R8: every receipt in the pool arises from a registered contract (a transfer case's registration,
 *   or a technology contract's registration in the income ledger); one that is not refuses the
 *   computation until it is registered;
 * - the pool follows the scheme in force on each receipt's date, or the law's default (≥ 50 % of net
 *   income of a transfer or licence, of shares received for an investment); deductible costs of the
 *   year reduce the cash pool in proportion; nothing is computed from the caller's figures;
 * - R11 (ADR 24): only the unit's own income funds the pools: of a co-owned achievement, the share
 *   the co-ownership agreement gives the unit (the register's record), the co-owners' part being theirs;
 * - the split follows the register's inventor shares, or a team agreement every contributor signed;
 * - R9: a principal leader (on the roster on the day of computation) receives cash only — an equity
 *   share is refused unless recorded as waived — and a distribution including one is always announced;
 * - R10: every reward carries its tax treatment; R4/R13: approval by the TTO, finance and the unit
 *   leader, none of them a contributor or the officer who computed it;
 * - paid only after approval and the announcement, once per contributor.
 */

/** Facts of other streams, loaded by the command path: never the caller's. */
export interface DistributionFacts {
  income: IncomeLedgerState;
  register: AchievementState;
  scheme: RewardSchemeState;
  roster: LeaderRosterState;
  /** R8: the registration of each transfer case the year's receipts name; null when not registered. */
  caseRegistrations: Record<string, { registrationNumber: string; registeredOn: string } | null>;
}

export type RewardDistributionCommand =
  | {
      type: 'ComputeRewardDistribution';
      distributionId: string;
      achievementId: string;
      year: number;
      /** R9: principal leaders whose equity share the TTO records as waived (it stays with the unit). */
      waiveLeaderEquity: string[];
      facts: DistributionFacts;
      actor: Actor;
      now: string;
    }
  | { type: 'ProposeRewardSplit'; shares: Array<{ userId: string; shareBps: number }>; reason: string; actor: Actor; now: string }
  | { type: 'OpenRewardApproval'; actor: Actor; now: string }
  | { type: 'AnnounceRewardDistribution'; actor: Actor; now: string }
  | { type: 'CompleteRewardAnnouncement'; now: string }
  | { type: 'RecordRewardPayment'; userId: string; paidOn: string; paymentReference: string; actor: Actor; now: string };

export type DistributionStatus = 'none' | 'computed' | 'in_approval' | 'approved' | 'announced' | 'payable' | 'settled';

export interface RewardDistributionState {
  status: DistributionStatus;
  distributionId: string | null;
  computedBy: string | null;
  cashPoolFen: number;
  equityPoolFen: number;
  contributors: ContributorReward[];
  waivedLeaderEquity: string[];
  announcementDays: number;
  announcementEndsAt: string | null;
  pendingSplit: { signOffId: string; contributors: ContributorReward[] } | null;
  teamAgreements: number;
  approvalRounds: number;
  paidUserIds: string[];
  signOffs: SignOffState;
}

export const initialRewardDistributionState: RewardDistributionState = {
  status: 'none',
  distributionId: null,
  computedBy: null,
  cashPoolFen: 0,
  equityPoolFen: 0,
  contributors: [],
  waivedLeaderEquity: [],
  announcementDays: 0,
  announcementEndsAt: null,
  pendingSplit: null,
  teamAgreements: 0,
  approvalRounds: 0,
  paidUserIds: [],
  signOffs: {},
};

const DAY_MS = 86_400_000;
const SIGNING_DAYS = 30;
const ROUTE_OF_SOURCE: Partial<Record<string, RewardRoute>> = {
  transfer: 'transfer',
  license: 'license',
  equity_investment: 'equity_investment',
  technology_contract: 'technology_contract',
};

const isCalendarDate = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** R10: half of a cash reward counts as wage income (rounded half up), none of it in next year's wage-total base. */
export function taxTreatmentOf(cashFen: number, equityFen: number): TaxTreatment[] {
  const tax: TaxTreatment[] = [];
  if (cashFen > 0)
    tax.push({ kind: 'cash_half_as_wage_income', countsAsWageIncomeFen: Math.floor((cashFen + 1) / 2), inWageTotalBase: false });
  if (equityFen > 0) tax.push({ kind: 'equity_deferred_until_dividend_or_sale' });
  return tax;
}

/** `pool` split by basis points (together 10000), exactly: floors, then the remaining fen by largest remainder. */
export function splitByShares(pool: number, shares: number[]): number[] {
  const exact = shares.map((bps) => BigInt(pool) * BigInt(bps));
  const floors = exact.map((v) => Number(v / 10_000n));
  let left = pool - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((v, i) => ({ i, rest: Number(v % 10_000n) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors;
}

interface Person {
  userId: string;
  name: string;
  shareBps: number;
  principalLeader: boolean;
}

/** The contributors' rewards for a split; R9 refuses (or records as waived) a principal leader's equity. */
function rewardsFor(
  people: Person[],
  cashPoolFen: number,
  equityPoolFen: number,
  waive: readonly string[],
): { contributors: ContributorReward[]; waived: Array<{ userId: string; equityFen: number }> } | DomainRuleViolation {
  const cash = splitByShares(
    cashPoolFen,
    people.map((p) => p.shareBps),
  );
  const equity = splitByShares(
    equityPoolFen,
    people.map((p) => p.shareBps),
  );
  const waived: Array<{ userId: string; equityFen: number }> = [];
  const contributors: ContributorReward[] = [];
  for (const [i, p] of people.entries()) {
    let equityFen = equity[i];
    if (p.principalLeader && equityFen > 0) {
      if (!waive.includes(p.userId)) return DistributionErrors.leaderEquity(p.userId, equityFen);
      waived.push({ userId: p.userId, equityFen });
      equityFen = 0;
    }
    contributors.push({ ...p, cashFen: cash[i], equityFen, tax: taxTreatmentOf(cash[i], equityFen) });
  }
  return { contributors, waived };
}

function compute(
  command: Extract<RewardDistributionCommand, { type: 'ComputeRewardDistribution' }>,
  state: RewardDistributionState,
): RewardDistributionEvent[] | DomainRuleViolation {
  if (command.actor.role !== 'tto_officer') return RewardErrors.roleNotAllowed(['tto_officer']);
  if (state.status !== 'none') return DistributionErrors.alreadyComputed();
  const { income, register, scheme, roster, caseRegistrations } = command.facts;
  if (register.status === 'unregistered') return DistributionErrors.achievementNotRegistered();
  const today = shanghaiDate(command.now);
  if (command.year >= Number(today.slice(0, 4))) return DistributionErrors.periodNotEnded(command.year);

  const ofYear = Object.values(income.entries)
    .filter((e) => Number(e.on.slice(0, 4)) === command.year)
    .sort((a, b) => (a.on === b.on ? (a.entryId < b.entryId ? -1 : 1) : a.on < b.on ? -1 : 1));
  const receipts = ofYear.filter((e): e is LedgerEntry & { kind: 'receipt' } => e.kind === 'receipt');
  const cashReceivedFen = receipts.filter((e) => e.form === 'cash').reduce((sum, e) => sum + e.amountFen, 0);
  const deductibleCostsFen = ofYear.filter((e) => e.kind === 'cost').reduce((sum, e) => sum + e.amountFen, 0);
  const netIncomeFen = cashReceivedFen - deductibleCostsFen;

  const pooled: PooledReceipt[] = [];
  const excluded: ExcludedReceipt[] = [];
  for (const r of receipts) {
    const route = ROUTE_OF_SOURCE[r.source ?? ''];
    if (!route) {
      excluded.push({ receiptId: r.entryId, source: r.source ?? 'unknown', reason: 'not_a_reward_route' });
      continue;
    }
    const reference = r.contractReference ?? '';
    const registration = route === 'technology_contract' ? income.registrations[reference] : caseRegistrations[reference];
    if (!registration) return DistributionErrors.contractNotRegistered(r.entryId, reference);
    const rules = rulesInForceOn(scheme, r.on, route);
    if (rules.contributorShareBps === null) return DistributionErrors.noSchemeForRoute(r.entryId, route);
    pooled.push({
      receiptId: r.entryId,
      route,
      form: r.form ?? 'cash',
      amountFen: r.amountFen,
      receivedOn: r.on,
      basis: rules.basis,
      contributorShareBps: rules.contributorShareBps,
      ttoShareBps: rules.ttoShareBps,
      registrationNumber: registration.registrationNumber,
    });
  }

  // R11: the unit's own part of the income (all of it unless co-owned); each pool is a share of that part.
  const share = unitIncomeShareOf(register);
  const unitBps = BigInt(share.shareBasisPoints);
  const unitIncome = { ...share, netIncomeFen: Number((BigInt(netIncomeFen) * unitBps) / 10_000n) };
  // Costs reduce the cash of every receipt of the year in proportion (net / gross), computed exactly.
  const net = BigInt(Math.max(0, netIncomeFen));
  const gross = BigInt(cashReceivedFen);
  const cashShare = (pick: (r: PooledReceipt) => number): number => {
    if (gross === 0n) return 0;
    const weighted = pooled.filter((r) => r.form === 'cash').reduce((sum, r) => sum + BigInt(r.amountFen) * BigInt(pick(r)), 0n);
    return Number((weighted * net * unitBps) / (gross * 10_000n * 10_000n));
  };
  const cashPoolFen = cashShare((r) => r.contributorShareBps);
  const ttoShareFen = cashShare((r) => r.ttoShareBps);
  const equityPoolFen = Number(
    (pooled.filter((r) => r.form === 'equity').reduce((sum, r) => sum + BigInt(r.amountFen) * BigInt(r.contributorShareBps), 0n) *
      unitBps) /
      100_000_000n,
  );
  if (cashPoolFen + equityPoolFen === 0) return DistributionErrors.nothingToDistribute();

  const people: Person[] = register.inventors.map((i) => ({
    userId: i.userId,
    name: i.name,
    shareBps: i.shareBasisPoints,
    principalLeader: isPrincipalLeaderOn(roster, i.userId, today),
  }));
  const split = rewardsFor(people, cashPoolFen, equityPoolFen, command.waiveLeaderEquity);
  if (split instanceof DomainRuleViolation) return split;

  const rulesToday = rulesInForceOn(scheme, today, 'transfer');
  const includesLeader = people.some((p) => p.principalLeader);
  const computed: RewardDistributionComputed = {
    type: 'RewardDistributionComputed',
    distributionId: command.distributionId,
    achievementId: command.achievementId,
    year: command.year,
    receipts: pooled,
    excluded,
    cashReceivedFen,
    deductibleCostsFen,
    netIncomeFen,
    unitIncome,
    cashPoolFen,
    equityPoolFen,
    ttoShareFen,
    contributors: split.contributors,
    waivedLeaderEquity: split.waived,
    // R9: a distribution including a principal leader is always announced, whatever the scheme says.
    announcementDays: includesLeader ? Math.max(rulesToday.publicityDays, DEFAULT_PUBLICITY_DAYS) : rulesToday.publicityDays,
    paymentDeadlineDays: rulesToday.paymentDeadlineDays,
    computedBy: command.actor.userId,
    computedAt: command.now,
    ruleKeys: ['R8', 'R9', 'R10'],
  };
  return [computed];
}

function decide(command: RewardDistributionCommand, state: RewardDistributionState): RewardDistributionEvent[] | DomainRuleViolation {
  if (command.type === 'ComputeRewardDistribution') return compute(command, state);
  if (state.status === 'none') return DistributionErrors.notComputed();
  const distributionId = state.distributionId as string;
  switch (command.type) {
    case 'ProposeRewardSplit': {
      if (command.actor.role !== 'tto_officer') return RewardErrors.roleNotAllowed(['tto_officer']);
      if (state.status !== 'computed') return DistributionErrors.wrongStatus(state.status, 'split anew');
      if (state.pendingSplit) return DistributionErrors.splitPending();
      if (command.reason.trim() === '') return DistributionErrors.reasonRequired();
      const ids = state.contributors.map((c) => c.userId);
      const shares = command.shares;
      const valid =
        shares.length === ids.length &&
        new Set(shares.map((s) => s.userId)).size === ids.length &&
        shares.every((s) => ids.includes(s.userId) && Number.isInteger(s.shareBps) && s.shareBps >= 0 && s.shareBps <= 10_000) &&
        shares.reduce((sum, s) => sum + s.shareBps, 0) === 10_000;
      if (!valid) return DistributionErrors.sharesInvalid();
      const people: Person[] = state.contributors.map((c) => ({
        userId: c.userId,
        name: c.name,
        principalLeader: c.principalLeader,
        shareBps: shares.find((s) => s.userId === c.userId)?.shareBps ?? 0,
      }));
      const split = rewardsFor(people, state.cashPoolFen, state.equityPoolFen, state.waivedLeaderEquity);
      if (split instanceof DomainRuleViolation) return split;
      const n = state.teamAgreements + 1;
      const signOffId = teamAgreementSignOffId(n);
      const orderedShares = people.map((p) => ({ userId: p.userId, shareBps: p.shareBps }));
      const agreement: SignOffEvent = {
        type: 'SignOffRoundOpened',
        signOffId,
        round: 1,
        subject: `奖励分配团队协议 / Team agreement on reward shares (${distributionId})`,
        termsHash: termsHash({ distributionId, shares: orderedShares, contributors: split.contributors }),
        mode: { kind: 'parallel' },
        // Every contributor signs for themselves: the agreement changes what each receives (R8).
        parties: state.contributors.map((c) => ({ partyId: `contributor:${c.userId}`, role: 'inventor', userId: c.userId })),
        deadline: new Date(Date.parse(command.now) + SIGNING_DAYS * DAY_MS).toISOString(),
        reminderOffsetsMs: [7 * DAY_MS, DAY_MS],
        escalationRole: 'tto_officer',
        openedAt: command.now,
        ruleKeys: ['R8'],
      };
      return [
        {
          type: 'RewardSplitProposed',
          distributionId,
          signOffId,
          shares: orderedShares,
          contributors: split.contributors,
          reason: command.reason.trim(),
          proposedBy: command.actor.userId,
          proposedAt: command.now,
          ruleKeys: ['R8'],
        },
        agreement,
      ];
    }
    case 'OpenRewardApproval': {
      if (command.actor.role !== 'tto_officer') return RewardErrors.roleNotAllowed(['tto_officer']);
      if (state.status !== 'computed') return DistributionErrors.wrongStatus(state.status, 'sent for approval');
      if (state.pendingSplit) return DistributionErrors.splitPending();
      const round = state.approvalRounds + 1;
      return [
        {
          type: 'SignOffRoundOpened',
          signOffId: REWARD_APPROVAL,
          round,
          subject: `奖励分配审批 / Approve the reward distribution (${distributionId})`,
          termsHash: termsHash({ distributionId, contributors: state.contributors, announcementDays: state.announcementDays }),
          mode: { kind: 'sequence' },
          parties: [
            { partyId: 'tto-head', role: 'tto_officer' },
            { partyId: 'finance', role: 'finance' },
            { partyId: 'unit-leader', role: 'unit_leader' },
          ],
          deadline: new Date(Date.parse(command.now) + SIGNING_DAYS * DAY_MS).toISOString(),
          reminderOffsetsMs: [7 * DAY_MS, DAY_MS],
          escalationRole: 'unit_leader',
          openedAt: command.now,
          ruleKeys: ['R8', 'R4', 'R13'],
          // R4, R13: no contributor approves their own reward, nor the officer who computed it.
          conflictedUserIds: [...new Set([...state.contributors.map((c) => c.userId), state.computedBy as string])],
        },
      ];
    }
    case 'AnnounceRewardDistribution': {
      if (command.actor.role !== 'tto_officer') return RewardErrors.roleNotAllowed(['tto_officer']);
      if (state.status !== 'approved') return DistributionErrors.wrongStatus(state.status, 'announced');
      const days = state.announcementDays;
      return [
        {
          type: 'RewardDistributionAnnounced',
          distributionId,
          announcedAt: command.now,
          endsAt: shanghaiMidnight(shanghaiDate(command.now), days + 1),
          days,
          includesPrincipalLeader: state.contributors.some((c) => c.principalLeader),
          announcedBy: command.actor.userId,
          ruleKeys: ['R9'],
        },
      ];
    }
    case 'CompleteRewardAnnouncement': {
      if (state.status === 'payable' || state.status === 'settled') return [];
      if (state.status !== 'announced') return DistributionErrors.wrongStatus(state.status, 'ended as announced');
      const endsAt = state.announcementEndsAt as string;
      if (Date.parse(command.now) < Date.parse(endsAt)) return DistributionErrors.announcementNotOver(endsAt);
      return [{ type: 'RewardAnnouncementCompleted', distributionId, completedAt: command.now, ruleKeys: ['R9'] }];
    }
    case 'RecordRewardPayment': {
      if (command.actor.role !== 'finance') return RewardErrors.roleNotAllowed(['finance']);
      if (state.status === 'announced') return DistributionErrors.announcementNotOver(state.announcementEndsAt as string);
      if (state.status !== 'payable') return DistributionErrors.wrongStatus(state.status, 'paid');
      const reward = state.contributors.find((c) => c.userId === command.userId && c.cashFen + c.equityFen > 0);
      if (!reward) return DistributionErrors.notAContributor(command.userId);
      if (state.paidUserIds.includes(command.userId)) return DistributionErrors.alreadyPaid(command.userId);
      if (!isCalendarDate(command.paidOn)) return DistributionErrors.invalidDate('paidOn');
      if (command.paidOn > shanghaiDate(command.now)) return DistributionErrors.dateInFuture('paidOn');
      if (command.paymentReference.trim() === '') return DistributionErrors.reasonRequired();
      const events: RewardDistributionEvent[] = [
        {
          type: 'RewardPaid',
          distributionId,
          userId: reward.userId,
          name: reward.name,
          cashFen: reward.cashFen,
          equityFen: reward.equityFen,
          principalLeader: reward.principalLeader,
          tax: reward.tax,
          paidOn: command.paidOn,
          paymentReference: command.paymentReference.trim(),
          paidBy: command.actor.userId,
          recordedAt: command.now,
          ruleKeys: ['R8', 'R10'],
        },
      ];
      const owed = state.contributors.filter((c) => c.cashFen + c.equityFen > 0).map((c) => c.userId);
      if (owed.every((id) => id === command.userId || state.paidUserIds.includes(id)))
        events.push({ type: 'RewardDistributionSettled', distributionId, settledAt: command.now, ruleKeys: ['R8'] });
      return events;
    }
  }
}

function evolve(state: RewardDistributionState, event: RewardDistributionEvent): RewardDistributionState {
  if (isSignOffEvent(event)) {
    const signOffs = evolveSignOff(state.signOffs, event);
    if (event.type === 'SignOffRoundOpened' && event.signOffId === REWARD_APPROVAL)
      return { ...state, signOffs, status: 'in_approval', approvalRounds: event.round };
    if (event.type !== 'SignOffRoundClosed') return { ...state, signOffs };
    const signed = event.outcome === 'signed';
    if (event.signOffId === REWARD_APPROVAL) {
      const approved: DistributionStatus = state.announcementDays > 0 ? 'approved' : 'payable';
      return { ...state, signOffs, status: signed ? approved : 'computed' };
    }
    if (state.pendingSplit && event.signOffId === state.pendingSplit.signOffId) {
      return { ...state, signOffs, pendingSplit: null, contributors: signed ? state.pendingSplit.contributors : state.contributors };
    }
    return { ...state, signOffs };
  }
  switch (event.type) {
    case 'RewardDistributionComputed':
      return {
        ...state,
        status: 'computed',
        distributionId: event.distributionId,
        computedBy: event.computedBy,
        cashPoolFen: event.cashPoolFen,
        equityPoolFen: event.equityPoolFen,
        contributors: event.contributors,
        waivedLeaderEquity: event.waivedLeaderEquity.map((w) => w.userId),
        announcementDays: event.announcementDays,
      };
    case 'RewardSplitProposed':
      return {
        ...state,
        pendingSplit: { signOffId: event.signOffId, contributors: event.contributors },
        teamAgreements: state.teamAgreements + 1,
      };
    case 'RewardDistributionAnnounced':
      return { ...state, status: 'announced', announcementEndsAt: event.endsAt };
    case 'RewardAnnouncementCompleted':
      return { ...state, status: 'payable' };
    case 'RewardPaid':
      return { ...state, paidUserIds: [...state.paidUserIds, event.userId] };
    case 'RewardDistributionSettled':
      return { ...state, status: 'settled' };
  }
}

export const rewardDistributionDecider: Decider<RewardDistributionCommand, RewardDistributionEvent, RewardDistributionState> = {
  initialState: initialRewardDistributionState,
  decide,
  evolve,
};
