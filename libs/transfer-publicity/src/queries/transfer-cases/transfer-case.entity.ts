import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TransferCaseState, TransferCaseStatus } from '../../domain/transfer-case.decider';
import { AchievementRef, Counterparty } from '../../domain/transfer-case.events';

/** One row per transfer case: the TTO's list of cases by status. */
@Entity({ schema: 'read_models', name: 'transfer_cases' })
export class TransferCaseRow {
  @PrimaryColumn({ name: 'case_id', type: 'text' })
  caseId: string;

  @Column({ name: 'achievement_kind', type: 'text' })
  achievementKind: AchievementRef['kind'];

  @Column({ name: 'achievement_id', type: 'text' })
  achievementId: string;

  @Column({ name: 'achievement_name', type: 'text' })
  achievementName: string;

  @Column({ type: 'text' })
  mode: 'transfer' | 'license' | 'equity_investment';

  @Column({ name: 'license_exclusivity', type: 'text', nullable: true })
  licenseExclusivity: 'exclusive' | 'sole' | 'non_exclusive' | null;

  @Column({ name: 'pricing_method', type: 'text' })
  pricingMethod: 'agreement' | 'listing' | 'auction';

  @Column({ type: 'jsonb', nullable: true })
  counterparty: Counterparty | null;

  /** Integer fen; bigint comes back from PostgreSQL as a string. */
  @Column({ name: 'price_fen', type: 'bigint' })
  priceFen: string;

  @Column({ type: 'text' })
  status: TransferCaseStatus;

  @Column({ name: 'supervisory_filing_required', type: 'boolean' })
  supervisoryFilingRequired: boolean;

  @Column({ name: 'supervisory_filing_number', type: 'text', nullable: true })
  supervisoryFilingNumber: string | null;

  @Column({ name: 'publicity_round', type: 'integer', nullable: true })
  publicityRound: number | null;

  @Column({ name: 'publicity_period_ends_at', type: 'timestamptz', nullable: true })
  publicityPeriodEndsAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  market: Record<string, unknown> | null;

  /** What the approvers sign (POST /sign-offs/transfer-case-<id>/transfer-approval/signatures). */
  @Column({ name: 'approval_terms_hash', type: 'text', nullable: true })
  approvalTermsHash: string | null;

  @Column({ name: 'approval_outcome', type: 'text', nullable: true })
  approvalOutcome: string | null;

  @Column({ name: 'registration_number', type: 'text', nullable: true })
  registrationNumber: string | null;

  @Column({ name: 'registered_on', type: 'text', nullable: true })
  registeredOn: string | null;

  @Column({ name: 'executed_at', type: 'timestamptz', nullable: true })
  executedAt: Date | null;

  /** R8: null until executed; false when executed without a registered contract. */
  @Column({ name: 'reward_eligible', type: 'boolean', nullable: true })
  rewardEligible: boolean | null;

  @Column({ type: 'jsonb' })
  flags: string[];

  @Column({ name: 'opened_by', type: 'text' })
  openedBy: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** The decider's state folded so far: the columns above are computed from it, so they never drift. */
  @Column({ type: 'jsonb', select: false })
  state: TransferCaseState;

  @Column({ type: 'bigint' })
  revision: string;
}
