import { Query } from '@nestjs/cqrs';
import type { AchievementRef } from '../../domain/transfer-case.events';
import { AchievementHistoryRow } from './achievement-history.entity';

export class GetAchievementHistoryQuery extends Query<AchievementHistoryRow[]> {
  constructor(
    readonly achievementKind: AchievementRef['kind'],
    readonly achievementId: string,
  ) {
    super();
  }
}
