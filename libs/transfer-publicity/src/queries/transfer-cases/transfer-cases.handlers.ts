import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetTransferCaseQuery, ListTransferCasesQuery } from './list-transfer-cases.query';
import { TransferCaseRow } from './transfer-case.entity';

@QueryHandler(ListTransferCasesQuery)
export class ListTransferCasesHandler implements IQueryHandler<ListTransferCasesQuery, TransferCaseRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ status }: ListTransferCasesQuery): Promise<TransferCaseRow[]> {
    // With the folded state: the view shows the publicity round and its open objections from it.
    const query = this.dataSource.getRepository(TransferCaseRow).createQueryBuilder('c').addSelect('c.state');
    if (status) query.where('c.status = :status', { status });
    return query.orderBy('c.openedAt', 'ASC').addOrderBy('c.caseId', 'ASC').take(500).getMany();
  }
}

@QueryHandler(GetTransferCaseQuery)
export class GetTransferCaseHandler implements IQueryHandler<GetTransferCaseQuery, TransferCaseRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ caseId }: GetTransferCaseQuery): Promise<TransferCaseRow | null> {
    return this.dataSource
      .getRepository(TransferCaseRow)
      .createQueryBuilder('c')
      .addSelect('c.state')
      .where('c.caseId = :caseId', { caseId })
      .getOne();
  }
}
