import { readableRow, readableRows } from '@chengguo/achievement-register';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetTransferCaseQuery, ListTransferCasesQuery } from './list-transfer-cases.query';
import { registerAchievementOf, transferCaseRecord } from './transfer-case-read';
import { TransferCaseRow } from './transfer-case.entity';

@QueryHandler(ListTransferCasesQuery)
export class ListTransferCasesHandler implements IQueryHandler<ListTransferCasesQuery, TransferCaseRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ viewer, status }: ListTransferCasesQuery): Promise<TransferCaseRow[]> {
    // With the folded state: the view shows the publicity round and its open objections from it.
    const query = this.dataSource.getRepository(TransferCaseRow).createQueryBuilder('c').addSelect('c.state');
    if (status) query.where('c.status = :status', { status });
    const rows = await query.orderBy('c.openedAt', 'ASC').addOrderBy('c.caseId', 'ASC').take(500).getMany();
    return readableRows(this.dataSource, viewer, rows, registerAchievementOf, transferCaseRecord);
  }
}

@QueryHandler(GetTransferCaseQuery)
export class GetTransferCaseHandler implements IQueryHandler<GetTransferCaseQuery, TransferCaseRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ caseId, viewer }: GetTransferCaseQuery): Promise<TransferCaseRow | null> {
    const row = await this.dataSource
      .getRepository(TransferCaseRow)
      .createQueryBuilder('c')
      .addSelect('c.state')
      .where('c.caseId = :caseId', { caseId })
      .getOne();
    return readableRow(this.dataSource, viewer, row, registerAchievementOf, transferCaseRecord);
  }
}
