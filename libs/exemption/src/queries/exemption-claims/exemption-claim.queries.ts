import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
export class DecisionMakerHistoryQuery extends Query<ExemptionClaimByDecisionMakerRow[]> {
  constructor(readonly userId: string) {
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
export class DecisionMakerHistoryHandler implements IQueryHandler<DecisionMakerHistoryQuery, ExemptionClaimByDecisionMakerRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ userId }: DecisionMakerHistoryQuery): Promise<ExemptionClaimByDecisionMakerRow[]> {
    return this.dataSource.getRepository(ExemptionClaimByDecisionMakerRow).find({ where: { userId }, order: { filedAt: 'DESC' } });
  }
}

export const EXEMPTION_QUERY_HANDLERS = [ListExemptionClaimsHandler, GetExemptionClaimHandler, DecisionMakerHistoryHandler];
