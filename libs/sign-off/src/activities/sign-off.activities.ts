import { Notification, Notifier } from '@chengguo/common';
import { deterministicUuid, EventStore, loadStream, RecordedEvent } from '@chengguo/eventstore';
import { isRuleViolation, toDomainEvent } from '@chengguo/kernel';
import type { SignOffActivities, SignOffEventEnvelope, SignOffRoundFacts } from '../../../../workflows/sign-off/sign-off.contract';
import { SignOffRound } from '../domain/sign-off.decider';
import { isSignOffEvent, SignOffEvent } from '../domain/sign-off.events';
import { handleSignOffCommand, loadSignOffs, signOffStreamDecider } from '../sign-off-stream';

const SYSTEM = { userId: 'system:temporal', role: 'system' };

export function createSignOffActivities(store: EventStore, notifier: Notifier): SignOffActivities {
  return {
    async loadSignOffRound({ streamId, signOffId }) {
      const { state, revision } = await loadSignOffs(store, streamId);
      const round = state[signOffId];
      return { round: round ? roundFacts(round) : null, revision };
    },

    async recordSignOffTimer({ streamId, signOffId, command }) {
      // Same input (timer and the instant it fired) → same command id → same event id: a retried
      // activity appends nothing new and re-sends the same notification (at-least-once).
      const commandId = `sign-off-timer:${streamId}:${signOffId}:${JSON.stringify(command)}`;
      const outcome = await handleSignOffCommand(
        store,
        streamId,
        { ...command, signOffId },
        { commandId, actor: SYSTEM, correlationId: streamId, occurredAt: command.now },
      );
      if (isRuleViolation(outcome)) return []; // the sign-off is gone (e.g. stream reset): nothing to time
      const eventId = deterministicUuid(commandId, streamId, '0');
      const { state, events } = await loadStream(store, streamId, signOffStreamDecider);
      const recorded = events.find((e) => e.eventId === eventId);
      if (!recorded) return [];
      const envelope = toEnvelope(recorded);
      const round = state[signOffId];
      if (round) await notifier.notify(notificationFor(envelope, round, streamId));
      return [envelope];
    },
  };
}

/**
 * The domain round as the workflow's contract states it. The shapes are the same today; the typed
 * boundary makes a change to the domain's round a compile error here instead of a silent change
 * to what running workflows fold.
 */
function roundFacts(round: SignOffRound): SignOffRoundFacts {
  return round;
}

/** A recorded sign-off event with its domain type; it is also the workflow's envelope (checked where it is sent). */
export interface SignOffEnvelope extends SignOffEventEnvelope {
  event: SignOffEvent;
}

export function toEnvelope(recorded: RecordedEvent): SignOffEnvelope {
  const event = toDomainEvent<SignOffEvent>(recorded);
  if (!isSignOffEvent(event)) throw new Error(`${recorded.type} is not a sign-off event`);
  return { eventId: recorded.eventId, revision: recorded.revision, event };
}

function pendingRecipients(round: SignOffRound, partyIds: string[]): { userIds: string[]; roles: string[] } {
  const parties = round.parties.filter((p) => partyIds.includes(p.party.partyId));
  return {
    userIds: parties.flatMap((p) => [p.party.userId, p.delegation?.toUserId].filter((u): u is string => !!u)),
    roles: parties.filter((p) => !p.party.userId).map((p) => p.party.role),
  };
}

function notificationFor(envelope: SignOffEnvelope, round: SignOffRound, streamId: string): Notification {
  const { event } = envelope;
  const context = { streamId, signOffId: round.signOffId, round: event.round, eventId: envelope.eventId };
  switch (event.type) {
    case 'SignOffReminderSent':
      return {
        idempotencyKey: envelope.eventId,
        kind: 'sign-off-reminder',
        recipients: pendingRecipients(round, event.pendingPartyIds),
        subject: `待签署 / Awaiting your signature: ${round.subject}`,
        body: `"${round.subject}" (round ${event.round}) needs your decision by ${event.deadline}. Terms hash ${round.termsHash}.`,
        context,
      };
    case 'SignOffPartyOverdue':
      return {
        idempotencyKey: envelope.eventId,
        kind: 'sign-off-party-overdue',
        recipients: { ...pendingRecipients(round, [event.partyId]), roles: [event.escalatedToRole] },
        subject: `逾期 / Overdue: ${event.partyId} has not decided on ${round.subject}`,
        body: `Party ${event.partyId} let its deadline ${event.deadline} pass without deciding on "${round.subject}".`,
        context,
      };
    case 'SignOffRoundExpired':
      return {
        idempotencyKey: envelope.eventId,
        kind: 'sign-off-expired',
        recipients: { userIds: [], roles: [event.escalatedToRole] },
        subject: `已过期 / Expired: ${round.subject}`,
        body:
          `The deadline ${event.deadline} of "${round.subject}" (round ${event.round}) passed; still pending: ` +
          `${event.pendingPartyIds.join(', ') || 'none'}. As ${event.escalatedToRole}, extend the deadline once or close the round as expired.`,
        context,
      };
    default:
      throw new Error(`No notification for ${event.type}`);
  }
}
