import type { Viewer } from '@chengguo/achievement-register/domain';
import { Query } from '@nestjs/cqrs';
import { TransferCaseStatus } from '../../domain/transfer-case.decider';
import { TransferCaseRow } from './transfer-case.entity';

export class ListTransferCasesQuery extends Query<TransferCaseRow[]> {
  constructor(
    readonly viewer: Viewer,
    readonly status: TransferCaseStatus | undefined,
  ) {
    super();
  }
}

export class GetTransferCaseQuery extends Query<TransferCaseRow | null> {
  constructor(
    readonly caseId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
