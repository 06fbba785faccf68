import { RequestActor } from '@chengguo/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DisclosureRow } from './disclosure.entity';

export class GetDisclosureQuery extends Query<DisclosureRow | null> {
  constructor(readonly disclosureId: string) {
    super();
  }
}

/** An inventor's own disclosures: every one they are named on, drafts included. */
export class MyDisclosuresQuery extends Query<DisclosureRow[]> {
  constructor(readonly actor: RequestActor) {
    super();
  }
}

/** The TTO work queue: submitted and not yet decided, overdue first, then by due date. */
export class TtoWorkQueueQuery extends Query<DisclosureRow[]> {
  constructor() {
    super();
  }
}

/** The unit ledger (台账, R12): every submitted achievement with its status and decision. */
export class UnitLedgerQuery extends Query<DisclosureRow[]> {
  constructor(readonly status?: string) {
    super();
  }
}

const QUEUE_STATUSES = ['awaiting_confirmation', 'returned_for_amendment', 'confirmed', 'acknowledged', 'clarification_requested', 'under_evaluation', 'evaluated'];

@QueryHandler(GetDisclosureQuery)
export class GetDisclosureHandler implements IQueryHandler<GetDisclosureQuery, DisclosureRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ disclosureId }: GetDisclosureQuery): Promise<DisclosureRow | null> {
    return this.dataSource.getRepository(DisclosureRow).findOneBy({ disclosureId });
  }
}

@QueryHandler(MyDisclosuresQuery)
export class MyDisclosuresHandler implements IQueryHandler<MyDisclosuresQuery, DisclosureRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ actor }: MyDisclosuresQuery): Promise<DisclosureRow[]> {
    return this.dataSource
      .getRepository(DisclosureRow)
      .createQueryBuilder('d')
      .where(':userId = ANY(d.inventorIds)', { userId: actor.userId })
      .andWhere("(d.status <> 'draft' OR d.draftedBy = :userId)", { userId: actor.userId })
      .orderBy('d.updatedAt', 'DESC')
      .getMany();
  }
}

@QueryHandler(TtoWorkQueueQuery)
export class TtoWorkQueueHandler implements IQueryHandler<TtoWorkQueueQuery, DisclosureRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute(): Promise<DisclosureRow[]> {
    return this.dataSource
      .getRepository(DisclosureRow)
      .createQueryBuilder('d')
      .where('d.status IN (:...statuses)', { statuses: QUEUE_STATUSES })
      .orderBy('d.overdue', 'DESC')
      .addOrderBy('d.dueAt', 'ASC', 'NULLS LAST')
      .addOrderBy('d.submittedAt', 'ASC')
      .getMany();
  }
}

@QueryHandler(UnitLedgerQuery)
export class UnitLedgerHandler implements IQueryHandler<UnitLedgerQuery, DisclosureRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ status }: UnitLedgerQuery): Promise<DisclosureRow[]> {
    const query = this.dataSource.getRepository(DisclosureRow).createQueryBuilder('d').where("d.status <> 'draft'");
    if (status) query.andWhere('d.status = :status', { status });
    return query.orderBy('d.submittedAt', 'DESC').getMany();
  }
}

export const DISCLOSURE_QUERY_HANDLERS = [GetDisclosureHandler, MyDisclosuresHandler, TtoWorkQueueHandler, UnitLedgerHandler];
