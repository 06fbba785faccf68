import type { ProcessManifest } from '@chengguo/manifest';
import { PUBLICITY_WORKFLOW_TYPE } from '../../../workflows/transfer-publicity/publicity.contract';
import { transferPublicityAccess } from './transfer-publicity.access';
import { ReadModelModule } from '@chengguo/read-models';
import { createPublicityActivities } from './activities/publicity.activities';
import { TRANSFER_CASE_STREAM_PREFIX, TRANSFER_CASE_UPCASTERS, transferCaseDecider } from './domain';
import { achievementHistoryProjection } from './queries/achievement-history/achievement-history.projection';
import { noticeBoardProjection } from './queries/notice-board/notice-board.projection';
import { transferCasesProjection } from './queries/transfer-cases/transfer-cases.projection';
import { forwardPublicityEvents } from './reactions/publicity.reactions';
import { TransferPublicityModule } from './transfer-publicity.module';
import { TransferPublicity1764000000400 } from './queries/1764000000400-transfer-publicity';
import { AchievementHistoryRow } from './queries/achievement-history/achievement-history.entity';
import { PublicityNoticeRow } from './queries/notice-board/publicity-notice.entity';
import { TransferCaseRow } from './queries/transfer-cases/transfer-case.entity';
import { transferCaseCommands } from './commands/transfer-publicity.commands';

export * from './domain/transfer-case.events';
export * from './domain/transfer-case.decider';
export * from './domain/publicity-period';
export * from './domain/transfer-case.upcasters';
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

/** Transfer cases with pricing publicity (R5–R8). */
export const transferPublicityProcess: ProcessManifest = {
  name: 'transfer-publicity',
  commands: [transferCaseCommands],
  access: transferPublicityAccess,
  module: TransferPublicityModule,
  readModels: transferPublicityReadModels,
  projections: [transferCasesProjection, achievementHistoryProjection, noticeBoardProjection],
  reactions: ({ taskQueue }) => [forwardPublicityEvents(taskQueue)],
  activities: ({ store }) => ({ ...createPublicityActivities(store) }),
  workflows: [PUBLICITY_WORKFLOW_TYPE],
  upcasters: TRANSFER_CASE_UPCASTERS,
  audit: [
    {
      name: 'transfer-case',
      streamPrefix: TRANSFER_CASE_STREAM_PREFIX,
      decider: transferCaseDecider,
      citations: {
        TransferCaseOpened: ['R5', 'R6'],
        CoOwnersConsentRequired: ['R11'],
        SupervisoryFilingRecorded: ['R5'],
        PublicityNoticePublished: ['R7'],
        PublicityPeriodCompleted: ['R7'],
        PublicityFailed: ['R7'],
        MarketResultRecorded: ['R6'],
        TechnologyContractRegistered: ['R8'],
        TransferExecuted: ['R8'],
      },
    },
  ],
};
