import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Inventor } from '../../domain/disclosure.events';

/** One row per disclosure: what the TTO's intake list shows. */
@Entity({ schema: 'read_models', name: 'disclosure_register' })
export class DisclosureRegisterRow {
  @PrimaryColumn({ name: 'disclosure_id', type: 'text' })
  disclosureId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'technical_field', type: 'text' })
  technicalField: string;

  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy: string;

  @Column({ type: 'jsonb' })
  inventors: Inventor[];

  @Column({ type: 'text' })
  status: 'submitted' | 'acknowledged';

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledgement_overdue_since', type: 'timestamptz', nullable: true })
  acknowledgementOverdueSince: Date | null;

  /** Stream revision of the last event applied (the If-Match value for the next command). */
  @Column({ type: 'bigint' })
  revision: string;
}
