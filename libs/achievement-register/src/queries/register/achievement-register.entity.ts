import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AchievementState } from '../../domain/achievement.decider';
import type { AchievementClassification, AchievementInventor, AchievementOwner, AchievementRights } from '../../domain/achievement.events';

/**
 * One ledger row per achievement (台账, R12): owner, classification, status, rights, open cases.
 * `state` is the register decider's own fold, so the columns never disagree with the rules; the flat
 * columns beside it are what the ledger filters on. An achievement that so far has only a noted
 * irregularity (a process acted on it before it was registered) shows as `unregistered`.
 */
@Entity({ schema: 'read_models', name: 'achievement_register' })
export class AchievementRegisterRow {
  @PrimaryColumn({ name: 'achievement_id', type: 'text' }) achievementId: string;
  @Column({ type: 'text', nullable: true }) kind: string | null;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'jsonb' }) owner: AchievementOwner;
  @Column({ name: 'owner_kind', type: 'text' }) ownerKind: string;
  @Column({ type: 'jsonb' }) inventors: AchievementInventor[];
  @Column({ name: 'inventor_ids', type: 'text', array: true }) inventorIds: string[];
  @Column({ type: 'jsonb' }) classification: AchievementClassification;
  @Column({ type: 'text' }) confidentiality: string;
  @Column({ name: 'r5_filing_required', type: 'boolean' }) r5FilingRequired: boolean;
  @Column({ name: 'filing_decision', type: 'text', nullable: true }) filingDecision: string | null;
  @Column({ type: 'jsonb' }) rights: AchievementRights;
  @Column({ name: 'application_number', type: 'text', nullable: true }) applicationNumber: string | null;
  @Column({ name: 'patent_number', type: 'text', nullable: true }) patentNumber: string | null;
  @Column({ name: 'open_case_ids', type: 'text', array: true }) openCaseIds: string[];
  @Column({ name: 'disclosure_id', type: 'text', nullable: true }) disclosureId: string | null;
  @Column({ name: 'irregularity_count', type: 'integer' }) irregularityCount: number;
  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true }) registeredAt: Date | null;
  /** R12 rights maintenance: the next annual fee's due date (YYYY-MM-DD) and last day of grace; the annuity status. */
  @Column({ name: 'next_due_date', type: 'date', nullable: true }) nextDueDate: string | null;
  @Column({ name: 'grace_ends_on', type: 'date', nullable: true }) graceEndsOn: string | null;
  @Column({ name: 'annuity_status', type: 'text' }) annuityStatus: string;
  @Column({ type: 'jsonb' }) state: AchievementState;
  /** Stream revision of the last event applied (If-Match for the next command). */
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
