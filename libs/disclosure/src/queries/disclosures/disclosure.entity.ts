import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DisclosureState } from '../../domain/disclosure.decider';
import type { Inventor } from '../../domain/disclosure.events';

/**
 * One row per disclosure. Serves the inventor's own list, the TTO work queue and the unit ledger
 * (台账, R12). `state` is the decider's own fold, so the row's columns never disagree with the rules.
 */
@Entity({ schema: 'read_models', name: 'disclosures' })
export class DisclosureRow {
  @PrimaryColumn({ name: 'disclosure_id', type: 'text' }) disclosureId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ name: 'technical_field', type: 'text' }) technicalField: string;
  @Column({ type: 'text' }) confidentiality: string;
  @Column({ name: 'supervisory_filing_required', type: 'boolean' }) supervisoryFilingRequired: boolean;
  @Column({ name: 'drafted_by', type: 'text' }) draftedBy: string;
  @Column({ type: 'jsonb' }) inventors: Inventor[];
  @Column({ name: 'inventor_ids', type: 'text', array: true }) inventorIds: string[];
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'evaluator_id', type: 'text', nullable: true }) evaluatorId: string | null;
  @Column({ name: 'evaluation_id', type: 'text', nullable: true }) evaluationId: string | null;
  @Column({ type: 'text', nullable: true }) recommendation: string | null;
  @Column({ type: 'text', nullable: true }) decision: string | null;
  @Column({ name: 'decision_reasons', type: 'text', nullable: true }) decisionReasons: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy: string | null;
  /** The DisclosureDecided event's id: what an exemption claim or a contract cites (R4, R13). */
  @Column({ name: 'decision_event_id', type: 'text', nullable: true }) decisionEventId: string | null;
  @Column({ name: 'open_question', type: 'text', nullable: true }) openQuestion: string | null;
  @Column({ name: 'drafted_at', type: 'timestamptz' }) draftedAt: Date;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt: Date | null;
  @Column({ type: 'boolean' }) overdue: boolean;
  @Column({ name: 'overdue_reasons', type: 'text', array: true }) overdueReasons: string[];
  @Column({ type: 'jsonb' }) state: DisclosureState;
  /** Stream revision of the last event applied (If-Match for the next command). */
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
