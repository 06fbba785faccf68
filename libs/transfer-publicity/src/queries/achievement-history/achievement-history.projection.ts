import { RecordedEvent } from '@chengguo/eventstore';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { SIGN_OFF_EVENT_TYPES } from '@chengguo/sign-off';
import { EntityManager } from 'typeorm';
import { AchievementRef, caseIdOfStream, TRANSFER_CASE_OWN_EVENT_TYPES, TransferCaseOpened } from '../../domain/transfer-case.events';
import { AchievementHistoryRow } from './achievement-history.entity';

/**
 * Per-achievement history: one row per event of every transfer case of the achievement, in the
 * order they happened. The achievement is learnt from the case's opening event (own rows only, so
 * the projection can be rebuilt on its own).
 */
export const achievementHistoryProjection: Projection = {
  name: 'transfer-achievement-history',
  tables: [AchievementHistoryRow],
  eventTypes: [...TRANSFER_CASE_OWN_EVENT_TYPES, ...SIGN_OFF_EVENT_TYPES],

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const caseIds = events.map((e) => caseIdOfStream(e.streamId)).filter((id): id is string => Boolean(id));
    await achievements(page).load(caseIds);
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const caseId = caseIdOfStream(recorded.streamId);
    if (!caseId) return;
    const known = achievements(page);
    let achievement: Achievement | undefined;
    if (recorded.type === 'TransferCaseOpened') {
      achievement = (recorded.data as Omit<TransferCaseOpened, 'type'>).achievement;
      known.set(caseId, achievement); // later events of the case in this page are filed under it too
    } else {
      achievement = await known.get(caseId);
    }
    if (!achievement) return; // an event of a stream whose opening is unknown: nothing to file it under
    page.appends(AchievementHistoryRow).add({
      eventId: recorded.eventId,
      achievementKind: achievement.kind,
      achievementId: achievement.id,
      caseId,
      revision: String(recorded.revision),
      eventType: recorded.type,
      occurredAt: new Date(recorded.metadata.occurredAt),
      actorId: recorded.metadata.actor.userId,
      actorRole: recorded.metadata.actor.role,
      data: recorded.data as Record<string, unknown>, // jsonb: the event's data as stored
    });
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.transfer_case_history');
  },
};

type Achievement = Pick<AchievementRef, 'kind' | 'id'>;

/** The achievement each case is filed under: that of its first history row (its opening). */
function achievements(page: PageUnitOfWork) {
  return page.lookup<Achievement>('transfer-achievement-history:achievement', async (caseIds, manager) => {
    const rows: Array<{ case_id: string; achievement_kind: Achievement['kind']; achievement_id: string }> = await manager.query(
      `SELECT DISTINCT ON (case_id) case_id, achievement_kind, achievement_id
         FROM ${page.table(AchievementHistoryRow)} WHERE case_id = ANY($1) ORDER BY case_id, revision`,
      [caseIds],
    );
    return new Map(rows.map((r) => [r.case_id, { kind: r.achievement_kind, id: r.achievement_id }]));
  });
}
