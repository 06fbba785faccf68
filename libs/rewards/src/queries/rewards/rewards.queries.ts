import { GetAchievementQuery } from '@chengguo/achievement-register';
import { RequestActor, Role } from '@chengguo/common';
import { IQueryBus, IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RewardDistributionRow, RewardPaymentRow } from './reward.entities';

/**
 * Who reads a distribution (the read side's filter; roles alone are the access rules'): whoever may
 * see the achievement in the ledger (clearance included), and of those the offices that handle or
 * check rewards and the distribution's own contributors.
 */
const REWARD_OFFICES: readonly Role[] = ['finance', 'tto_officer', 'unit_leader', 'auditor', 'supervisory_department'];

export class GetRewardDistributionQuery extends Query<RewardDistributionRow | null> {
  constructor(
    readonly distributionId: string,
    readonly achievementId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

/** The distributions being announced now (公示), for everyone in the unit. */
export class RewardAnnouncementsQuery extends Query<RewardDistributionRow[]> {
  constructor(readonly now: Date) {
    super();
  }
}

/** Rewards paid in one month, for finance's payroll (R10). */
export class RewardPayrollQuery extends Query<RewardPaymentRow[]> {
  constructor(readonly month: string) {
    super();
  }
}

@QueryHandler(GetRewardDistributionQuery)
export class GetRewardDistributionHandler implements IQueryHandler<GetRewardDistributionQuery, RewardDistributionRow | null> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ distributionId, achievementId, viewer }: GetRewardDistributionQuery): Promise<RewardDistributionRow | null> {
    const achievement = await (this.queries as IQueryBus).execute(new GetAchievementQuery(achievementId, viewer));
    if (!achievement) return null;
    const row = await this.dataSource.getRepository(RewardDistributionRow).findOneBy({ distributionId });
    if (!row || (!REWARD_OFFICES.includes(viewer.role) && !row.contributorIds.includes(viewer.userId))) return null;
    return row;
  }
}

@QueryHandler(RewardAnnouncementsQuery)
export class RewardAnnouncementsHandler implements IQueryHandler<RewardAnnouncementsQuery, RewardDistributionRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ now }: RewardAnnouncementsQuery): Promise<RewardDistributionRow[]> {
    // The notice board never shows an achievement above the unit-internal level.
    return this.dataSource
      .getRepository(RewardDistributionRow)
      .createQueryBuilder('d')
      .where('d.announced_at IS NOT NULL AND d.announcement_ends_at > :now', { now })
      .andWhere(
        `EXISTS (SELECT 1 FROM read_models.achievement_register a
                 WHERE a.achievement_id = d.achievement_id AND a.confidentiality IN ('public', 'internal'))`,
      )
      .orderBy('d.announced_at', 'DESC')
      .getMany();
  }
}

@QueryHandler(RewardPayrollQuery)
export class RewardPayrollHandler implements IQueryHandler<RewardPayrollQuery, RewardPaymentRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ month }: RewardPayrollQuery): Promise<RewardPaymentRow[]> {
    return this.dataSource.getRepository(RewardPaymentRow).find({ where: { month }, order: { paidOn: 'ASC', userId: 'ASC' } });
  }
}

export const REWARDS_QUERY_HANDLERS = [GetRewardDistributionHandler, RewardAnnouncementsHandler, RewardPayrollHandler];
