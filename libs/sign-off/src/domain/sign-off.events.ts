/**
 * Sign-off events. They live inside the stream of the process that owns the thing being signed
 * (a contract, a transfer case, an exemption claim), so an auditor replaying that stream sees every
 * decision. `signOffId` names the sign-off within its stream (e.g. `contract-signature`).
 */

export type SignOffMode = { kind: 'parallel' } | { kind: 'sequence' } | { kind: 'quorum'; required: number };

/** A role, and where the process names them, one specific person holding it. */
export interface SignOffParty {
  partyId: string;
  role: string;
  userId?: string;
  /** Optional personal deadline (ISO instant); passing it escalates that party. */
  deadline?: string;
}

export type SignOffOutcome = 'signed' | 'rejected' | 'expired' | 'quorum_unreachable' | 'voided';

interface RoundRef {
  signOffId: string;
  round: number;
}

/** Who acted, and for whom when acting under a delegation. */
interface Decision extends RoundRef {
  partyId: string;
  userId: string;
  onBehalfOf: string | null;
}

export interface SignOffRoundOpened extends RoundRef {
  type: 'SignOffRoundOpened';
  subject: string;
  /** SHA-256 (hex) of the canonical JSON of the exact terms being signed. */
  termsHash: string;
  mode: SignOffMode;
  parties: SignOffParty[];
  deadline: string;
  /** Reminders go out this many milliseconds before the deadline. */
  reminderOffsetsMs: number[];
  escalationRole: string;
  openedAt: string;
  ruleKeys: string[];
  /**
   * R4, R13: users the owning process found conflicted when it opened the round (e.g. the
   * achievement's inventors, the case's preparer). They act for no party except one that names
   * them personally (their own side, e.g. an inventor signing the contract as inventor), and no
   * party is delegated to them. Absent in rounds opened before the rule: nobody is conflicted.
   * Optional, not a new schema version: a reader of the old shape loses nothing.
   */
  conflictedUserIds?: string[];
  /**
   * The register's achievement the signed record concerns (its id in `achievement-<id>`), named by
   * the owning process: the read side applies that achievement's classification and inventors to
   * the round (confidentiality follows the achievement). Optional like `conflictedUserIds`: rounds
   * opened before it, or on no achievement, are read as unit-internal records.
   */
  achievementId?: string;
}

export interface SignOffSigned extends Decision {
  type: 'SignOffSigned';
  termsHash: string;
  signedAt: string;
}

export interface SignOffRejected extends Decision {
  type: 'SignOffRejected';
  reason: string;
  rejectedAt: string;
}

export interface SignOffAbstained extends Decision {
  type: 'SignOffAbstained';
  abstainedAt: string;
}

export interface SignOffDelegated extends RoundRef {
  type: 'SignOffDelegated';
  partyId: string;
  fromUserId: string;
  toUserId: string;
  role: string;
  delegatedAt: string;
}

export interface SignOffDelegationRevoked extends RoundRef {
  type: 'SignOffDelegationRevoked';
  partyId: string;
  fromUserId: string;
  toUserId: string;
  revokedAt: string;
}

export interface SignOffReminderSent extends RoundRef {
  type: 'SignOffReminderSent';
  offsetMs: number;
  deadline: string;
  pendingPartyIds: string[];
  sentAt: string;
}

export interface SignOffPartyOverdue extends RoundRef {
  type: 'SignOffPartyOverdue';
  partyId: string;
  deadline: string;
  escalatedToRole: string;
}

export interface SignOffRoundExpired extends RoundRef {
  type: 'SignOffRoundExpired';
  deadline: string;
  pendingPartyIds: string[];
  escalatedToRole: string;
}

export interface SignOffDeadlineExtended extends RoundRef {
  type: 'SignOffDeadlineExtended';
  previousDeadline: string;
  newDeadline: string;
  extendedBy: string;
}

export interface SignOffRoundClosed extends RoundRef {
  type: 'SignOffRoundClosed';
  outcome: SignOffOutcome;
  closedAt: string;
  closedBy: string | null;
}

export type SignOffEvent =
  | SignOffRoundOpened
  | SignOffSigned
  | SignOffRejected
  | SignOffAbstained
  | SignOffDelegated
  | SignOffDelegationRevoked
  | SignOffReminderSent
  | SignOffPartyOverdue
  | SignOffRoundExpired
  | SignOffDeadlineExtended
  | SignOffRoundClosed;

export const SIGN_OFF_EVENT_TYPES: ReadonlyArray<SignOffEvent['type']> = [
  'SignOffRoundOpened',
  'SignOffSigned',
  'SignOffRejected',
  'SignOffAbstained',
  'SignOffDelegated',
  'SignOffDelegationRevoked',
  'SignOffReminderSent',
  'SignOffPartyOverdue',
  'SignOffRoundExpired',
  'SignOffDeadlineExtended',
  'SignOffRoundClosed',
];

export const SIGN_OFF_SCHEMA_VERSIONS: Record<SignOffEvent['type'], number> = {
  ...(Object.fromEntries(SIGN_OFF_EVENT_TYPES.map((t) => [t, 1])) as Record<SignOffEvent['type'], number>),
  // v2: ruleKeys always present (sign-off.upcasters.ts reads v1)
  SignOffRoundOpened: 2,
};

export function isSignOffEvent(event: { type: string }): event is SignOffEvent {
  return (SIGN_OFF_EVENT_TYPES as readonly string[]).includes(event.type);
}
