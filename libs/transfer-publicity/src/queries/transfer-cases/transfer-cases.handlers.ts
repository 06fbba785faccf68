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
    const rows = await this.dataSource.getRepository(TransferCaseRow).find({
      where: status ? { status } : {},
      order: { openedAt: 'ASC', caseId: 'ASC' },
      take: 500,
    });
    return readableRows(this.dataSource, viewer, rows, registerAchievementOf, transferCaseRecord);
  }
}

@QueryHandler(GetTransferCaseQuery)
export class GetTransferCaseHandler implements IQueryHandler<GetTransferCaseQuery, TransferCaseRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ caseId, viewer }: GetTransferCaseQuery): Promise<TransferCaseRow | null> {
    const row = await this.dataSource.getRepository(TransferCaseRow).findOneBy({ caseId });
    return readableRow(this.dataSource, viewer, row, registerAchievementOf, transferCaseRecord);
  }
}
