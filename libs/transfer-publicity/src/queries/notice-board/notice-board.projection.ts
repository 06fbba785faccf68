import { toDomainEvent } from '@chengguo/kernel';
import { RecordedEvent } from '@chengguo/eventstore';
import { PageRows, PageUnitOfWork, Projection } from '@chengguo/read-models';
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
  tables: [PublicityNoticeRow],
  eventTypes: EVENT_TYPES,

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const keys = events.flatMap((e) => {
      const caseId = caseIdOfStream(e.streamId);
      return caseId ? [{ caseId, round: (e.data as { round: number }).round }] : [];
    });
    await page.rows(PublicityNoticeRow).load(keys);
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const caseId = caseIdOfStream(recorded.streamId);
    if (!caseId) return;
    const event = toDomainEvent<TransferCaseOwnEvent>(recorded);
    const notices = page.rows(PublicityNoticeRow);
    const revision = String(recorded.revision);
    switch (event.type) {
      case 'PublicityNoticePublished':
        if (await notices.get({ caseId, round: event.round })) return; // already on the board: left as it is
        notices.put({
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
        });
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
        await change(notices, caseId, event.round, (row) => ({ objections: [...row.objections, objection], revision }));
        return;
      }
      case 'PublicityObjectionDismissed':
      case 'PublicityObjectionUpheld': {
        const status = event.type === 'PublicityObjectionDismissed' ? 'dismissed' : 'upheld';
        await change(notices, caseId, event.round, (row) => ({
          objections: row.objections.map((o) =>
            o.objectionId === event.objectionId
              ? { ...o, status, resolvedBy: event.resolvedBy, reasons: event.reasons, resolvedAt: event.resolvedAt }
              : o,
          ),
          revision,
        }));
        return;
      }
      case 'PublicityFailed':
        await change(notices, caseId, event.round, () => ({ status: 'failed', closedAt: new Date(event.failedAt), revision }));
        return;
      case 'PublicityPeriodCompleted':
        await change(notices, caseId, event.round, () => ({ status: 'completed', closedAt: new Date(event.completedAt), revision }));
        return;
      default:
        return;
    }
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.publicity_notices');
  },
};

/** Changes some columns of a notice; an event for a notice not on the board changes nothing. */
async function change(
  notices: PageRows<PublicityNoticeRow>,
  caseId: string,
  round: number,
  columns: (row: PublicityNoticeRow) => Partial<PublicityNoticeRow>,
): Promise<void> {
  const row = await notices.get({ caseId, round });
  if (row) notices.put({ ...row, ...columns(row) });
}
