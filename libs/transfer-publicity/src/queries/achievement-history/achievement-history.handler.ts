import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AchievementHistoryRow } from './achievement-history.entity';
import { GetAchievementHistoryQuery } from './achievement-history.query';

@QueryHandler(GetAchievementHistoryQuery)
export class GetAchievementHistoryHandler implements IQueryHandler<GetAchievementHistoryQuery, AchievementHistoryRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Cases in the order they were opened; each case's events in stream order (its revisions). */
  async execute({ achievementKind, achievementId }: GetAchievementHistoryQuery): Promise<AchievementHistoryRow[]> {
    const rows = await this.dataSource.getRepository(AchievementHistoryRow).find({
      where: { achievementKind, achievementId },
      order: { caseId: 'ASC', revision: 'ASC' },
    });
    const byCase = new Map<string, AchievementHistoryRow[]>();
    for (const row of rows) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row]);
    return [...byCase.values()].sort((a, b) => a[0].occurredAt.getTime() - b[0].occurredAt.getTime()).flat();
  }
}
