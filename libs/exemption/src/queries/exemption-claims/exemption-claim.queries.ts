import { RequestActor } from '@chengguo/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EXEMPTION_DEPARTMENTS } from '../../domain/exemption.events';
import { ExemptionClaimByDecisionMakerRow, ExemptionClaimRow } from './exemption-claim.entities';

export class ListExemptionClaimsQuery extends Query<ExemptionClaimRow[]> {
  constructor(readonly status?: string) {
    super();
  }
}
export class GetExemptionClaimQuery extends Query<ExemptionClaimRow | null> {
  constructor(readonly claimId: string) {
    super();
  }
}
/**
 * Who may read another person's exemption history (R13): the four confirming departments, the
 * auditor among them, and the unit's leader and TTO. Anyone may read their own.
 */
const HISTORY_READERS: readonly string[] = [...EXEMPTION_DEPARTMENTS, 'unit_leader', 'tto_officer'];

/** One decision-maker's history; null when `viewer` may not read it (the read side's filter). */
export class DecisionMakerHistoryQuery extends Query<ExemptionClaimByDecisionMakerRow[] | null> {
  constructor(
    readonly userId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

@QueryHandler(ListExemptionClaimsQuery)
export class ListExemptionClaimsHandler implements IQueryHandler<ListExemptionClaimsQuery, ExemptionClaimRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ status }: ListExemptionClaimsQuery): Promise<ExemptionClaimRow[]> {
    return this.dataSource.getRepository(ExemptionClaimRow).find({ where: status ? { status } : {}, order: { updatedAt: 'DESC' } });
  }
}

@QueryHandler(GetExemptionClaimQuery)
export class GetExemptionClaimHandler implements IQueryHandler<GetExemptionClaimQuery, ExemptionClaimRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ claimId }: GetExemptionClaimQuery): Promise<ExemptionClaimRow | null> {
    return this.dataSource.getRepository(ExemptionClaimRow).findOneBy({ claimId });
  }
}

@QueryHandler(DecisionMakerHistoryQuery)
export class DecisionMakerHistoryHandler implements IQueryHandler<DecisionMakerHistoryQuery, ExemptionClaimByDecisionMakerRow[] | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ userId, viewer }: DecisionMakerHistoryQuery): Promise<ExemptionClaimByDecisionMakerRow[] | null> {
    if (viewer.userId !== userId && !HISTORY_READERS.includes(viewer.role)) return null;
    return this.dataSource.getRepository(ExemptionClaimByDecisionMakerRow).find({ where: { userId }, order: { filedAt: 'DESC' } });
  }
}

export const EXEMPTION_QUERY_HANDLERS = [ListExemptionClaimsHandler, GetExemptionClaimHandler, DecisionMakerHistoryHandler];
