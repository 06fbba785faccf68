import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RewardDistributionState } from '../../domain/reward-distribution.decider';
import type { RewardDistributionComputed, TaxTreatment } from '../../domain/reward-distribution.events';

/** One row per reward distribution: the decider's own fold beside what was computed and its announcement. */
@Entity({ schema: 'read_models', name: 'reward_distributions' })
export class RewardDistributionRow {
  @PrimaryColumn({ name: 'distribution_id', type: 'text' }) distributionId: string;
  @Column({ name: 'achievement_id', type: 'text' }) achievementId: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'contributor_ids', type: 'text', array: true }) contributorIds: string[];
  @Column({ type: 'jsonb' }) computed: RewardDistributionComputed;
  @Column({ type: 'jsonb' }) state: RewardDistributionState;
  @Column({ name: 'announced_at', type: 'timestamptz', nullable: true }) announcedAt: Date | null;
  @Column({ name: 'announcement_ends_at', type: 'timestamptz', nullable: true }) announcementEndsAt: Date | null;
  @Column({ name: 'includes_principal_leader', type: 'boolean' }) includesPrincipalLeader: boolean;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One row per reward paid: finance's payroll (R10), by the month of payment. */
@Entity({ schema: 'read_models', name: 'reward_payments' })
export class RewardPaymentRow {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'distribution_id', type: 'text' }) distributionId: string;
  @Column({ name: 'achievement_id', type: 'text' }) achievementId: string;
  @Column({ name: 'user_id', type: 'text' }) userId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'cash_fen', type: 'bigint' }) cashFen: string;
  @Column({ name: 'equity_fen', type: 'bigint' }) equityFen: string;
  @Column({ name: 'principal_leader', type: 'boolean' }) principalLeader: boolean;
  @Column({ type: 'jsonb' }) tax: TaxTreatment[];
  @Column({ name: 'paid_on', type: 'date' }) paidOn: string;
  /** YYYY-MM of `paid_on`: the payroll month. */
  @Column({ type: 'text' }) month: string;
  @Column({ name: 'payment_reference', type: 'text' }) paymentReference: string;
}
