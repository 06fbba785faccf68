import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per party still to decide in an open or expired round: the inbox of "sign-offs for me". */
@Entity({ schema: 'read_models', name: 'sign_off_pending' })
export class SignOffPendingRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId: string;

  @PrimaryColumn({ name: 'sign_off_id', type: 'text' })
  signOffId: string;

  @PrimaryColumn({ name: 'party_id', type: 'text' })
  partyId: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  role: string;

  /** Null: any holder of the role. */
  @Column({ name: 'user_id', type: 'text', nullable: true })
  userId: string | null;

  @Column({ name: 'delegate_user_id', type: 'text', nullable: true })
  delegateUserId: string | null;

  /** False while the round is expired, or for a sequence party whose turn has not come. */
  @Column({ type: 'boolean' })
  actionable: boolean;

  @Column({ type: 'boolean' })
  overdue: boolean;

  /** The party's own deadline, else the round's. */
  @Column({ type: 'timestamptz' })
  deadline: Date;
}
