import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OwnershipPilotController } from './ownership-pilot.controller';

/** HTTP face of the ownership pilot (api app): the pilot switch and the agreements. */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [OwnershipPilotController],
})
export class OwnershipPilotModule {}
