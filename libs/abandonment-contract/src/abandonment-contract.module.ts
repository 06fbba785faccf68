import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AbandonmentContractController } from './abandonment-contract.controller';
import { CONTRACT_QUERY_HANDLERS } from './queries/contracts/contract.queries';

@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [AbandonmentContractController],
  providers: [...CONTRACT_QUERY_HANDLERS],
})
export class AbandonmentContractModule {}
