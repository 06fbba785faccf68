import { RecordedEvent } from '@chengguo/eventstore';
import { toDomainEvent } from '@chengguo/kernel';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { SIGN_OFF_EVENT_TYPES } from '@chengguo/sign-off/domain';
import { EntityManager } from 'typeorm';
import { dueItems, licenceDecider, licenceStatusOf } from '../../domain/licence.decider';
import { LICENCE_OWN_EVENT_TYPES, LicenceEvent, licenceIdOfStream } from '../../domain/licence.events';
import { LicenceRow } from './licence.entity';

/** Folds each licence stream with the decider's own `evolve`; every column is recomputed from the fold. */
export const licencesProjection: Projection = {
  name: 'licences',
  tables: [LicenceRow],
  eventTypes: [...LICENCE_OWN_EVENT_TYPES, ...SIGN_OFF_EVENT_TYPES],

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const ids = events.map((e) => licenceIdOfStream(e.streamId)).filter((id): id is string => id !== null);
    await page.rows(LicenceRow).load(ids.map((licenceId) => ({ licenceId })));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const licenceId = licenceIdOfStream(recorded.streamId);
    if (!licenceId) return; // a sign-off of another process
    const rows = page.rows(LicenceRow);
    const existing = await rows.get({ licenceId });
    if (existing && Number(existing.revision) >= recorded.revision) return; // already applied (replayed page)
    const state = licenceDecider.evolve(existing?.state ?? licenceDecider.initialState, toDomainEvent<LicenceEvent>(recorded));
    if (!state.exists || !state.terms) return;
    const items = dueItems(state);
    const unsettled = new Set(items.filter((i) => !i.settled).map((i) => i.itemKey));
    rows.put({
      licenceId,
      caseId: state.caseId!,
      achievementId: state.achievementId!,
      achievementTitle: state.achievementTitle ?? '',
      licenseeName: state.terms.licensee.name,
      licenseeClass: state.terms.licensee.class,
      exclusivity: state.terms.exclusivity,
      paymentModel: state.terms.useFirstPayLater ? 'use_first_pay_later' : 'standard',
      status: licenceStatusOf(state),
      effectiveOn: state.effectiveOn,
      termEndsOn: state.terms.term.endsOn,
      recordedBy: state.recordedBy ?? '',
      receivedFen: String(Object.values(state.paid).reduce((sum, fen) => sum + fen, 0)),
      overdueCount: Object.keys(state.escalations).filter((key) => unsettled.has(key)).length,
      dueItems: items,
      state,
      revision: String(recorded.revision),
      updatedAt: new Date(recorded.metadata.recordedAt),
    });
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.licences');
  },
};
