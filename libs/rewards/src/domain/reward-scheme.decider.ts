import { Decider, DomainRuleViolation, termsHash } from '@chengguo/kernel';
import { evolveSignOff, isSignOffEvent, SignOffEvent, SignOffState } from '@chengguo/sign-off/domain';
import { RewardErrors } from './rewards.errors';
import {
  adoptionSignOffId,
  REWARD_ROUTES,
  RewardRoute,
  RewardRules,
  RewardSchemeEvent,
  RewardSchemeProposed,
  StaffConsultation,
} from './reward-scheme.events';
import {
  DEFAULT_PAYMENT_DEADLINE_DAYS,
  DEFAULT_PUBLICITY_DAYS,
  STATUTORY_CONTRIBUTOR_SHARE_BPS,
  STATUTORY_TTO_SHARE_BPS,
} from './statutory-defaults';

/**
 * The unit's reward scheme (XZ-13, R8). Invariants:
 * - a version is proposed only after a recorded staff consultation, with shares that are whole
 *   basis points not passing 100 % per route, and takes effect after the latest version;
 * - it is in force only once the unit leader adopted it and the supervisory department approved it
 *   (one sign-off round, in that order); a rejected or expired round leaves the earlier version;
 * - one proposal at a time.
 */

export interface Actor {
  userId: string;
  role: string;
}

export type RewardSchemeCommand = {
  type: 'ProposeRewardScheme';
  effectiveFrom: string;
  rules: RewardRules;
  consultation: StaffConsultation;
  actor: Actor;
  now: string;
};

export interface SchemeVersion {
  version: number;
  effectiveFrom: string;
  rules: RewardRules;
  status: 'proposed' | 'in_force' | 'not_adopted';
  signOffId: string;
}

export interface RewardSchemeState {
  versions: SchemeVersion[];
  signOffs: SignOffState;
}

export const initialRewardSchemeState: RewardSchemeState = { versions: [], signOffs: {} };

const ADOPTION_DAYS = 60;
const DAY_MS = 86_400_000;

const isCalendarDate = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
const isBps = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 10_000;
const isDays = (n: unknown, min = 1): boolean => Number.isInteger(n) && (n as number) >= min && (n as number) <= 365;

function checkRules(rules: RewardRules): DomainRuleViolation | null {
  for (const route of REWARD_ROUTES) {
    const contributors = rules.contributorShareBps[route];
    const tto = rules.ttoShareBps[route];
    if (!isBps(contributors) || !isBps(tto) || contributors + tto > 10_000) return RewardErrors.sharesInvalid(route);
  }
  if (!isDays(rules.paymentDeadlineDays)) return RewardErrors.schemeDaysInvalid('paymentDeadlineDays');
  // 0: the unit announces no distribution, except one that includes a principal leader (R9).
  if (!isDays(rules.publicityDays, 0)) return RewardErrors.schemeDaysInvalid('publicityDays');
  return null;
}

function decide(command: RewardSchemeCommand, state: RewardSchemeState): Array<RewardSchemeEvent> | DomainRuleViolation {
  if (command.actor.role !== 'tto_officer') return RewardErrors.roleNotAllowed(['tto_officer']);
  const c = command.consultation;
  if (!isCalendarDate(command.effectiveFrom)) return RewardErrors.invalidDate('effectiveFrom');
  if (!isCalendarDate(c.heldOn) || c.summary.trim() === '' || c.documentSha256.length === 0) return RewardErrors.consultationRequired();
  const invalid = checkRules(command.rules);
  if (invalid) return invalid;
  const pending = state.versions.find((v) => v.status === 'proposed');
  if (pending) return RewardErrors.proposalPending(pending.version);
  const latest = state.versions.filter((v) => v.status === 'in_force').at(-1);
  if (latest && command.effectiveFrom <= latest.effectiveFrom) return RewardErrors.effectiveDateNotLater(latest.effectiveFrom);

  const version = state.versions.length + 1;
  const signOffId = adoptionSignOffId(version);
  const proposed: RewardSchemeProposed = {
    type: 'RewardSchemeProposed',
    version,
    effectiveFrom: command.effectiveFrom,
    rules: command.rules,
    consultation: { heldOn: c.heldOn, summary: c.summary.trim(), documentSha256: [...c.documentSha256] },
    proposedBy: command.actor.userId,
    proposedAt: command.now,
    signOffId,
    ruleKeys: ['R8'],
  };
  const adoption: SignOffEvent = {
    type: 'SignOffRoundOpened',
    signOffId,
    round: 1,
    subject: `科技成果转化奖励办法（第${version}版） / Reward scheme, version ${version}, effective ${command.effectiveFrom}`,
    termsHash: termsHash({ version, effectiveFrom: command.effectiveFrom, rules: command.rules, consultation: proposed.consultation }),
    // The unit adopts it, then its supervisory department approves it (XZ-13).
    mode: { kind: 'sequence' },
    parties: [
      { partyId: 'unit-leader', role: 'unit_leader' },
      { partyId: 'supervisory-department', role: 'supervisory_department' },
    ],
    deadline: new Date(Date.parse(command.now) + ADOPTION_DAYS * DAY_MS).toISOString(),
    reminderOffsetsMs: [7 * DAY_MS, DAY_MS],
    escalationRole: 'unit_leader',
    openedAt: command.now,
    ruleKeys: ['R8'],
  };
  return [proposed, adoption];
}

function evolve(state: RewardSchemeState, event: RewardSchemeEvent): RewardSchemeState {
  if (event.type === 'RewardSchemeProposed') {
    const version: SchemeVersion = {
      version: event.version,
      effectiveFrom: event.effectiveFrom,
      rules: event.rules,
      status: 'proposed',
      signOffId: event.signOffId,
    };
    return { ...state, versions: [...state.versions, version] };
  }
  if (!isSignOffEvent(event)) return state;
  const signOffs = evolveSignOff(state.signOffs, event);
  if (event.type !== 'SignOffRoundClosed') return { ...state, signOffs };
  const status: SchemeVersion['status'] = event.outcome === 'signed' ? 'in_force' : 'not_adopted';
  return {
    signOffs,
    versions: state.versions.map((v) => (v.signOffId === event.signOffId && v.status === 'proposed' ? { ...v, status } : v)),
  };
}

export const rewardSchemeDecider: Decider<RewardSchemeCommand, RewardSchemeEvent, RewardSchemeState> = {
  initialState: initialRewardSchemeState,
  decide,
  evolve,
};

/** The rules a reward on income received on `date` is computed under: the scheme then in force, or the law's defaults. */
export interface RulesInForce {
  basis: { kind: 'scheme'; version: number; effectiveFrom: string } | { kind: 'statutory_default' };
  contributorShareBps: number | null;
  ttoShareBps: number;
  publicityDays: number;
  paymentDeadlineDays: number;
}

export function rulesInForceOn(state: RewardSchemeState, date: string, route: RewardRoute): RulesInForce {
  const version = state.versions
    .filter((v) => v.status === 'in_force' && v.effectiveFrom <= date)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
    .at(-1);
  if (!version) {
    return {
      basis: { kind: 'statutory_default' },
      contributorShareBps: STATUTORY_CONTRIBUTOR_SHARE_BPS[route],
      ttoShareBps: STATUTORY_TTO_SHARE_BPS,
      publicityDays: DEFAULT_PUBLICITY_DAYS,
      paymentDeadlineDays: DEFAULT_PAYMENT_DEADLINE_DAYS,
    };
  }
  return {
    basis: { kind: 'scheme', version: version.version, effectiveFrom: version.effectiveFrom },
    contributorShareBps: version.rules.contributorShareBps[route],
    ttoShareBps: version.rules.ttoShareBps[route],
    publicityDays: version.rules.publicityDays,
    paymentDeadlineDays: version.rules.paymentDeadlineDays,
  };
}
