import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ExemptionClaimState } from '../../domain/exemption-claim.decider';
import type { EffectiveDecisionMaker, ExemptionAssertion, Finding } from '../../domain/exemption.events';

/** One row per claim: status, subject, findings, overrides and outcome (claims by status). */
@Entity({ schema: 'read_models', name: 'exemption_claims' })
export class ExemptionClaimRow {
  @PrimaryColumn({ name: 'claim_id', type: 'text' }) claimId: string;
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'subject_kind', type: 'text' }) subjectKind: string;
  @Column({ name: 'subject_stream_id', type: 'text' }) subjectStreamId: string;
  @Column({ name: 'subject_event_id', type: 'text' }) subjectEventId: string;
  @Column({ name: 'loss_fen', type: 'bigint' }) lossFen: string;
  @Column({ type: 'text' }) description: string;
  @Column({ name: 'decision_makers', type: 'jsonb' }) decisionMakers: EffectiveDecisionMaker[];
  @Column({ type: 'jsonb' }) findings: Finding[];
  @Column({ name: 'failed_findings', type: 'text', array: true }) failedFindings: string[];
  @Column({ type: 'jsonb' }) assertion: ExemptionAssertion;
  @Column({ type: 'jsonb' }) overrides: ExemptionClaimState['overrides'];
  @Column({ name: 'outcome_reasons', type: 'jsonb', nullable: true }) outcomeReasons: string[] | null;
  @Column({ name: 'excluded_from_state_asset_assessment', type: 'boolean' }) excludedFromStateAssetAssessment: boolean;
  @Column({ name: 'filed_by', type: 'text' }) filedBy: string;
  @Column({ name: 'filed_at', type: 'timestamptz' }) filedAt: Date;
  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true }) concludedAt: Date | null;
  @Column({ type: 'jsonb' }) state: ExemptionClaimState;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One row per decision-maker per claim: a person's exemption history. */
@Entity({ schema: 'read_models', name: 'exemption_claims_by_decision_maker' })
export class ExemptionClaimByDecisionMakerRow {
  @PrimaryColumn({ name: 'user_id', type: 'text' }) userId: string;
  @PrimaryColumn({ name: 'claim_id', type: 'text' }) claimId: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'text', array: true }) sources: string[];
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'subject_kind', type: 'text' }) subjectKind: string;
  @Column({ name: 'subject_stream_id', type: 'text' }) subjectStreamId: string;
  @Column({ name: 'subject_event_id', type: 'text' }) subjectEventId: string;
  @Column({ name: 'loss_fen', type: 'bigint' }) lossFen: string;
  @Column({ name: 'failed_findings', type: 'text', array: true }) failedFindings: string[];
  @Column({ name: 'filed_at', type: 'timestamptz' }) filedAt: Date;
  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true }) concludedAt: Date | null;
  @Column({ type: 'bigint' }) revision: string;
}
