import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ExecuteDisclosureCommandHandler } from './commands/execute-disclosure-command';
import { DisclosurePolicyController } from './disclosure-policy.controller';
import { DisclosureController } from './disclosure.controller';
import { DISCLOSURE_QUERY_HANDLERS } from './queries/disclosures/disclosure.queries';

/** HTTP face of the disclosure process (api app). */
@Module({
  imports: [CqrsModule],
  controllers: [DisclosureController, DisclosurePolicyController],
  providers: [ExecuteDisclosureCommandHandler, ...DISCLOSURE_QUERY_HANDLERS],
})
export class DisclosureModule {}
