import type { Viewer } from '@chengguo/achievement-register/domain';
import { Query } from '@nestjs/cqrs';
import type { AchievementRef } from '../../domain/transfer-case.events';
import { AchievementHistoryRow } from './achievement-history.entity';

/** The transfer history of one achievement as `viewer` may read it; null when none of it is theirs to read. */
export class GetAchievementHistoryQuery extends Query<AchievementHistoryRow[] | null> {
  constructor(
    readonly achievementKind: AchievementRef['kind'],
    readonly achievementId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
