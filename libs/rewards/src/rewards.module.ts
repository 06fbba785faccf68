import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { REWARDS_QUERY_HANDLERS } from './queries/rewards/rewards.queries';
import { RewardPolicyController } from './reward-policy.controller';
import { RewardBoardController, RewardDistributionController } from './rewards.controller';

/** HTTP face of rewards (api app): scheme, roster, distributions, the announcement board and the payroll. */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [RewardPolicyController, RewardDistributionController, RewardBoardController],
  providers: [...REWARDS_QUERY_HANDLERS],
})
export class RewardsModule {}
