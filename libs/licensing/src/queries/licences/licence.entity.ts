import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DueItem, LicenceState, LicenceStatus } from '../../domain/licence.decider';

/**
 * One row per licence: the TTO's and finance's list, the achievement's licences. `state` is the
 * licence decider's own fold, so status and amounts never disagree with the rules; `dueItems` is
 * what the licence says is owed, recomputed from it.
 */
@Entity({ schema: 'read_models', name: 'licences' })
export class LicenceRow {
  @PrimaryColumn({ name: 'licence_id', type: 'text' }) licenceId: string;
  @Column({ name: 'case_id', type: 'text' }) caseId: string;
  @Column({ name: 'achievement_id', type: 'text' }) achievementId: string;
  @Column({ name: 'achievement_title', type: 'text' }) achievementTitle: string;
  @Column({ name: 'licensee_name', type: 'text' }) licenseeName: string;
  @Column({ name: 'licensee_class', type: 'text' }) licenseeClass: string;
  @Column({ type: 'text' }) exclusivity: string;
  /** `standard` or `use_first_pay_later` (R15). */
  @Column({ name: 'payment_model', type: 'text' }) paymentModel: string;
  @Column({ type: 'text' }) status: LicenceStatus;
  @Column({ name: 'effective_on', type: 'date', nullable: true }) effectiveOn: string | null;
  @Column({ name: 'term_ends_on', type: 'date' }) termEndsOn: string;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy: string;
  /** Sum of the payments received (fen). */
  @Column({ name: 'received_fen', type: 'bigint' }) receivedFen: string;
  /** Obligations escalated to the TTO and not yet met. */
  @Column({ name: 'overdue_count', type: 'integer' }) overdueCount: number;
  @Column({ name: 'due_items', type: 'jsonb' }) dueItems: DueItem[];
  @Column({ type: 'jsonb' }) state: LicenceState;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
