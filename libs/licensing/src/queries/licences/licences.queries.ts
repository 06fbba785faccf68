import { AchievementReadFacts, ReadRecord, readableRow, readableRows, readRecordOf } from '@chengguo/achievement-register';
import type { Viewer } from '@chengguo/achievement-register/domain';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LicenceRow } from './licence.entity';

/**
 * A licence as the read policy sees it: a record of the transfer case that priced it (the same
 * readers: the unit's offices but the operators, oversight, the achievement's inventors), whose
 * party is the officer who recorded it; the register's classification applies.
 */
const licenceRecord = (row: LicenceRow, facts: AchievementReadFacts | undefined): ReadRecord =>
  readRecordOf('transfer_case', facts, { partyUserIds: [row.recordedBy] });

export class ListLicencesQuery extends Query<LicenceRow[]> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: { achievementId?: string; status?: string },
  ) {
    super();
  }
}

export class GetLicenceQuery extends Query<LicenceRow | null> {
  constructor(
    readonly licenceId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}

@QueryHandler(ListLicencesQuery)
export class ListLicencesHandler implements IQueryHandler<ListLicencesQuery, LicenceRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ viewer, filter }: ListLicencesQuery): Promise<LicenceRow[]> {
    const query = this.dataSource.getRepository(LicenceRow).createQueryBuilder('l');
    if (filter.achievementId) query.andWhere('l.achievementId = :achievementId', { achievementId: filter.achievementId });
    if (filter.status) query.andWhere('l.status = :status', { status: filter.status });
    const rows = await query.orderBy('l.updatedAt', 'ASC').addOrderBy('l.licenceId', 'ASC').take(500).getMany();
    return readableRows(this.dataSource, viewer, rows, (row) => row.achievementId, licenceRecord);
  }
}

@QueryHandler(GetLicenceQuery)
export class GetLicenceHandler implements IQueryHandler<GetLicenceQuery, LicenceRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ licenceId, viewer }: GetLicenceQuery): Promise<LicenceRow | null> {
    const row = await this.dataSource.getRepository(LicenceRow).findOneBy({ licenceId });
    return readableRow(this.dataSource, viewer, row, (r) => r.achievementId, licenceRecord);
  }
}

export const LICENCE_QUERY_HANDLERS = [ListLicencesHandler, GetLicenceHandler];
