import { RecordedEvent } from '@chengguo/eventstore';
import { toDomainEvent } from '@chengguo/kernel';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import { achievementDecider, annuityStatusOf, r5FilingRequired } from '../../domain/achievement.decider';
import { ACHIEVEMENT_EVENT_TYPES, AchievementEvent, achievementIdOfStream } from '../../domain/achievement.events';
import { AchievementRegisterRow } from './achievement-register.entity';

/** Folds each register stream with the decider's own `evolve` and keeps the ledger's columns beside it. */
export const achievementRegisterProjection: Projection = {
  name: 'achievement-register',
  tables: [AchievementRegisterRow],
  eventTypes: ACHIEVEMENT_EVENT_TYPES,

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const ids = events.map((e) => achievementIdOfStream(e.streamId)).filter((id): id is string => id !== null);
    await page.rows(AchievementRegisterRow).load(ids.map((achievementId) => ({ achievementId })));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const achievementId = achievementIdOfStream(recorded.streamId);
    if (!achievementId) return;
    const rows = page.rows(AchievementRegisterRow);
    const existing = await rows.get({ achievementId });
    if (existing && Number(existing.revision) >= recorded.revision) return; // already applied (replayed page)
    const event = toDomainEvent<AchievementEvent>(recorded);
    const state = achievementDecider.evolve(existing?.state ?? achievementDecider.initialState, event);
    const annuities = annuityStatusOf(state);
    rows.put({
      achievementId,
      kind: state.kind,
      title: state.title,
      status: state.status,
      owner: state.owner,
      ownerKind: state.owner.kind,
      inventors: state.inventors,
      inventorIds: state.inventors.map((i) => i.userId),
      classification: state.classification,
      confidentiality: state.classification.confidentiality,
      r5FilingRequired: r5FilingRequired(state),
      filingDecision: state.filingDecision,
      rights: state.rights,
      applicationNumber: state.rights.applicationNumber,
      patentNumber: state.rights.patentNumber,
      openCaseIds: state.openCases.map((c) => c.caseId),
      disclosureId: state.links.disclosureId,
      irregularityCount: state.irregularities.length,
      registeredAt: event.type === 'AchievementRegistered' ? new Date(event.registeredAt) : (existing?.registeredAt ?? null),
      nextDueDate: annuities.next?.dueDate ?? null,
      graceEndsOn: annuities.next?.graceEndsOn ?? null,
      annuityStatus: annuities.status,
      state,
      revision: String(recorded.revision),
      updatedAt: new Date(recorded.metadata.recordedAt),
    });
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.achievement_register');
  },
};
