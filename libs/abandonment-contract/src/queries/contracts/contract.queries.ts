import {
  achievementIdOfDisclosure,
  AchievementReadFacts,
  readableRow,
  readableRows,
  ReadRecord,
  readRecordOf,
} from '@chengguo/achievement-register';
import { RequestActor } from '@chengguo/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AbandonmentContractRow, ContractRevenueReportRow } from './contract.entities';

export class ListContractsQuery extends Query<AbandonmentContractRow[]> {
  constructor(
    readonly viewer: RequestActor,
    readonly status?: string,
  ) {
    super();
  }
}

/**
 * Who reads a contract: the read policy over its achievement (the contract's id is the disclosure's,
 * which is the achievement's). Its inventors always; the offices, auditors and oversight with the
 * clearance the achievement's classification demands; nobody else.
 */
export function contractRecord(row: AbandonmentContractRow, facts: AchievementReadFacts | undefined): ReadRecord {
  return readRecordOf('contract', facts, { inventorIds: row.inventorIds });
}
const achievementOf = (row: AbandonmentContractRow): string => achievementIdOfDisclosure(row.contractId);

/** One contract as `viewer` may see it; null when it does not exist or is not theirs to see. */
export class GetContractQuery extends Query<AbandonmentContractRow | null> {
  constructor(
    readonly contractId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}
export interface RevenueLedger {
  contract: AbandonmentContractRow | null;
  reports: ContractRevenueReportRow[];
}

/** The contract's totals and its reports, read from one snapshot so they always agree; none for a viewer who may not see it. */
export class RevenueLedgerQuery extends Query<RevenueLedger> {
  constructor(
    readonly contractId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

@QueryHandler(ListContractsQuery)
export class ListContractsHandler implements IQueryHandler<ListContractsQuery, AbandonmentContractRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ viewer, status }: ListContractsQuery): Promise<AbandonmentContractRow[]> {
    const rows = await this.dataSource
      .getRepository(AbandonmentContractRow)
      .find({ where: status ? { status } : {}, order: { updatedAt: 'DESC' } });
    return readableRows(this.dataSource, viewer, rows, achievementOf, contractRecord);
  }
}

@QueryHandler(GetContractQuery)
export class GetContractHandler implements IQueryHandler<GetContractQuery, AbandonmentContractRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ contractId, viewer }: GetContractQuery): Promise<AbandonmentContractRow | null> {
    const row = await this.dataSource.getRepository(AbandonmentContractRow).findOneBy({ contractId });
    return readableRow(this.dataSource, viewer, row, achievementOf, contractRecord);
  }
}

@QueryHandler(RevenueLedgerQuery)
export class RevenueLedgerHandler implements IQueryHandler<RevenueLedgerQuery, RevenueLedger> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ contractId, viewer }: RevenueLedgerQuery): Promise<RevenueLedger> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const contract = await manager.getRepository(AbandonmentContractRow).findOneBy({ contractId });
      if (!(await readableRow(manager, viewer, contract, achievementOf, contractRecord))) return { contract: null, reports: [] };
      return {
        contract,
        reports: await manager.getRepository(ContractRevenueReportRow).find({ where: { contractId }, order: { revision: 'ASC' } }),
      };
    });
  }
}

export const CONTRACT_QUERY_HANDLERS = [ListContractsHandler, GetContractHandler, RevenueLedgerHandler];
