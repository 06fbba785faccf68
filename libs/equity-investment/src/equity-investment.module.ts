import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EquityInvestmentController } from './equity-investment.controller';
import { EQUITY_INVESTMENT_QUERY_HANDLERS } from './queries/equity-investments/equity-investments.queries';

/** HTTP face of the equity investment (api app): its commands and its read model. */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [EquityInvestmentController],
  providers: [...EQUITY_INVESTMENT_QUERY_HANDLERS],
})
export class EquityInvestmentModule {}
