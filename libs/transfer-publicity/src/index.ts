import { ReadModelModule } from '@chengguo/read-models';
import { TransferPublicity1764000000400 } from './queries/1764000000400-transfer-publicity';
import { AchievementHistoryRow } from './queries/achievement-history/achievement-history.entity';
import { PublicityNoticeRow } from './queries/notice-board/publicity-notice.entity';
import { TransferCaseRow } from './queries/transfer-cases/transfer-case.entity';

export * from './domain/transfer-case.events';
export * from './domain/transfer-case.decider';
export * from './domain/publicity-period';
export * from './commands/transfer-publicity.commands';
export * from './transfer-publicity.module';
export * from './transfer-publicity.access';
export { transferCasesProjection } from './queries/transfer-cases/transfer-cases.projection';
export { achievementHistoryProjection } from './queries/achievement-history/achievement-history.projection';
export { noticeBoardProjection } from './queries/notice-board/notice-board.projection';
export { TransferCaseRow, AchievementHistoryRow, PublicityNoticeRow };
export * from './reactions/publicity.reactions';
export * from './activities/publicity.activities';

export const transferPublicityReadModels: ReadModelModule = {
  entities: [TransferCaseRow, AchievementHistoryRow, PublicityNoticeRow],
  migrations: [TransferPublicity1764000000400],
};
