import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ExemptionClaimController, ExemptionListsController } from './exemption.controller';
import { EXEMPTION_QUERY_HANDLERS } from './queries/exemption-claims/exemption-claim.queries';

@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [ExemptionClaimController, ExemptionListsController],
  providers: [...EXEMPTION_QUERY_HANDLERS],
})
export class ExemptionModule {}
