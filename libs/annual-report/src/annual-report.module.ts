import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AnnualReportController } from './annual-report.controller';

/** HTTP face of the annual report (api app): prepare, read, export, print. */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [AnnualReportController],
})
export class AnnualReportModule {}
