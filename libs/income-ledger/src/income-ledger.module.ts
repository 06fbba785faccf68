import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IncomeLedgerController } from './income-ledger.controller';
import { INCOME_LEDGER_QUERY_HANDLERS } from './queries/income/income-ledger.queries';

/** HTTP face of the income ledger (api app): finance's entries and the ledger view. */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [IncomeLedgerController],
  providers: [...INCOME_LEDGER_QUERY_HANDLERS],
})
export class IncomeLedgerModule {}
