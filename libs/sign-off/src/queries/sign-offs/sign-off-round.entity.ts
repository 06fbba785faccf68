import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PartyDecision } from '../../domain/sign-off.decider';
import { SignOffMode, SignOffOutcome } from '../../domain/sign-off.events';

export interface SignOffPartyView {
  partyId: string;
  role: string;
  /** Null: any holder of the role may act for the party. */
  userId: string | null;
  /** The party's own deadline, if the process set one. */
  deadline: string | null;
  decision: PartyDecision;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The delegator, when a delegate decided. */
  onBehalfOf: string | null;
  /** The rejection's reason. */
  reason: string | null;
  delegation: { fromUserId: string; toUserId: string; used: boolean } | null;
  overdue: boolean;
}

export interface SignOffReminderView {
  offsetMs: number;
  /** The deadline the reminder was for (an extension brings a fresh set of reminders). */
  deadline: string;
  sentAt: string;
}

export type SignOffEscalationView =
  | { kind: 'party_overdue'; partyId: string; deadline: string; escalatedToRole: string; at: string }
  | { kind: 'round_expired'; deadline: string; pendingPartyIds: string[]; escalatedToRole: string; at: string };

export interface SignOffExtensionView {
  previousDeadline: string;
  newDeadline: string;
  extendedBy: string;
  at: string;
}

/** One row per sign-off of a stream: its current round, as parties and the escalation role see it. */
@Entity({ schema: 'read_models', name: 'sign_off_rounds' })
export class SignOffRoundRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId: string;

  @PrimaryColumn({ name: 'sign_off_id', type: 'text' })
  signOffId: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  status: 'open' | 'expired' | 'closed';

  @Column({ type: 'text', nullable: true })
  outcome: SignOffOutcome | null;

  @Column({ type: 'jsonb' })
  mode: SignOffMode;

  @Column({ name: 'terms_hash', type: 'text' })
  termsHash: string;

  @Column({ type: 'timestamptz' })
  deadline: Date;

  @Column({ type: 'boolean' })
  extended: boolean;

  @Column({ name: 'escalation_role', type: 'text' })
  escalationRole: string;

  @Column({ name: 'rule_keys', type: 'jsonb' })
  ruleKeys: string[];

  @Column({ type: 'jsonb' })
  parties: SignOffPartyView[];

  /** The register's achievement the signed record concerns: its classification governs who reads the round. */
  @Column({ name: 'achievement_id', type: 'text', nullable: true })
  achievementId: string | null;

  /** R4, R13: users who act for no party but one naming them; the to-sign list leaves the round out for them. */
  @Column({ name: 'conflicted_user_ids', type: 'jsonb' })
  conflictedUserIds: string[];

  @Column({ name: 'reminder_offsets_ms', type: 'jsonb' })
  reminderOffsetsMs: number[];

  @Column({ name: 'reminders_sent', type: 'jsonb' })
  remindersSent: SignOffReminderView[];

  @Column({ type: 'jsonb' })
  escalations: SignOffEscalationView[];

  @Column({ type: 'jsonb', nullable: true })
  extension: SignOffExtensionView | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'text', nullable: true })
  closedBy: string | null;

  /** Stream revision of the last sign-off event applied. */
  @Column({ type: 'bigint' })
  revision: string;
}
