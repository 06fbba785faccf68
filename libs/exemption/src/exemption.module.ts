import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ExecuteExemptionCommandHandler, FileExemptionClaimHandler } from './commands/execute-exemption-command';
import { ExemptionClaimController, ExemptionListsController } from './exemption.controller';
import { EXEMPTION_QUERY_HANDLERS } from './queries/exemption-claims/exemption-claim.queries';

@Module({
  imports: [CqrsModule],
  controllers: [ExemptionClaimController, ExemptionListsController],
  providers: [FileExemptionClaimHandler, ExecuteExemptionCommandHandler, ...EXEMPTION_QUERY_HANDLERS],
})
export class ExemptionModule {}
