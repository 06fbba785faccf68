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
export class RevenueLedgerQuery extends Query<ContractRevenueReportRow[]> {
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
export class RevenueLedgerHandler implements IQueryHandler<RevenueLedgerQuery, ContractRevenueReportRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ contractId }: RevenueLedgerQuery): Promise<ContractRevenueReportRow[]> {
    return this.dataSource.getRepository(ContractRevenueReportRow).find({ where: { contractId }, order: { revision: 'ASC' } });
  }
}

export const CONTRACT_QUERY_HANDLERS = [ListContractsHandler, GetContractHandler, RevenueLedgerHandler];
