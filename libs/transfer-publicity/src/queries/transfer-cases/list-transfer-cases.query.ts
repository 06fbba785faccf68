import { Query } from '@nestjs/cqrs';
import { TransferCaseStatus } from '../../domain/transfer-case.decider';
import { TransferCaseRow } from './transfer-case.entity';

export class ListTransferCasesQuery extends Query<TransferCaseRow[]> {
  constructor(readonly status: TransferCaseStatus | undefined) {
    super();
  }
}

export class GetTransferCaseQuery extends Query<TransferCaseRow | null> {
  constructor(readonly caseId: string) {
    super();
  }
}
