import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AchievementRef } from '../../domain/transfer-case.events';

/** Every event of every transfer case, filed under the achievement it concerns. */
@Entity({ schema: 'read_models', name: 'transfer_case_history' })
export class AchievementHistoryRow {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'achievement_kind', type: 'text' })
  achievementKind: AchievementRef['kind'];

  @Column({ name: 'achievement_id', type: 'text' })
  achievementId: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId: string;

  @Column({ type: 'bigint' })
  revision: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;
}
