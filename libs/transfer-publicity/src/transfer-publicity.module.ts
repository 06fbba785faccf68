import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetAchievementHistoryHandler } from './queries/achievement-history/achievement-history.handler';
import { GetNoticeBoardHandler } from './queries/notice-board/notice-board.handler';
import { GetTransferCaseHandler, ListTransferCasesHandler } from './queries/transfer-cases/transfer-cases.handlers';
import { TransferCaseController } from './transfer-case.controller';

/** HTTP face of the pricing-publicity and transfer process (api app). */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [TransferCaseController],
  providers: [ListTransferCasesHandler, GetTransferCaseHandler, GetAchievementHistoryHandler, GetNoticeBoardHandler],
})
export class TransferPublicityModule {}
