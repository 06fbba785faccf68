import { GetAchievementQuery } from '@chengguo/achievement-register';
import { RequestActor, Role } from '@chengguo/common';
import { IQueryBus, IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IncomeLedgerRow } from './income-ledger.entity';

/**
 * Who reads an achievement's income (the read side's filter; roles alone are the access rules'):
 * whoever may see the achievement's ledger row (the register's filter: offices and oversight within
 * their clearance, its inventors always), and of those, the offices that handle or check the money
 * and the achievement's own inventors, whose rewards it funds (R8).
 */
const INCOME_OFFICES: readonly Role[] = ['finance', 'tto_officer', 'unit_leader', 'auditor', 'supervisory_department'];

/** An achievement's income ledger as `viewer` may see it; null when there is none or it is not theirs to see. */
export class GetIncomeLedgerQuery extends Query<IncomeLedgerRow | null> {
  constructor(
    readonly achievementId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

@QueryHandler(GetIncomeLedgerQuery)
export class GetIncomeLedgerHandler implements IQueryHandler<GetIncomeLedgerQuery, IncomeLedgerRow | null> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ achievementId, viewer }: GetIncomeLedgerQuery): Promise<IncomeLedgerRow | null> {
    const achievement = await (this.queries as IQueryBus).execute(new GetAchievementQuery(achievementId, viewer));
    if (!achievement) return null;
    if (!INCOME_OFFICES.includes(viewer.role) && !achievement.inventorIds.includes(viewer.userId)) return null;
    return this.dataSource.getRepository(IncomeLedgerRow).findOneBy({ achievementId });
  }
}

export const INCOME_LEDGER_QUERY_HANDLERS = [GetIncomeLedgerHandler];
