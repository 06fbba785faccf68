import { Decider, DomainRuleViolation } from '@chengguo/kernel';
import type { Actor } from './reward-scheme.decider';
import { RewardErrors } from './rewards.errors';
import { LeaderRosterEvent } from './leader-roster.events';

/**
 * The principal-leader roster (R9; XZ-14). Invariants: a tenure has a person, a post and a start;
 * one person's tenures never overlap; a tenure ends on or after it began; declared pre-tenure equity
 * belongs to a person on the roster.
 */

export type LeaderRosterCommand =
  | { type: 'BeginTenure'; userId: string; name: string; post: string; from: string; actor: Actor; now: string }
  | { type: 'EndTenure'; userId: string; until: string; actor: Actor; now: string }
  | { type: 'DeclarePreTenureEquity'; userId: string; company: string; holding: string; declaredOn: string; actor: Actor; now: string };

export interface Tenure {
  userId: string;
  name: string;
  post: string;
  from: string;
  until: string | null;
}

export interface DeclaredEquity {
  userId: string;
  company: string;
  holding: string;
  declaredOn: string;
}

export interface LeaderRosterState {
  tenures: Tenure[];
  equity: DeclaredEquity[];
}

export const initialLeaderRosterState: LeaderRosterState = { tenures: [], equity: [] };

const ROSTER_KEEPERS = ['admin'];
const isCalendarDate = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

function decide(command: LeaderRosterCommand, state: LeaderRosterState): LeaderRosterEvent[] | DomainRuleViolation {
  if (!ROSTER_KEEPERS.includes(command.actor.role)) return RewardErrors.roleNotAllowed(ROSTER_KEEPERS);
  const base = { recordedBy: command.actor.userId, recordedAt: command.now, ruleKeys: ['R9'] };
  switch (command.type) {
    case 'BeginTenure': {
      if (command.userId.trim() === '' || command.post.trim() === '' || !isCalendarDate(command.from)) return RewardErrors.postInvalid();
      const overlapping = state.tenures.some((t) => t.userId === command.userId && (t.until === null || t.until >= command.from));
      if (overlapping) return RewardErrors.tenureOverlaps(command.userId);
      return [
        {
          type: 'PrincipalLeaderTenureBegan',
          userId: command.userId,
          name: command.name.trim(),
          post: command.post.trim(),
          from: command.from,
          ...base,
        },
      ];
    }
    case 'EndTenure': {
      const open = state.tenures.find((t) => t.userId === command.userId && t.until === null);
      if (!open) return RewardErrors.tenureNotFound(command.userId);
      if (!isCalendarDate(command.until) || command.until < open.from) return RewardErrors.postInvalid();
      return [{ type: 'PrincipalLeaderTenureEnded', userId: command.userId, until: command.until, ...base }];
    }
    case 'DeclarePreTenureEquity': {
      if (!state.tenures.some((t) => t.userId === command.userId)) return RewardErrors.tenureNotFound(command.userId);
      if (command.company.trim() === '' || command.holding.trim() === '' || !isCalendarDate(command.declaredOn))
        return RewardErrors.postInvalid();
      return [
        {
          type: 'PreTenureEquityDeclared',
          userId: command.userId,
          company: command.company.trim(),
          holding: command.holding.trim(),
          declaredOn: command.declaredOn,
          ...base,
        },
      ];
    }
  }
}

function evolve(state: LeaderRosterState, event: LeaderRosterEvent): LeaderRosterState {
  switch (event.type) {
    case 'PrincipalLeaderTenureBegan':
      return {
        ...state,
        tenures: [...state.tenures, { userId: event.userId, name: event.name, post: event.post, from: event.from, until: null }],
      };
    case 'PrincipalLeaderTenureEnded':
      return {
        ...state,
        tenures: state.tenures.map((t) => (t.userId === event.userId && t.until === null ? { ...t, until: event.until } : t)),
      };
    case 'PreTenureEquityDeclared':
      return {
        ...state,
        equity: [...state.equity, { userId: event.userId, company: event.company, holding: event.holding, declaredOn: event.declaredOn }],
      };
  }
}

export const leaderRosterDecider: Decider<LeaderRosterCommand, LeaderRosterEvent, LeaderRosterState> = {
  initialState: initialLeaderRosterState,
  decide,
  evolve,
};

/** R9: whether `userId` held a principal leader's post on `date`. */
export function isPrincipalLeaderOn(state: LeaderRosterState, userId: string, date: string): boolean {
  return state.tenures.some((t) => t.userId === userId && t.from <= date && (t.until === null || date <= t.until));
}

/** The same calendar date one year later (29 February → 28 February). */
export function oneYearAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * R9: when a leader's pre-tenure equity is released — the day after one year from leaving the post;
 * null while they still hold it (locked with no date yet).
 */
export function equityReleasedOn(state: LeaderRosterState, userId: string): string | null {
  const tenures = state.tenures.filter((t) => t.userId === userId);
  if (tenures.length === 0 || tenures.some((t) => t.until === null)) return null;
  const lastDay = tenures
    .map((t) => t.until as string)
    .sort()
    .at(-1) as string;
  const dayAfter = new Date(Date.parse(`${oneYearAfter(lastDay)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return dayAfter;
}
