import { PartyDecision } from '../../domain/sign-off.decider';
import { SignOffEvent, SignOffRoundOpened } from '../../domain/sign-off.events';
import { SignOffPendingRow } from './sign-off-pending.entity';
import { SignOffPartyView, SignOffRoundRow } from './sign-off-round.entity';

/**
 * The read model's fold: the same transitions as `evolveSignOff`, plus what a reader needs and
 * the decider does not keep (who acted for whom and when, reasons, reminder and escalation
 * history). Pure, so it is specified against the decider's own fold.
 */

/** Where and when the event was recorded (escalation events carry no time of their own). */
export interface AppliedAt {
  streamId: string;
  revision: number;
  occurredAt: string;
}

function openedRound(event: SignOffRoundOpened, at: AppliedAt): SignOffRoundRow {
  return {
    streamId: at.streamId,
    signOffId: event.signOffId,
    round: event.round,
    subject: event.subject,
    status: 'open',
    outcome: null,
    mode: event.mode,
    termsHash: event.termsHash,
    deadline: new Date(event.deadline),
    extended: false,
    escalationRole: event.escalationRole,
    ruleKeys: event.ruleKeys,
    parties: event.parties.map((p) => ({
      partyId: p.partyId,
      role: p.role,
      userId: p.userId ?? null,
      deadline: p.deadline ?? null,
      decision: 'pending',
      decidedBy: null,
      decidedAt: null,
      onBehalfOf: null,
      reason: null,
      delegation: null,
      overdue: false,
    })),
    achievementId: event.achievementId ?? null,
    conflictedUserIds: event.conflictedUserIds ?? [],
    reminderOffsetsMs: event.reminderOffsetsMs,
    remindersSent: [],
    escalations: [],
    extension: null,
    openedAt: new Date(event.openedAt),
    closedAt: null,
    closedBy: null,
    revision: String(at.revision),
  };
}

function withParty(row: SignOffRoundRow, partyId: string, change: (p: SignOffPartyView) => SignOffPartyView): SignOffRoundRow {
  return { ...row, parties: row.parties.map((p) => (p.partyId === partyId ? change(p) : p)) };
}

function decided(
  row: SignOffRoundRow,
  event: { partyId: string; userId: string; onBehalfOf: string | null },
  decision: PartyDecision,
  decidedAt: string,
  reason: string | null = null,
): SignOffRoundRow {
  return withParty(row, event.partyId, (p) => ({
    ...p,
    decision,
    decidedBy: event.userId,
    decidedAt,
    onBehalfOf: event.onBehalfOf,
    reason,
    // As in the decider: a delegate's decision uses the delegation up, so it can't be revoked.
    delegation: p.delegation && event.onBehalfOf !== null ? { ...p.delegation, used: true } : p.delegation,
  }));
}

/**
 * The row after `event`, or null when the event changes nothing: no round opened yet, an event
 * of a superseded round, or one already applied (its revision is not newer than the row's).
 */
export function applyToRound(row: SignOffRoundRow | null, event: SignOffEvent, at: AppliedAt): SignOffRoundRow | null {
  if (row && Number(row.revision) >= at.revision) return null;
  if (event.type === 'SignOffRoundOpened') return openedRound(event, at);
  if (!row || row.round !== event.round) return null;
  const current: SignOffRoundRow = { ...row, revision: String(at.revision) };
  switch (event.type) {
    case 'SignOffSigned':
      return decided(current, event, 'signed', event.signedAt);
    case 'SignOffRejected':
      return decided(current, event, 'rejected', event.rejectedAt, event.reason);
    case 'SignOffAbstained':
      return decided(current, event, 'abstained', event.abstainedAt);
    case 'SignOffDelegated':
      return withParty(current, event.partyId, (p) => ({
        ...p,
        delegation: { fromUserId: event.fromUserId, toUserId: event.toUserId, used: false },
      }));
    case 'SignOffDelegationRevoked':
      return withParty(current, event.partyId, (p) => ({ ...p, delegation: null }));
    case 'SignOffReminderSent':
      return {
        ...current,
        remindersSent: [...current.remindersSent, { offsetMs: event.offsetMs, deadline: event.deadline, sentAt: event.sentAt }],
      };
    case 'SignOffPartyOverdue':
      return {
        ...withParty(current, event.partyId, (p) => ({ ...p, overdue: true })),
        escalations: [
          ...current.escalations,
          {
            kind: 'party_overdue',
            partyId: event.partyId,
            deadline: event.deadline,
            escalatedToRole: event.escalatedToRole,
            at: at.occurredAt,
          },
        ],
      };
    case 'SignOffRoundExpired':
      return {
        ...current,
        status: 'expired',
        escalations: [
          ...current.escalations,
          {
            kind: 'round_expired',
            deadline: event.deadline,
            pendingPartyIds: event.pendingPartyIds,
            escalatedToRole: event.escalatedToRole,
            at: at.occurredAt,
          },
        ],
      };
    case 'SignOffDeadlineExtended':
      return {
        ...current,
        status: 'open',
        deadline: new Date(event.newDeadline),
        extended: true,
        extension: {
          previousDeadline: event.previousDeadline,
          newDeadline: event.newDeadline,
          extendedBy: event.extendedBy,
          at: at.occurredAt,
        },
      };
    case 'SignOffRoundClosed':
      return { ...current, status: 'closed', outcome: event.outcome, closedAt: new Date(event.closedAt), closedBy: event.closedBy };
  }
}

/**
 * The pending parties of a round. Closed rounds have none; an expired round keeps them, not
 * actionable, because an extension gives them back their turn.
 */
export function pendingRowsOf(row: SignOffRoundRow): SignOffPendingRow[] {
  if (row.status === 'closed') return [];
  // As in the decider: a sequence waits for the first party that has not signed.
  const turn = row.mode.kind === 'sequence' ? row.parties.find((p) => p.decision !== 'signed')?.partyId : undefined;
  return row.parties
    .filter((p) => p.decision === 'pending')
    .map((p) => ({
      streamId: row.streamId,
      signOffId: row.signOffId,
      partyId: p.partyId,
      round: row.round,
      subject: row.subject,
      role: p.role,
      userId: p.userId,
      delegateUserId: p.delegation?.toUserId ?? null,
      actionable: row.status === 'open' && (row.mode.kind !== 'sequence' || p.partyId === turn),
      overdue: p.overdue,
      deadline: p.deadline !== null ? new Date(p.deadline) : row.deadline,
    }));
}
