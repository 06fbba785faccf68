import { workflowId } from '@chengguo/kernel';
import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The sign-off workflow's contract: what the libraries (reactions, activities, API) and the workflow
 * agree on. Plain data only: a change to the sign-off domain cannot reach a running workflow except
 * through here, where the library maps its domain types onto these (and the compiler checks it).
 */

export const SIGN_OFF_WORKFLOW_TYPE = 'signOffWorkflow';

/** `sign-off:<owning streamId>:<signOffId>`: one workflow per sign-off of a stream. */
export const signOffWorkflowId = (streamId: string, signOffId: string): string => workflowId('sign-off', streamId, signOffId);

export interface SignOffWorkflowInput {
  streamId: string;
  signOffId: string;
}

export type SignOffPartyDecision = 'pending' | 'signed' | 'rejected' | 'abstained';
export type SignOffRoundOutcome = 'signed' | 'rejected' | 'expired' | 'quorum_unreachable' | 'voided';

export interface SignOffPartyFacts {
  party: { partyId: string; role: string; userId?: string; deadline?: string };
  decision: SignOffPartyDecision;
  decidedBy: string | null;
  delegation: { fromUserId: string; toUserId: string; used: boolean } | null;
  overdue: boolean;
}

/** One round of a sign-off as the workflow keeps it (the same facts the sign-off decider folds). */
export interface SignOffRoundFacts {
  signOffId: string;
  round: number;
  subject: string;
  termsHash: string;
  mode: { kind: 'parallel' } | { kind: 'sequence' } | { kind: 'quorum'; required: number };
  parties: SignOffPartyFacts[];
  deadline: string;
  reminderOffsetsMs: number[];
  remindersSent: number[];
  escalationRole: string;
  status: 'open' | 'expired' | 'closed';
  outcome: SignOffRoundOutcome | null;
  extended: boolean;
}

interface RoundRef {
  signOffId: string;
  round: number;
}

/**
 * The sign-off events the workflow folds, with the fields it reads. The signal carries the whole
 * recorded event; the library's reaction checks at compile time that its events fit these shapes.
 */
export type SignOffEventFacts =
  | (RoundRef & {
      type: 'SignOffRoundOpened';
      subject: string;
      termsHash: string;
      mode: SignOffRoundFacts['mode'];
      parties: Array<SignOffPartyFacts['party']>;
      deadline: string;
      reminderOffsetsMs: number[];
      escalationRole: string;
    })
  | (RoundRef & {
      type: 'SignOffSigned' | 'SignOffRejected' | 'SignOffAbstained';
      partyId: string;
      userId: string;
      onBehalfOf: string | null;
    })
  | (RoundRef & { type: 'SignOffDelegated'; partyId: string; fromUserId: string; toUserId: string })
  | (RoundRef & { type: 'SignOffDelegationRevoked'; partyId: string })
  | (RoundRef & { type: 'SignOffReminderSent'; offsetMs: number })
  | (RoundRef & { type: 'SignOffPartyOverdue'; partyId: string })
  | (RoundRef & { type: 'SignOffRoundExpired' })
  | (RoundRef & { type: 'SignOffDeadlineExtended'; newDeadline: string })
  | (RoundRef & { type: 'SignOffRoundClosed'; outcome: SignOffRoundOutcome });

/** A sign-off event as the workflow sees it: with its id and its revision in the owning stream. */
export interface SignOffEventEnvelope {
  eventId: string;
  revision: number;
  event: SignOffEventFacts;
}

export interface SignOffWorkflowState {
  streamId: string;
  signOffId: string;
  round: SignOffRoundFacts | null;
  /** Revision of the owning stream up to which the workflow has folded events. */
  revision: number;
  /** The next durable timer, if any: what it records and when. */
  nextTimer: { at: string; command: SignOffTimerCommand['type'] } | null;
}

/** Every sign-off event of the stream, forwarded by the dispatcher after it was appended. */
export const signOffEventSignal = defineSignal<[SignOffEventEnvelope]>('signOffEvent');
export const signOffStateQuery = defineQuery<SignOffWorkflowState>('signOffState');

/** What a durable timer asks to record when it fires. `now` is the workflow's instant of firing. */
export type SignOffTimerCommand =
  | { type: 'RecordReminder'; round: number; offsetMs: number; now: string }
  | { type: 'RecordPartyOverdue'; round: number; partyId: string; now: string }
  | { type: 'RecordRoundExpiry'; round: number; now: string };

/** Implemented in libs/sign-off (I/O); idempotent, because Temporal retries them. */
export interface SignOffActivities {
  /** The current round of the sign-off, folded from the owning stream, and the stream's revision. */
  loadSignOffRound(input: SignOffWorkflowInput): Promise<{ round: SignOffRoundFacts | null; revision: number }>;
  /**
   * Records what a fired timer means (reminder, party overdue, round expiry) through the sign-off
   * decider, which writes nothing if the round moved on meanwhile, and sends its notification.
   */
  recordSignOffTimer(input: { streamId: string; signOffId: string; command: SignOffTimerCommand }): Promise<SignOffEventEnvelope[]>;
}

/** The workflow's signature, for typed starts by type name. */
export type SignOffWorkflow = (input: SignOffWorkflowInput) => Promise<SignOffWorkflowState>;
