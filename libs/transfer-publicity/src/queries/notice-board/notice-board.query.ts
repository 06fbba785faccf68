import { Query } from '@nestjs/cqrs';
import { ObjectionView } from './publicity-notice.entity';

export interface NoticeBoardEntry {
  caseId: string;
  round: number;
  achievement: { kind: 'disclosure' | 'patent'; id: string; name: string };
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
    readonly includeObjections: boolean,
    readonly now: Date,
  ) {
    super();
  }
}
