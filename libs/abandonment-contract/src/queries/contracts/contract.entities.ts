import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ContractState } from '../../domain/abandonment-contract.decider';
import type { ContractTerms, RevenueShareCorrected } from '../../domain/abandonment-contract.events';

/** One row per abandonment contract: status, terms, patent and running revenue totals. */
@Entity({ schema: 'read_models', name: 'abandonment_contracts' })
export class AbandonmentContractRow {
  @PrimaryColumn({ name: 'contract_id', type: 'text' }) contractId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'jsonb' }) terms: ContractTerms;
  @Column({ name: 'inventor_ids', type: 'text', array: true }) inventorIds: string[];
  @Column({ name: 'decision_event_id', type: 'text' }) decisionEventId: string;
  @Column({ name: 'evaluation_event_id', type: 'text' }) evaluationEventId: string;
  @Column({ name: 'application_number', type: 'text', nullable: true }) applicationNumber: string | null;
  @Column({ name: 'patent_number', type: 'text', nullable: true }) patentNumber: string | null;
  @Column({ name: 'revenue_fen', type: 'bigint' }) revenueFen: string;
  @Column({ name: 'deductible_costs_fen', type: 'bigint' }) deductibleCostsFen: string;
  @Column({ name: 'deducted_fen', type: 'bigint' }) deductedFen: string;
  @Column({ name: 'unit_share_fen', type: 'bigint' }) unitShareFen: string;
  @Column({ type: 'jsonb' }) state: ContractState;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * The revenue ledger, append-only: one row per report and one per correction of a report, in commit
 * order. A row's figures are the report's as of that entry; `unitShareChangeFen` is what the entry
 * adds to the unit's total (the whole share for a report, the difference for a correction).
 */
@Entity({ schema: 'read_models', name: 'contract_revenue_reports' })
export class ContractRevenueReportRow {
  @PrimaryColumn({ name: 'contract_id', type: 'text' }) contractId: string;
  @PrimaryColumn({ type: 'bigint' }) revision: string;
  @Column({ name: 'period_start', type: 'date' }) periodStart: string;
  @Column({ name: 'period_end', type: 'date' }) periodEnd: string;
  @Column({ name: 'revenue_fen', type: 'bigint' }) revenueFen: string;
  @Column({ name: 'deducted_fen', type: 'bigint' }) deductedFen: string;
  @Column({ name: 'net_revenue_fen', type: 'bigint' }) netRevenueFen: string;
  @Column({ name: 'share_basis_points', type: 'integer' }) shareBasisPoints: number;
  @Column({ name: 'unit_share_fen', type: 'bigint' }) unitShareFen: string;
  @Column({ name: 'costs_carried_forward_fen', type: 'bigint' }) costsCarriedForwardFen: string;
  @Column({ name: 'reported_by', type: 'text' }) reportedBy: string;
  @Column({ name: 'reported_at', type: 'timestamptz' }) reportedAt: Date;
  @Column({ type: 'text' }) entry: 'report' | 'correction';
  @Column({ name: 'unit_share_change_fen', type: 'bigint' }) unitShareChangeFen: string;
  @Column({ type: 'jsonb', nullable: true }) cause: RevenueShareCorrected['cause'] | null;
}
