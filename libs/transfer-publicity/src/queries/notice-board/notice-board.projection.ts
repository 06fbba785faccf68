import { RecordedEvent } from '@chengguo/eventstore';
import { Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import { caseIdOfStream, TransferCaseOwnEvent } from '../../domain/transfer-case.events';
import { ObjectionView, PublicityNoticeRow } from './publicity-notice.entity';

const EVENT_TYPES: ReadonlyArray<TransferCaseOwnEvent['type']> = [
  'PublicityNoticePublished',
  'PublicityObjectionRaised',
  'PublicityObjectionDismissed',
  'PublicityObjectionUpheld',
  'PublicityFailed',
  'PublicityPeriodCompleted',
];

/**
 * The unit's publicity notice board (R7): one row per published notice with its objections. Days
 * remaining are computed at query time (R7-DAYS), never stored, so they are never stale.
 */
export const noticeBoardProjection: Projection = {
  name: 'transfer-notice-board',
  eventTypes: EVENT_TYPES,

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const caseId = caseIdOfStream(recorded.streamId);
    if (!caseId) return;
    const event = { ...(recorded.data as object), type: recorded.type } as TransferCaseOwnEvent;
    const repository = manager.getRepository(PublicityNoticeRow);
    const revision = String(recorded.revision);
    switch (event.type) {
      case 'PublicityNoticePublished':
        await repository
          .createQueryBuilder()
          .insert()
          .values({
            caseId,
            round: event.round,
            achievementKind: event.achievement.kind,
            achievementId: event.achievement.id,
            achievementName: event.achievement.name,
            proposedPriceFen: String(event.proposedPriceFen),
            days: event.days,
            publishedAt: new Date(event.publishedAt),
            periodEndsAt: new Date(event.periodEndsAt),
            status: 'running',
            objections: [],
            closedAt: null,
            revision,
          })
          .orIgnore()
          .execute();
        return;
      case 'PublicityObjectionRaised': {
        const objection: ObjectionView = {
          objectionId: event.objectionId,
          raisedBy: event.raisedBy,
          raisedByRole: event.raisedByRole,
          reason: event.reason,
          evidenceHashes: event.evidenceHashes,
          raisedAt: event.raisedAt,
          status: 'open',
          resolvedBy: null,
          reasons: null,
          resolvedAt: null,
        };
        await changeObjections(repository, caseId, event.round, revision, (list) => [...list, objection]);
        return;
      }
      case 'PublicityObjectionDismissed':
      case 'PublicityObjectionUpheld': {
        const status = event.type === 'PublicityObjectionDismissed' ? 'dismissed' : 'upheld';
        await changeObjections(repository, caseId, event.round, revision, (list) =>
          list.map((o) =>
            o.objectionId === event.objectionId ? { ...o, status, resolvedBy: event.resolvedBy, reasons: event.reasons, resolvedAt: event.resolvedAt } : o,
          ),
        );
        return;
      }
      case 'PublicityFailed':
        await repository.update({ caseId, round: event.round }, { status: 'failed', closedAt: new Date(event.failedAt), revision });
        return;
      case 'PublicityPeriodCompleted':
        await repository.update({ caseId, round: event.round }, { status: 'completed', closedAt: new Date(event.completedAt), revision });
        return;
      default:
        return;
    }
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.publicity_notices');
  },
};

async function changeObjections(
  repository: ReturnType<EntityManager['getRepository']>,
  caseId: string,
  round: number,
  revision: string,
  change: (list: ObjectionView[]) => ObjectionView[],
): Promise<void> {
  const row = (await repository.findOneBy({ caseId, round })) as PublicityNoticeRow | null;
  if (!row) return;
  await repository.update({ caseId, round }, { objections: change(row.objections), revision });
}
