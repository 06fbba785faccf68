import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AchievementRef } from '../../domain/transfer-case.events';

export interface ObjectionView {
  objectionId: string;
  raisedBy: string;
  raisedByRole: string;
  reason: string;
  evidenceHashes: string[];
  raisedAt: string;
  status: 'open' | 'dismissed' | 'upheld';
  resolvedBy: string | null;
  reasons: string | null;
  resolvedAt: string | null;
}

/** One row per publicity round (R7): what the unit's notice board shows while it runs. */
@Entity({ schema: 'read_models', name: 'publicity_notices' })
export class PublicityNoticeRow {
  @PrimaryColumn({ name: 'case_id', type: 'text' })
  caseId: string;

  @PrimaryColumn({ type: 'integer' })
  round: number;

  @Column({ name: 'achievement_kind', type: 'text' })
  achievementKind: AchievementRef['kind'];

  @Column({ name: 'achievement_id', type: 'text' })
  achievementId: string;

  @Column({ name: 'achievement_name', type: 'text' })
  achievementName: string;

  @Column({ name: 'proposed_price_fen', type: 'bigint' })
  proposedPriceFen: string;

  @Column({ type: 'integer' })
  days: number;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'period_ends_at', type: 'timestamptz' })
  periodEndsAt: Date;

  @Column({ type: 'text' })
  status: 'running' | 'completed' | 'failed';

  @Column({ type: 'jsonb' })
  objections: ObjectionView[];

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'bigint' })
  revision: string;
}
