import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AchievementRegisterController } from './achievement-register.controller';
import { ACHIEVEMENT_REGISTER_QUERY_HANDLERS } from './queries/register/achievement-register.queries';

/** HTTP face of the achievement register (api app): the TTO's commands and the ledger. */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [AchievementRegisterController],
  providers: [...ACHIEVEMENT_REGISTER_QUERY_HANDLERS],
})
export class AchievementRegisterModule {}
