import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LicensingController } from './licensing.controller';
import { LICENCE_QUERY_HANDLERS } from './queries/licences/licences.queries';

/** HTTP face of licensing (api app): the policy, licences, reports, payments, conversion, termination. */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [LicensingController],
  providers: [...LICENCE_QUERY_HANDLERS],
})
export class LicensingModule {}
