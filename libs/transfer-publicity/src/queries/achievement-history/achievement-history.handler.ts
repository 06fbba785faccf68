import { achievementReadFacts, readableRows } from '@chengguo/achievement-register';
import { mayRead } from '@chengguo/achievement-register/domain';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { registerAchievementOf, transferCaseRecord } from '../transfer-cases/transfer-case-read';
import { TransferCaseRow } from '../transfer-cases/transfer-case.entity';
import { AchievementHistoryRow } from './achievement-history.entity';
import { GetAchievementHistoryQuery } from './achievement-history.query';

@QueryHandler(GetAchievementHistoryQuery)
export class GetAchievementHistoryHandler implements IQueryHandler<GetAchievementHistoryQuery, AchievementHistoryRow[] | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Cases in the order they were opened; each case's events in stream order (its revisions). Only
   * the cases the viewer may read (the read policy); null when there is nothing they may read, so
   * the endpoint answers as for an achievement that does not exist.
   */
  async execute({ achievementKind, achievementId, viewer }: GetAchievementHistoryQuery): Promise<AchievementHistoryRow[] | null> {
    const rows = await this.dataSource.getRepository(AchievementHistoryRow).find({
      where: { achievementKind, achievementId },
      order: { caseId: 'ASC', revision: 'ASC' },
    });
    const caseIds = [...new Set(rows.map((r) => r.caseId))];
    const cases = caseIds.length ? await this.dataSource.getRepository(TransferCaseRow).findBy({ caseId: In(caseIds) }) : [];
    const readable = new Set(
      (await readableRows(this.dataSource, viewer, cases, registerAchievementOf, transferCaseRecord)).map((c) => c.caseId),
    );
    const kept = rows.filter((r) => readable.has(r.caseId));
    if (kept.length === 0) {
      if (rows.length > 0) return null;
      // No case yet: an empty history, for a viewer who could read the achievement's cases.
      const registerId = registerAchievementOf({ achievementKind, achievementId });
      const facts = registerId ? (await achievementReadFacts(this.dataSource, [registerId])).get(registerId) : undefined;
      return mayRead(viewer, transferCaseRecord({ openedBy: '', supervisoryFilingRequired: false }, facts)) ? [] : null;
    }
    const byCase = new Map<string, AchievementHistoryRow[]>();
    for (const row of kept) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row]);
    return [...byCase.values()].sort((a, b) => a[0].occurredAt.getTime() - b[0].occurredAt.getTime()).flat();
  }
}
