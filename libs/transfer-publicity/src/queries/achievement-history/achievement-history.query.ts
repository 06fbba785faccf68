import { Query } from '@nestjs/cqrs';
import { AchievementHistoryRow } from './achievement-history.entity';

export class GetAchievementHistoryQuery extends Query<AchievementHistoryRow[]> {
  constructor(
    readonly achievementKind: 'disclosure' | 'patent',
    readonly achievementId: string,
  ) {
    super();
  }
}
