import { readableRow, readableRows, readRecordOf } from '@chengguo/achievement-register';
import { RequestActor } from '@chengguo/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EquityInvestmentRow } from './equity-investment.entity';

/**
 * An investment as the register's read policy sees it: a transformation record about its
 * achievement (read like its transfer case), whose party is the officer who opened it.
 */
const investmentRecord = (row: EquityInvestmentRow, facts: Parameters<typeof readRecordOf>[1]) =>
  readRecordOf('transfer_case', facts, { partyUserIds: [row.openedBy] });
const achievementOf = (row: EquityInvestmentRow): string => row.achievementId;

/** Equity investments `viewer` may read, optionally of one achievement, oldest first. */
export class ListEquityInvestmentsQuery extends Query<EquityInvestmentRow[]> {
  constructor(
    readonly viewer: RequestActor,
    readonly achievementId?: string,
  ) {
    super();
  }
}

/** One equity investment if `viewer` may read it; null otherwise (the endpoint answers 404 either way). */
export class GetEquityInvestmentQuery extends Query<EquityInvestmentRow | null> {
  constructor(
    readonly investmentId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

@QueryHandler(ListEquityInvestmentsQuery)
export class ListEquityInvestmentsHandler implements IQueryHandler<ListEquityInvestmentsQuery, EquityInvestmentRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ viewer, achievementId }: ListEquityInvestmentsQuery): Promise<EquityInvestmentRow[]> {
    const query = this.dataSource.getRepository(EquityInvestmentRow).createQueryBuilder('i');
    if (achievementId) query.where('i.achievementId = :achievementId', { achievementId });
    const rows = await query.orderBy('i.openedAt', 'ASC').addOrderBy('i.investmentId', 'ASC').take(500).getMany();
    return readableRows(this.dataSource, viewer, rows, achievementOf, investmentRecord);
  }
}

@QueryHandler(GetEquityInvestmentQuery)
export class GetEquityInvestmentHandler implements IQueryHandler<GetEquityInvestmentQuery, EquityInvestmentRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ investmentId, viewer }: GetEquityInvestmentQuery): Promise<EquityInvestmentRow | null> {
    const row = await this.dataSource.getRepository(EquityInvestmentRow).findOneBy({ investmentId });
    return readableRow(this.dataSource, viewer, row, achievementOf, investmentRecord);
  }
}

export const EQUITY_INVESTMENT_QUERY_HANDLERS = [ListEquityInvestmentsHandler, GetEquityInvestmentHandler];
