import type { Viewer } from '@chengguo/achievement-register/domain';
import { Query } from '@nestjs/cqrs';
import type { AchievementRef } from '../../domain/transfer-case.events';
import { ObjectionView } from './publicity-notice.entity';

export interface NoticeBoardEntry {
  caseId: string;
  round: number;
  achievement: AchievementRef;
  proposedPriceFen: number;
  days: number;
  publishedAt: string;
  periodEndsAt: string;
  /** R7-DAYS: counted days not yet over, at the time of the query. */
  daysRemaining: number;
  /** The days are over but an objection is still open: the notice stays up until it is resolved. */
  awaitingObjectionResolution: boolean;
  /** Only for the TTO. */
  objections?: ObjectionView[];
}

export class GetNoticeBoardQuery extends Query<NoticeBoardEntry[]> {
  constructor(
    readonly viewer: Viewer,
    readonly includeObjections: boolean,
    readonly now: Date,
  ) {
    super();
  }
}
