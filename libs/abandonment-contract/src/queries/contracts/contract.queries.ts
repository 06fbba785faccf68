import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AbandonmentContractRow, ContractRevenueReportRow } from './contract.entities';

export class ListContractsQuery extends Query<AbandonmentContractRow[]> {
  constructor(readonly status?: string) {
    super();
  }
}
export class GetContractQuery extends Query<AbandonmentContractRow | null> {
  constructor(readonly contractId: string) {
    super();
  }
}
export interface RevenueLedger {
  contract: AbandonmentContractRow | null;
  reports: ContractRevenueReportRow[];
}

/** The contract's totals and its reports, read from one snapshot so they always agree. */
export class RevenueLedgerQuery extends Query<RevenueLedger> {
  constructor(readonly contractId: string) {
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
  execute({ contractId }: GetContractQuery): Promise<AbandonmentContractRow | null> {
    return this.dataSource.getRepository(AbandonmentContractRow).findOneBy({ contractId });
  }
}

@QueryHandler(RevenueLedgerQuery)
export class RevenueLedgerHandler implements IQueryHandler<RevenueLedgerQuery, RevenueLedger> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ contractId }: RevenueLedgerQuery): Promise<RevenueLedger> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => ({
      contract: await manager.getRepository(AbandonmentContractRow).findOneBy({ contractId }),
      reports: await manager.getRepository(ContractRevenueReportRow).find({ where: { contractId }, order: { revision: 'ASC' } }),
    }));
  }
}

export const CONTRACT_QUERY_HANDLERS = [ListContractsHandler, GetContractHandler, RevenueLedgerHandler];
