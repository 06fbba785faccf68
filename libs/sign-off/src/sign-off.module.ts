import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetSignOffHandler } from './queries/sign-offs/get-sign-off.handler';
import { ListPendingSignOffsHandler } from './queries/sign-offs/list-pending-sign-offs.handler';
import { SignOffController } from './sign-off.controller';

/** HTTP face of the multi-party sign-off (api app); rounds are opened by the owning processes. */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [SignOffController],
  providers: [GetSignOffHandler, ListPendingSignOffsHandler],
})
export class SignOffModule {}
