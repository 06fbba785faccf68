import { Viewer } from '@chengguo/achievement-register/domain';
import { Query } from '@nestjs/cqrs';
import { SignOffPendingRow } from './sign-off-pending.entity';

export class ListPendingSignOffsQuery extends Query<SignOffPendingRow[]> {
  constructor(
    readonly actor: Viewer,
    /** False also lists parties that cannot act yet (sequence turn not come, round expired). */
    readonly actionableOnly = true,
  ) {
    super();
  }
}
