import type { SignOffRound } from '../../libs/sign-off/src/domain/sign-off.decider';
import type { SignOffEvent } from '../../libs/sign-off/src/domain/sign-off.events';

/** A sign-off event as the workflow sees it: with its id and its revision in the owning stream. */
export interface SignOffEventEnvelope {
  eventId: string;
  revision: number;
  event: SignOffEvent;
}

/** What a durable timer asks to record when it fires. `now` is the workflow's instant of firing. */
export type SignOffTimerCommand =
  | { type: 'RecordReminder'; round: number; offsetMs: number; now: string }
  | { type: 'RecordPartyOverdue'; round: number; partyId: string; now: string }
  | { type: 'RecordRoundExpiry'; round: number; now: string };

/** Implemented in libs/sign-off (I/O); idempotent, because Temporal retries them. */
export interface SignOffActivities {
  /** The current round of the sign-off, folded from the owning stream, and the stream's revision. */
  loadSignOffRound(input: { streamId: string; signOffId: string }): Promise<{ round: SignOffRound | null; revision: number }>;
  /**
   * Records what a fired timer means (reminder, party overdue, round expiry) through the sign-off
   * decider, which writes nothing if the round moved on meanwhile, and sends its notification.
   */
  recordSignOffTimer(input: { streamId: string; signOffId: string; command: SignOffTimerCommand }): Promise<SignOffEventEnvelope[]>;
}
