import { RecordedEvent } from '@chengguo/eventstore';
import { Projection } from '@chengguo/read-models';
import { SIGN_OFF_EVENT_TYPES } from '@chengguo/sign-off';
import { EntityManager } from 'typeorm';
import { caseIdOfStream, TRANSFER_CASE_OWN_EVENT_TYPES, TransferCaseOpened } from '../../domain/transfer-case.events';
import { AchievementHistoryRow } from './achievement-history.entity';

/**
 * Per-achievement history: one row per event of every transfer case of the achievement, in the
 * order they happened. The achievement is learnt from the case's opening event (own rows only, so
 * the projection can be rebuilt on its own).
 */
export const achievementHistoryProjection: Projection = {
  name: 'transfer-achievement-history',
  eventTypes: [...TRANSFER_CASE_OWN_EVENT_TYPES, ...SIGN_OFF_EVENT_TYPES],

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const caseId = caseIdOfStream(recorded.streamId);
    if (!caseId) return;
    const repository = manager.getRepository(AchievementHistoryRow);
    let achievement: { kind: 'disclosure' | 'patent'; id: string } | null = null;
    if (recorded.type === 'TransferCaseOpened') {
      achievement = (recorded.data as Omit<TransferCaseOpened, 'type'>).achievement;
    } else {
      const first = await repository.findOne({ where: { caseId }, order: { revision: 'ASC' } });
      if (first) achievement = { kind: first.achievementKind, id: first.achievementId };
    }
    if (!achievement) return; // an event of a stream whose opening is unknown: nothing to file it under
    await repository
      .createQueryBuilder()
      .insert()
      .values({
        eventId: recorded.eventId,
        achievementKind: achievement.kind,
        achievementId: achievement.id,
        caseId,
        revision: String(recorded.revision),
        eventType: recorded.type,
        occurredAt: new Date(recorded.metadata.occurredAt),
        actorId: recorded.metadata.actor.userId,
        actorRole: recorded.metadata.actor.role,
        data: recorded.data as never, // jsonb: the event's data as stored
      })
      .orIgnore()
      .execute();
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.transfer_case_history');
  },
};
