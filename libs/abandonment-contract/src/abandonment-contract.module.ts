import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AbandonmentContractController } from './abandonment-contract.controller';
import { ExecuteContractCommandHandler } from './commands/execute-contract-command';
import { CONTRACT_QUERY_HANDLERS } from './queries/contracts/contract.queries';

@Module({
  imports: [CqrsModule],
  controllers: [AbandonmentContractController],
  providers: [ExecuteContractCommandHandler, ...CONTRACT_QUERY_HANDLERS],
})
export class AbandonmentContractModule {}
