import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AbstainHandler } from './commands/abstain/abstain.handler';
import { CloseAsExpiredHandler } from './commands/close-as-expired/close-as-expired.handler';
import { DelegateHandler } from './commands/delegate/delegate.handler';
import { ExtendDeadlineHandler } from './commands/extend-deadline/extend-deadline.handler';
import { RejectHandler } from './commands/reject/reject.handler';
import { RevokeDelegationHandler } from './commands/revoke-delegation/revoke-delegation.handler';
import { SignHandler } from './commands/sign/sign.handler';
import { GetSignOffHandler } from './queries/sign-offs/get-sign-off.handler';
import { ListPendingSignOffsHandler } from './queries/sign-offs/list-pending-sign-offs.handler';
import { SignOffController } from './sign-off.controller';

/** HTTP face of the multi-party sign-off (api app); rounds are opened by the owning processes. */
@Module({
  imports: [CqrsModule],
  controllers: [SignOffController],
  providers: [
    SignHandler,
    RejectHandler,
    AbstainHandler,
    DelegateHandler,
    RevokeDelegationHandler,
    ExtendDeadlineHandler,
    CloseAsExpiredHandler,
    GetSignOffHandler,
    ListPendingSignOffsHandler,
  ],
})
export class SignOffModule {}
