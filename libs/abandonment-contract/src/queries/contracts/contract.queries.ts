import { RequestActor } from '@chengguo/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AbandonmentContractRow, ContractRevenueReportRow } from './contract.entities';

export class ListContractsQuery extends Query<AbandonmentContractRow[]> {
  constructor(readonly status?: string) {
    super();
  }
}
/**
 * The read side's filter: the roles that may read contracts at all are the access rules'; what
 * depends on the row is that an inventor reads only the contracts that name them.
 */
export function contractVisibleTo(row: AbandonmentContractRow, viewer: RequestActor): boolean {
  return viewer.role !== 'inventor' || row.inventorIds.includes(viewer.userId);
}

/** One contract as `viewer` may see it; null when it does not exist or is not theirs to see. */
export class GetContractQuery extends Query<AbandonmentContractRow | null> {
  constructor(
    readonly contractId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}
export interface RevenueLedger {
  contract: AbandonmentContractRow | null;
  reports: ContractRevenueReportRow[];
}

/** The contract's totals and its reports, read from one snapshot so they always agree; none for a viewer who may not see it. */
export class RevenueLedgerQuery extends Query<RevenueLedger> {
  constructor(
    readonly contractId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

@QueryHandler(ListContractsQuery)
export class ListContractsHandler implements IQueryHandler<ListContractsQuery, AbandonmentContractRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ status }: ListContractsQuery): Promise<AbandonmentContractRow[]> {
    return this.dataSource.getRepository(AbandonmentContractRow).find({ where: status ? { status } : {}, order: { updatedAt: 'DESC' } });
  }
}

@QueryHandler(GetContractQuery)
export class GetContractHandler implements IQueryHandler<GetContractQuery, AbandonmentContractRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ contractId, viewer }: GetContractQuery): Promise<AbandonmentContractRow | null> {
    const row = await this.dataSource.getRepository(AbandonmentContractRow).findOneBy({ contractId });
    return row && contractVisibleTo(row, viewer) ? row : null;
  }
}

@QueryHandler(RevenueLedgerQuery)
export class RevenueLedgerHandler implements IQueryHandler<RevenueLedgerQuery, RevenueLedger> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ contractId, viewer }: RevenueLedgerQuery): Promise<RevenueLedger> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const contract = await manager.getRepository(AbandonmentContractRow).findOneBy({ contractId });
      if (!contract || !contractVisibleTo(contract, viewer)) return { contract: null, reports: [] };
      return {
        contract,
        reports: await manager.getRepository(ContractRevenueReportRow).find({ where: { contractId }, order: { revision: 'ASC' } }),
      };
    });
  }
}

export const CONTRACT_QUERY_HANDLERS = [ListContractsHandler, GetContractHandler, RevenueLedgerHandler];
