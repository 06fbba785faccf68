import { Viewer } from '@chengguo/achievement-register/domain';
import { Query } from '@nestjs/cqrs';
import { SignOffRoundRow } from './sign-off-round.entity';

/** One round as `viewer` may read it; null when it does not exist or is not theirs to read. */
export class GetSignOffQuery extends Query<SignOffRoundRow | null> {
  constructor(
    readonly streamId: string,
    readonly signOffId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
