import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetTransferCaseQuery, ListTransferCasesQuery } from './list-transfer-cases.query';
import { TransferCaseRow } from './transfer-case.entity';

@QueryHandler(ListTransferCasesQuery)
export class ListTransferCasesHandler implements IQueryHandler<ListTransferCasesQuery, TransferCaseRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ status }: ListTransferCasesQuery): Promise<TransferCaseRow[]> {
    return this.dataSource.getRepository(TransferCaseRow).find({
      where: status ? { status } : {},
      order: { openedAt: 'ASC', caseId: 'ASC' },
      take: 500,
    });
  }
}

@QueryHandler(GetTransferCaseQuery)
export class GetTransferCaseHandler implements IQueryHandler<GetTransferCaseQuery, TransferCaseRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ caseId }: GetTransferCaseQuery): Promise<TransferCaseRow | null> {
    return this.dataSource.getRepository(TransferCaseRow).findOneBy({ caseId });
  }
}
