import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { publicityDaysRemaining } from '../../domain/publicity-period';
import { GetNoticeBoardQuery, NoticeBoardEntry } from './notice-board.query';
import { PublicityNoticeRow } from './publicity-notice.entity';

/** Notices now in publicity, with their days remaining (R7-DAYS, Asia/Shanghai) as of `now`. */
@QueryHandler(GetNoticeBoardQuery)
export class GetNoticeBoardHandler implements IQueryHandler<GetNoticeBoardQuery, NoticeBoardEntry[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ includeObjections, now }: GetNoticeBoardQuery): Promise<NoticeBoardEntry[]> {
    const rows = await this.dataSource.getRepository(PublicityNoticeRow).find({
      where: { status: 'running' },
      order: { periodEndsAt: 'ASC', caseId: 'ASC' },
    });
    return rows.map((row) => {
      const periodEndsAt = row.periodEndsAt.toISOString();
      const daysRemaining = publicityDaysRemaining(periodEndsAt, row.days, now);
      return {
        caseId: row.caseId,
        round: row.round,
        achievement: { kind: row.achievementKind, id: row.achievementId, name: row.achievementName },
        proposedPriceFen: Number(row.proposedPriceFen),
        days: row.days,
        publishedAt: row.publishedAt.toISOString(),
        periodEndsAt,
        daysRemaining,
        awaitingObjectionResolution: daysRemaining === 0 && row.objections.some((o) => o.status === 'open'),
        ...(includeObjections ? { objections: row.objections } : {}),
      };
    });
  }
}
