import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DisclosurePolicyController } from './disclosure-policy.controller';
import { DisclosureController } from './disclosure.controller';
import { DISCLOSURE_QUERY_HANDLERS } from './queries/disclosures/disclosure.queries';

/** HTTP face of the disclosure process (api app). */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [DisclosureController, DisclosurePolicyController],
  providers: [...DISCLOSURE_QUERY_HANDLERS],
})
export class DisclosureModule {}
