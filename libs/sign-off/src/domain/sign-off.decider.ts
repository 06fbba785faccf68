import { DomainRuleViolation } from '@chengguo/kernel';
import { SignOffErrors } from './sign-off.errors';
import { SignOffEvent, SignOffMode, SignOffOutcome, SignOffParty, SignOffRoundClosed, SignOffRoundOpened } from './sign-off.events';

/**
 * The multi-party sign-off round, reused by every process that needs several parties to sign the
 * same terms before a deadline. Invariants:
 * - every signature binds to the current round's terms hash; a new round voids the old one;
 * - only a listed party, or its recorded delegate holding the same role, acts for the party;
 * - R4, R13: a user the owning process named conflicted acts for no party but one naming them
 *   personally, neither delegates such a party nor receives a delegation of it;
 * - sequence rounds are signed in order; quorum rounds close once k have signed or k is out of reach;
 * - after the deadline only the escalation role decides: extend once, or close as expired.
 * Pure: no I/O, no clock (time arrives as `now`). The round workflow keeps its own small, versioned
 * fold of these events (workflows/sign-off), so a change here never changes a running workflow's replay.
 */

export interface Actor {
  userId: string;
  role: string;
}

export type PartyDecision = 'pending' | 'signed' | 'rejected' | 'abstained';

export interface PartyState {
  party: SignOffParty;
  decision: PartyDecision;
  decidedBy: string | null;
  delegation: { fromUserId: string; toUserId: string; used: boolean } | null;
  overdue: boolean;
}

export interface SignOffRound {
  signOffId: string;
  round: number;
  subject: string;
  termsHash: string;
  mode: SignOffMode;
  parties: PartyState[];
  deadline: string;
  reminderOffsetsMs: number[];
  remindersSent: number[];
  escalationRole: string;
  /** R4, R13: who may act only for a party naming them personally (see SignOffRoundOpened). */
  conflictedUserIds: string[];
  status: 'open' | 'expired' | 'closed';
  outcome: SignOffOutcome | null;
  extended: boolean;
}

/** Sign-offs of one stream, by sign-off id (a stream may hold several, e.g. confirm then approve). */
export type SignOffState = Record<string, SignOffRound>;

export type SignOffCommand =
  | {
      type: 'OpenSignOffRound';
      signOffId: string;
      subject: string;
      termsHash: string;
      mode: SignOffMode;
      parties: SignOffParty[];
      deadline: string;
      reminderOffsetsMs: number[];
      escalationRole: string;
      ruleKeys: string[];
      /** R4, R13: decided by the owning process from the record (inventors, preparer), never by the caller. */
      conflictedUserIds?: string[];
      /** The achievement the signed record concerns, for the read side (see SignOffRoundOpened). */
      achievementId?: string;
      now: string;
    }
  | { type: 'Sign'; signOffId: string; termsHash: string; partyId?: string; actor: Actor; now: string }
  | { type: 'Reject'; signOffId: string; reason: string; partyId?: string; actor: Actor; now: string }
  | { type: 'Abstain'; signOffId: string; partyId?: string; actor: Actor; now: string }
  | { type: 'Delegate'; signOffId: string; toUserId: string; partyId?: string; actor: Actor; now: string }
  | { type: 'RevokeDelegation'; signOffId: string; partyId?: string; actor: Actor; now: string }
  | { type: 'RecordReminder'; signOffId: string; round: number; offsetMs: number; now: string }
  | { type: 'RecordPartyOverdue'; signOffId: string; round: number; partyId: string; now: string }
  | { type: 'RecordRoundExpiry'; signOffId: string; round: number; now: string }
  | { type: 'ExtendDeadline'; signOffId: string; newDeadline: string; actor: Actor; now: string }
  | { type: 'CloseAsExpired'; signOffId: string; actor: Actor; now: string };

const ms = (iso: string): number => Date.parse(iso);

function closed(round: SignOffRound, outcome: SignOffOutcome, now: string, closedBy: string | null): SignOffRoundClosed {
  return { type: 'SignOffRoundClosed', signOffId: round.signOffId, round: round.round, outcome, closedAt: now, closedBy };
}

function validateOpening(command: Extract<SignOffCommand, { type: 'OpenSignOffRound' }>): DomainRuleViolation | null {
  if (command.parties.length === 0) return SignOffErrors.invalidRound('A sign-off names at least one party.');
  const ids = new Set(command.parties.map((p) => p.partyId));
  if (ids.size !== command.parties.length) return SignOffErrors.invalidRound('Party ids must be unique.');
  if (!/^[0-9a-f]{64}$/.test(command.termsHash)) return SignOffErrors.invalidRound('termsHash must be a SHA-256 hex digest.');
  if (Number.isNaN(ms(command.deadline)) || ms(command.deadline) <= ms(command.now)) {
    return SignOffErrors.invalidRound('The deadline must lie in the future.');
  }
  for (const party of command.parties) {
    if (party.deadline !== undefined && (Number.isNaN(ms(party.deadline)) || ms(party.deadline) > ms(command.deadline))) {
      return SignOffErrors.invalidRound(`Party ${party.partyId}'s deadline must be a valid instant no later than the round's.`);
    }
  }
  if (command.reminderOffsetsMs.some((o) => !Number.isInteger(o) || o <= 0)) {
    return SignOffErrors.invalidRound('Reminder offsets are positive whole milliseconds before the deadline.');
  }
  if (command.mode.kind === 'quorum') {
    const k = command.mode.required;
    if (!Number.isInteger(k) || k < 1 || k > command.parties.length) {
      return SignOffErrors.invalidRound(`A quorum needs between 1 and ${command.parties.length} signatures.`);
    }
  }
  return null;
}

/** Which party the actor acts for: their own, one delegated to them, or a role-only party of their role. */
function resolveParty(
  round: SignOffRound,
  actor: Actor,
  partyId: string | undefined,
  pendingOnly: boolean,
): { party: PartyState; onBehalfOf: string | null } | DomainRuleViolation {
  const candidates = round.parties.flatMap((p): Array<{ party: PartyState; onBehalfOf: string | null }> => {
    if (partyId !== undefined && p.party.partyId !== partyId) return [];
    const delegatedToActor = p.delegation !== null && p.delegation.toUserId === actor.userId && actor.role === p.party.role;
    if (delegatedToActor) return [{ party: p, onBehalfOf: p.delegation!.fromUserId }];
    const own = p.party.role === actor.role && (p.party.userId === undefined || p.party.userId === actor.userId);
    return own ? [{ party: p, onBehalfOf: null }] : [];
  });
  if (candidates.length === 0) return SignOffErrors.notAParty(actor.userId);
  if (candidates.length === 1) return candidates[0];
  const pending = candidates.filter((c) => c.party.decision === 'pending');
  if (pendingOnly && pending.length === 1) return pending[0];
  // The same user decided already for one of them: idempotent repeats resolve to that one.
  const decidedByActor = candidates.filter((c) => c.party.decidedBy === actor.userId);
  if (!pendingOnly && pending.length === 0 && decidedByActor.length === 1) return decidedByActor[0];
  if (pending.length === 1) return pending[0];
  return SignOffErrors.ambiguousParty(candidates.map((c) => c.party.party.partyId));
}

/**
 * R4, R13: is `userId` conflicted for this party? A party naming the user personally is their own
 * side (an inventor signing as inventor), so only other parties are barred to them.
 */
function conflictedFor(round: SignOffRound, userId: string, party: PartyState): boolean {
  return round.conflictedUserIds.includes(userId) && party.party.userId !== userId;
}

function requireOpen(state: SignOffState, signOffId: string): SignOffRound | DomainRuleViolation {
  const round = state[signOffId];
  if (!round) return SignOffErrors.notFound(signOffId);
  if (round.status === 'closed') return SignOffErrors.closed(round.outcome ?? 'closed');
  if (round.status === 'expired') return SignOffErrors.expired();
  return round;
}

function signedCount(round: SignOffRound, extra = 0): number {
  return round.parties.filter((p) => p.decision === 'signed').length + extra;
}

export function decideSignOff(command: SignOffCommand, state: SignOffState): SignOffEvent[] | DomainRuleViolation {
  switch (command.type) {
    case 'OpenSignOffRound': {
      const invalid = validateOpening(command);
      if (invalid) return invalid;
      const previous = state[command.signOffId];
      const events: SignOffEvent[] = [];
      if (previous && previous.status !== 'closed') events.push(closed(previous, 'voided', command.now, null));
      events.push({
        type: 'SignOffRoundOpened',
        signOffId: command.signOffId,
        round: (previous?.round ?? 0) + 1,
        subject: command.subject,
        termsHash: command.termsHash,
        mode: command.mode,
        parties: command.parties,
        deadline: command.deadline,
        reminderOffsetsMs: [...command.reminderOffsetsMs].sort((a, b) => b - a),
        escalationRole: command.escalationRole,
        openedAt: command.now,
        ruleKeys: command.ruleKeys,
        // Only when someone is conflicted: rounds without conflicts keep the shape they always had.
        ...(command.conflictedUserIds?.length ? { conflictedUserIds: [...new Set(command.conflictedUserIds)].sort() } : {}),
        ...(command.achievementId ? { achievementId: command.achievementId } : {}),
      });
      return events;
    }

    case 'Sign': {
      const round = requireOpen(state, command.signOffId);
      if (round instanceof DomainRuleViolation) {
        // Signing again after the round closed as signed is a harmless repeat, not an error.
        return alreadySignedBy(state[command.signOffId], command.actor, command.termsHash) ? [] : round;
      }
      if (command.termsHash !== round.termsHash) return SignOffErrors.staleTerms(round.termsHash);
      const resolved = resolveParty(round, command.actor, command.partyId, false);
      if (resolved instanceof DomainRuleViolation) return resolved;
      const { party, onBehalfOf } = resolved;
      if (conflictedFor(round, command.actor.userId, party))
        return SignOffErrors.conflictOfInterest(command.actor.userId, party.party.partyId);
      if (party.decision === 'signed') return [];
      if (party.decision !== 'pending') return SignOffErrors.alreadyDecided(party.decision);
      if (round.mode.kind === 'sequence') {
        const next = round.parties.find((p) => p.decision !== 'signed');
        if (next && next.party.partyId !== party.party.partyId) return SignOffErrors.outOfSequence(next.party.partyId);
      }
      const events: SignOffEvent[] = [
        {
          type: 'SignOffSigned',
          signOffId: round.signOffId,
          round: round.round,
          partyId: party.party.partyId,
          userId: command.actor.userId,
          onBehalfOf,
          termsHash: round.termsHash,
          signedAt: command.now,
        },
      ];
      const required = round.mode.kind === 'quorum' ? round.mode.required : round.parties.length;
      if (signedCount(round, 1) >= required) events.push(closed(round, 'signed', command.now, null));
      return events;
    }

    case 'Reject': {
      const round = requireOpen(state, command.signOffId);
      if (round instanceof DomainRuleViolation) return round;
      if (command.reason.trim().length === 0) return SignOffErrors.reasonRequired();
      const resolved = resolveParty(round, command.actor, command.partyId, true);
      if (resolved instanceof DomainRuleViolation) return resolved;
      const { party, onBehalfOf } = resolved;
      if (conflictedFor(round, command.actor.userId, party))
        return SignOffErrors.conflictOfInterest(command.actor.userId, party.party.partyId);
      if (party.decision !== 'pending') return SignOffErrors.alreadyDecided(party.decision);
      return [
        {
          type: 'SignOffRejected',
          signOffId: round.signOffId,
          round: round.round,
          partyId: party.party.partyId,
          userId: command.actor.userId,
          onBehalfOf,
          reason: command.reason,
          rejectedAt: command.now,
        },
        closed(round, 'rejected', command.now, command.actor.userId),
      ];
    }

    case 'Abstain': {
      const round = requireOpen(state, command.signOffId);
      if (round instanceof DomainRuleViolation) return round;
      if (round.mode.kind !== 'quorum') return SignOffErrors.abstainNotAllowed();
      const resolved = resolveParty(round, command.actor, command.partyId, true);
      if (resolved instanceof DomainRuleViolation) return resolved;
      const { party, onBehalfOf } = resolved;
      if (conflictedFor(round, command.actor.userId, party))
        return SignOffErrors.conflictOfInterest(command.actor.userId, party.party.partyId);
      if (party.decision === 'abstained') return [];
      if (party.decision !== 'pending') return SignOffErrors.alreadyDecided(party.decision);
      const events: SignOffEvent[] = [
        {
          type: 'SignOffAbstained',
          signOffId: round.signOffId,
          round: round.round,
          partyId: party.party.partyId,
          userId: command.actor.userId,
          onBehalfOf,
          abstainedAt: command.now,
        },
      ];
      const stillPossible = round.parties.filter((p) => p.decision === 'pending').length - 1;
      if (signedCount(round) + stillPossible < round.mode.required) {
        events.push(closed(round, 'quorum_unreachable', command.now, null));
      }
      return events;
    }

    case 'Delegate': {
      const round = requireOpen(state, command.signOffId);
      if (round instanceof DomainRuleViolation) return round;
      const resolved = resolveParty(round, command.actor, command.partyId, true);
      if (resolved instanceof DomainRuleViolation) return resolved;
      const { party, onBehalfOf } = resolved;
      // A delegate may not pass the party on again.
      if (onBehalfOf !== null) return SignOffErrors.notAParty(command.actor.userId);
      if (command.toUserId === command.actor.userId) return SignOffErrors.delegateToSelf();
      // A conflicted party may not choose who acts in its place, nor hand the party to a conflicted user.
      if (conflictedFor(round, command.actor.userId, party))
        return SignOffErrors.conflictOfInterest(command.actor.userId, party.party.partyId);
      if (conflictedFor(round, command.toUserId, party)) return SignOffErrors.conflictOfInterest(command.toUserId, party.party.partyId);
      if (party.decision !== 'pending') return SignOffErrors.alreadyDecided(party.decision);
      if (party.delegation) {
        return party.delegation.toUserId === command.toUserId ? [] : SignOffErrors.delegationExists(party.delegation.toUserId);
      }
      return [
        {
          type: 'SignOffDelegated',
          signOffId: round.signOffId,
          round: round.round,
          partyId: party.party.partyId,
          fromUserId: command.actor.userId,
          toUserId: command.toUserId,
          role: party.party.role,
          delegatedAt: command.now,
        },
      ];
    }

    case 'RevokeDelegation': {
      const round = state[command.signOffId];
      if (!round) return SignOffErrors.notFound(command.signOffId);
      const party = round.parties.find(
        (p) => p.delegation?.fromUserId === command.actor.userId && (command.partyId === undefined || p.party.partyId === command.partyId),
      );
      if (!party || !party.delegation) return SignOffErrors.noDelegation();
      if (party.delegation.used) return SignOffErrors.delegationUsed();
      if (round.status === 'closed') return SignOffErrors.closed(round.outcome ?? 'closed');
      return [
        {
          type: 'SignOffDelegationRevoked',
          signOffId: round.signOffId,
          round: round.round,
          partyId: party.party.partyId,
          fromUserId: party.delegation.fromUserId,
          toUserId: party.delegation.toUserId,
          revokedAt: command.now,
        },
      ];
    }

    // The three below are recorded by the round's workflow when a durable timer fires. They are
    // no-ops when the round moved on meanwhile (signed, voided, already recorded), so a late or
    // retried timer activity never writes anything wrong.
    case 'RecordReminder': {
      const round = state[command.signOffId];
      if (!round || round.round !== command.round || round.status !== 'open') return [];
      if (!round.reminderOffsetsMs.includes(command.offsetMs) || round.remindersSent.includes(command.offsetMs)) return [];
      return [
        {
          type: 'SignOffReminderSent',
          signOffId: round.signOffId,
          round: round.round,
          offsetMs: command.offsetMs,
          deadline: round.deadline,
          pendingPartyIds: pendingParties(round),
          sentAt: command.now,
        },
      ];
    }

    case 'RecordPartyOverdue': {
      const round = state[command.signOffId];
      if (!round || round.round !== command.round || round.status !== 'open') return [];
      const party = round.parties.find((p) => p.party.partyId === command.partyId);
      if (!party || party.decision !== 'pending' || party.overdue || !party.party.deadline) return [];
      if (ms(command.now) < ms(party.party.deadline)) return [];
      return [
        {
          type: 'SignOffPartyOverdue',
          signOffId: round.signOffId,
          round: round.round,
          partyId: party.party.partyId,
          deadline: party.party.deadline,
          escalatedToRole: round.escalationRole,
        },
      ];
    }

    case 'RecordRoundExpiry': {
      const round = state[command.signOffId];
      if (!round || round.round !== command.round || round.status !== 'open') return [];
      if (ms(command.now) < ms(round.deadline)) return [];
      return [
        {
          type: 'SignOffRoundExpired',
          signOffId: round.signOffId,
          round: round.round,
          deadline: round.deadline,
          pendingPartyIds: pendingParties(round),
          escalatedToRole: round.escalationRole,
        },
      ];
    }

    case 'ExtendDeadline': {
      const round = state[command.signOffId];
      if (!round) return SignOffErrors.notFound(command.signOffId);
      if (command.actor.role !== round.escalationRole) return SignOffErrors.notEscalationRole(round.escalationRole);
      if (round.status === 'closed') return SignOffErrors.closed(round.outcome ?? 'closed');
      if (round.status !== 'expired') return SignOffErrors.notEscalated();
      if (round.extended) return SignOffErrors.alreadyExtended();
      if (Number.isNaN(ms(command.newDeadline)) || ms(command.newDeadline) <= ms(command.now)) return SignOffErrors.deadlineInPast();
      return [
        {
          type: 'SignOffDeadlineExtended',
          signOffId: round.signOffId,
          round: round.round,
          previousDeadline: round.deadline,
          newDeadline: command.newDeadline,
          extendedBy: command.actor.userId,
        },
      ];
    }

    case 'CloseAsExpired': {
      const round = state[command.signOffId];
      if (!round) return SignOffErrors.notFound(command.signOffId);
      if (command.actor.role !== round.escalationRole) return SignOffErrors.notEscalationRole(round.escalationRole);
      if (round.status === 'closed') {
        return round.outcome === 'expired' ? [] : SignOffErrors.closed(round.outcome ?? 'closed');
      }
      if (round.status !== 'expired') return SignOffErrors.notEscalated();
      return [closed(round, 'expired', command.now, command.actor.userId)];
    }
  }
}

function alreadySignedBy(round: SignOffRound | undefined, actor: Actor, termsHash: string): boolean {
  return (
    round !== undefined &&
    round.termsHash === termsHash &&
    round.parties.some((p) => p.decision === 'signed' && p.decidedBy === actor.userId)
  );
}

function pendingParties(round: SignOffRound): string[] {
  return round.parties.filter((p) => p.decision === 'pending').map((p) => p.party.partyId);
}

function updateParty(round: SignOffRound, partyId: string, change: (p: PartyState) => PartyState): SignOffRound {
  return { ...round, parties: round.parties.map((p) => (p.party.partyId === partyId ? change(p) : p)) };
}

function markDecision(
  round: SignOffRound,
  partyId: string,
  decision: PartyDecision,
  userId: string,
  onBehalfOf: string | null,
): SignOffRound {
  return updateParty(round, partyId, (p) => ({
    ...p,
    decision,
    decidedBy: userId,
    delegation: p.delegation && onBehalfOf !== null ? { ...p.delegation, used: true } : p.delegation,
  }));
}

function opened(event: SignOffRoundOpened): SignOffRound {
  return {
    signOffId: event.signOffId,
    round: event.round,
    subject: event.subject,
    termsHash: event.termsHash,
    mode: event.mode,
    parties: event.parties.map((party) => ({ party, decision: 'pending', decidedBy: null, delegation: null, overdue: false })),
    deadline: event.deadline,
    reminderOffsetsMs: event.reminderOffsetsMs,
    remindersSent: [],
    escalationRole: event.escalationRole,
    conflictedUserIds: event.conflictedUserIds ?? [],
    status: 'open',
    outcome: null,
    extended: false,
  };
}

export function evolveSignOff(state: SignOffState, event: SignOffEvent): SignOffState {
  if (event.type === 'SignOffRoundOpened') return { ...state, [event.signOffId]: opened(event) };
  const round = state[event.signOffId];
  if (!round || round.round !== event.round) return state; // an event of a superseded round
  const next = ((): SignOffRound => {
    switch (event.type) {
      case 'SignOffSigned':
        return markDecision(round, event.partyId, 'signed', event.userId, event.onBehalfOf);
      case 'SignOffRejected':
        return markDecision(round, event.partyId, 'rejected', event.userId, event.onBehalfOf);
      case 'SignOffAbstained':
        return markDecision(round, event.partyId, 'abstained', event.userId, event.onBehalfOf);
      case 'SignOffDelegated':
        return updateParty(round, event.partyId, (p) => ({
          ...p,
          delegation: { fromUserId: event.fromUserId, toUserId: event.toUserId, used: false },
        }));
      case 'SignOffDelegationRevoked':
        return updateParty(round, event.partyId, (p) => ({ ...p, delegation: null }));
      case 'SignOffReminderSent':
        return { ...round, remindersSent: [...round.remindersSent, event.offsetMs] };
      case 'SignOffPartyOverdue':
        return updateParty(round, event.partyId, (p) => ({ ...p, overdue: true }));
      case 'SignOffRoundExpired':
        return { ...round, status: 'expired' };
      case 'SignOffDeadlineExtended':
        // A new deadline brings its own reminders.
        return { ...round, status: 'open', deadline: event.newDeadline, extended: true, remindersSent: [] };
      case 'SignOffRoundClosed':
        return { ...round, status: 'closed', outcome: event.outcome };
    }
  })();
  return { ...state, [event.signOffId]: next };
}

export const initialSignOffState: SignOffState = {};

/** The sign-off on its own, as a decider (used by its tests and by streams that hold only sign-offs). */
export const signOffDecider = { initialState: initialSignOffState, decide: decideSignOff, evolve: evolveSignOff };
