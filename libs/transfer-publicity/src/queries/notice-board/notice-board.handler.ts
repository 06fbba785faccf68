import { achievementReadFacts } from '@chengguo/achievement-register';
import { clearanceCovers, clearanceRequired, mayBePostedInUnit, UNCLASSIFIED } from '@chengguo/achievement-register/domain';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { publicityDaysRemaining } from '../../domain/publicity-period';
import { registerAchievementOf } from '../transfer-cases/transfer-case-read';
import { GetNoticeBoardQuery, NoticeBoardEntry } from './notice-board.query';
import { PublicityNoticeRow } from './publicity-notice.entity';

/**
 * Notices now in publicity, with their days remaining (R7-DAYS, Asia/Shanghai) as of `now`. R7
 * publishes inside the unit: a notice whose achievement the register classifies above unit-internal
 * (a commercial or state secret, national security, key core technology) is never on the board, and
 * a reader sees only the notices their clearance covers (the read policy's clearance rule).
 */
@QueryHandler(GetNoticeBoardQuery)
export class GetNoticeBoardHandler implements IQueryHandler<GetNoticeBoardQuery, NoticeBoardEntry[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ viewer, includeObjections, now }: GetNoticeBoardQuery): Promise<NoticeBoardEntry[]> {
    const running = await this.dataSource.getRepository(PublicityNoticeRow).find({
      where: { status: 'running' },
      order: { periodEndsAt: 'ASC', caseId: 'ASC' },
    });
    const facts = await achievementReadFacts(this.dataSource, running.map(registerAchievementOf));
    const rows = running.filter((row) => {
      const id = registerAchievementOf(row);
      const classification = (id ? facts.get(id)?.classification : undefined) ?? UNCLASSIFIED;
      return mayBePostedInUnit(classification) && clearanceCovers(viewer.clearance, clearanceRequired(classification));
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
