import { RecordedEvent } from '@chengguo/eventstore';
import { toDomainEvent } from '@chengguo/kernel';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import { equityInvestmentDecider, EquityInvestmentState } from '../../domain/equity-investment.decider';
import { EQUITY_INVESTMENT_EVENT_TYPES, EquityInvestmentEvent, investmentIdOfStream } from '../../domain/equity-investment.events';
import { EquityInvestmentRow, EquityInvestmentStatus } from './equity-investment.entity';

export function statusOfInvestment(state: EquityInvestmentState): EquityInvestmentStatus {
  if (state.holding) return state.holding.shareholdingBasisPoints === 0 ? 'sold_out' : 'holding';
  return state.valuation ? 'valued' : 'opened';
}

/** Folds each investment stream with the decider's own `evolve`; keeps the valuation, dividends and sales as recorded. */
export const equityInvestmentsProjection: Projection = {
  name: 'equity-investments',
  tables: [EquityInvestmentRow],
  eventTypes: EQUITY_INVESTMENT_EVENT_TYPES,

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const ids = events.map((e) => investmentIdOfStream(e.streamId)).filter((id): id is string => id !== null);
    await page.rows(EquityInvestmentRow).load(ids.map((investmentId) => ({ investmentId })));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const investmentId = investmentIdOfStream(recorded.streamId);
    if (!investmentId) return;
    const rows = page.rows(EquityInvestmentRow);
    const existing = await rows.get({ investmentId });
    if (existing && Number(existing.revision) >= recorded.revision) return; // already applied (replayed page)
    const event = toDomainEvent<EquityInvestmentEvent>(recorded);
    const state = equityInvestmentDecider.evolve(existing?.state ?? equityInvestmentDecider.initialState, event);
    if (!state.achievementId || !state.caseId) return;
    const { type: _type, ...data } = event;
    rows.put({
      investmentId,
      achievementId: state.achievementId,
      caseId: state.caseId,
      openedBy: event.type === 'EquityInvestmentOpened' ? event.openedBy : (existing?.openedBy ?? ''),
      openedAt:
        event.type === 'EquityInvestmentOpened' ? new Date(event.openedAt) : (existing?.openedAt ?? new Date(recorded.metadata.occurredAt)),
      status: statusOfInvestment(state),
      state,
      valuation: event.type === 'EquityInvestmentValued' ? (data as EquityInvestmentRow['valuation']) : (existing?.valuation ?? null),
      dividends: [
        ...(existing?.dividends ?? []),
        ...(event.type === 'EquityDividendReceived' ? [data as EquityInvestmentRow['dividends'][number]] : []),
      ],
      sales: [...(existing?.sales ?? []), ...(event.type === 'EquityHoldingSold' ? [data as EquityInvestmentRow['sales'][number]] : [])],
      revision: String(recorded.revision),
      updatedAt: new Date(recorded.metadata.recordedAt),
    });
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.equity_investments');
  },
};
