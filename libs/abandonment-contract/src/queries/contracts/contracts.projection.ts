import { toDomainEvent } from '@chengguo/kernel';
import { RecordedEvent } from '@chengguo/eventstore';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import { abandonmentContractDecider } from '../../domain/abandonment-contract.decider';
import {
  ABANDONMENT_CONTRACT_PREFIX,
  ABANDONMENT_CONTRACT_SCHEMA_VERSIONS,
  AbandonmentContractEvent,
} from '../../domain/abandonment-contract.events';
import { AbandonmentContractRow, ContractRevenueReportRow } from './contract.entities';

/** Contracts by status and the revenue ledger, folded with the contract decider's own `evolve`. */
export const abandonmentContractsProjection: Projection = {
  name: 'abandonment-contracts',
  tables: [AbandonmentContractRow, ContractRevenueReportRow],
  eventTypes: Object.keys(ABANDONMENT_CONTRACT_SCHEMA_VERSIONS),

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const ids = events.map(contractIdOf).filter((id): id is string => id !== null);
    await page.rows(AbandonmentContractRow).load(ids.map((contractId) => ({ contractId })));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const contractId = contractIdOf(recorded);
    if (!contractId) return;
    const contracts = page.rows(AbandonmentContractRow);
    const existing = await contracts.get({ contractId });
    if (existing && Number(existing.revision) >= recorded.revision) return;
    const event = toDomainEvent<AbandonmentContractEvent>(recorded);
    const state = abandonmentContractDecider.evolve(existing?.state ?? abandonmentContractDecider.initialState, event);
    if (!state.terms) return;
    const row = existing ?? ({ applicationNumber: null, patentNumber: null } as AbandonmentContractRow);
    if (event.type === 'AbandonmentContractOpened') {
      row.decisionEventId = event.decisionEventId;
      row.evaluationEventId = event.evaluationEventId;
    }
    if (event.type === 'PatentApplicationFiled') row.applicationNumber = event.applicationNumber;
    if (event.type === 'PatentGranted') row.patentNumber = event.patentNumber;
    Object.assign(row, {
      contractId,
      title: state.title,
      status: state.status,
      terms: state.terms,
      inventorIds: state.terms.inventors.map((i) => i.userId),
      revenueFen: String(state.revenueFen),
      deductibleCostsFen: String(state.deductibleCostsFen),
      deductedFen: String(state.deductedFen),
      unitShareFen: String(state.unitShareFen),
      state,
      revision: String(recorded.revision),
      updatedAt: new Date(recorded.metadata.recordedAt),
    });
    contracts.put(row);
    if (event.type === 'RevenueReported') {
      page.appends(ContractRevenueReportRow).add({
        contractId,
        revision: String(recorded.revision),
        periodStart: event.periodStart,
        periodEnd: event.periodEnd,
        revenueFen: String(event.revenueFen),
        deductedFen: String(event.deductedFen),
        netRevenueFen: String(event.netRevenueFen),
        shareBasisPoints: event.shareBasisPoints,
        unitShareFen: String(event.unitShareFen),
        costsCarriedForwardFen: String(event.costsCarriedForwardFen),
        reportedBy: event.reportedBy,
        reportedAt: new Date(event.reportedAt),
        entry: 'report',
        unitShareChangeFen: String(event.unitShareFen),
        cause: null,
      });
    }
    if (event.type === 'RevenueShareCorrected') {
      const report = state.reports.find((r) => r.periodStart === event.periodStart)!;
      page.appends(ContractRevenueReportRow).add({
        contractId,
        revision: String(recorded.revision),
        periodStart: event.periodStart,
        periodEnd: event.periodEnd,
        revenueFen: String(report.revenueFen),
        deductedFen: String(event.corrected.deductedFen),
        netRevenueFen: String(event.corrected.netRevenueFen),
        shareBasisPoints: report.shareBasisPoints,
        unitShareFen: String(event.corrected.unitShareFen),
        costsCarriedForwardFen: String(event.corrected.costsCarriedForwardFen),
        reportedBy: event.correctedBy,
        reportedAt: new Date(event.correctedAt),
        entry: 'correction',
        unitShareChangeFen: String(event.unitShareChangeFen),
        cause: event.cause,
      });
    }
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.abandonment_contracts, read_models.contract_revenue_reports');
  },
};

function contractIdOf(recorded: RecordedEvent): string | null {
  return recorded.streamId.startsWith(ABANDONMENT_CONTRACT_PREFIX) ? recorded.streamId.slice(ABANDONMENT_CONTRACT_PREFIX.length) : null;
}
