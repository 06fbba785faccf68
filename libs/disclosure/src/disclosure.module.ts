import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AcknowledgeDisclosureHandler } from './commands/acknowledge-disclosure/acknowledge-disclosure.handler';
import { DisclosureCommandRunner } from './commands/disclosure-command-runner';
import { SubmitDisclosureHandler } from './commands/submit-disclosure/submit-disclosure.handler';
import { DisclosureController } from './disclosure.controller';
import { GetDisclosureHandler } from './queries/disclosure-register/get-disclosure.handler';

/** HTTP face of the disclosure process (api app). */
@Module({
  imports: [CqrsModule],
  controllers: [DisclosureController],
  providers: [DisclosureCommandRunner, SubmitDisclosureHandler, AcknowledgeDisclosureHandler, GetDisclosureHandler],
})
export class DisclosureModule {}
