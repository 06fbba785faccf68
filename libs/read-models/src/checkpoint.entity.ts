import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Where a subscriber (projector or reaction) has got to in $all. */
@Entity({ schema: 'read_models', name: 'subscription_checkpoints' })
export class SubscriptionCheckpoint {
  @PrimaryColumn({ name: 'subscriber', type: 'text' })
  subscriber: string;

  /** GlobalPosition.commit, as a decimal string (bigint). */
  @Column({ name: 'commit_position', type: 'bigint' })
  commitPosition: string;

  @Column({ name: 'prepare_position', type: 'bigint' })
  preparePosition: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
