import { RecordedEvent } from '@chengguo/eventstore';
import { toDomainEvent } from '@chengguo/kernel';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import { incomeByYear, incomeLedgerDecider } from '../../domain/income.decider';
import { achievementIdOfIncomeStream, INCOME_EVENT_TYPES, IncomeEvent } from '../../domain/income.events';
import { IncomeLedgerRow } from './income-ledger.entity';

/** Folds each income stream with the decider's own `evolve`; keeps every line and the yearly totals. */
export const incomeLedgerProjection: Projection = {
  name: 'income-ledger',
  tables: [IncomeLedgerRow],
  eventTypes: INCOME_EVENT_TYPES,

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const ids = events.map((e) => achievementIdOfIncomeStream(e.streamId)).filter((id): id is string => id !== null);
    await page.rows(IncomeLedgerRow).load(ids.map((achievementId) => ({ achievementId })));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const achievementId = achievementIdOfIncomeStream(recorded.streamId);
    if (!achievementId) return;
    const rows = page.rows(IncomeLedgerRow);
    const existing = await rows.get({ achievementId });
    if (existing && Number(existing.revision) >= recorded.revision) return; // already applied (replayed page)
    const event = toDomainEvent<IncomeEvent>(recorded);
    const state = incomeLedgerDecider.evolve(existing?.state ?? incomeLedgerDecider.initialState, event);
    rows.put({
      achievementId,
      state,
      lines: [...(existing?.lines ?? []), { eventId: recorded.eventId, revision: recorded.revision, event }],
      years: incomeByYear(state),
      revision: String(recorded.revision),
      updatedAt: new Date(recorded.metadata.recordedAt),
    });
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.income_ledger');
  },
};
