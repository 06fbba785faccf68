import { ProblemException, RequestActor } from '@chengguo/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { CLEARANCE_LEVELS, clearanceCovers, RECORD_OFFICES } from '../../domain/read-access';
import { AchievementRegisterRow } from './achievement-register.entity';

/**
 * Who sees a ledger row: the read policy (`readAccess`, domain/read-access.ts) written as SQL, so a
 * page holds `limit` visible rows and a hidden row never costs a page. An inventor sees their own
 * achievement whatever its classification; the offices, oversight and auditors the achievements
 * their clearance covers (the R5 flags raise what a row demands, as `clearanceRequired` says);
 * anyone else nothing. "Names the viewer" is written as containment (`@>`), which the GIN index on
 * `inventor_ids` answers (`= ANY` is not indexable), so an inventor's page reads their rows only.
 */
function readableBy(query: SelectQueryBuilder<AchievementRegisterRow>, viewer: RequestActor): void {
  const office = viewer.role === 'auditor' || RECORD_OFFICES.achievement.includes(viewer.role);
  const cleared = CLEARANCE_LEVELS.filter((level) => clearanceCovers(viewer.clearance, level));
  query.andWhere(
    new Brackets((w) =>
      w
        .where('r.inventorIds @> ARRAY[:viewer]::text[]')
        .orWhere(
          new Brackets((c) =>
            c
              .where(':office')
              .andWhere('r.confidentiality IN (:...cleared)')
              .andWhere("(NOT COALESCE((r.classification->>'keyCoreTechnology')::boolean, false) OR :coversCommercial)")
              .andWhere("(NOT COALESCE((r.classification->>'nationalSecurity')::boolean, false) OR :coversState)"),
          ),
        ),
    ),
    {
      viewer: viewer.userId,
      office,
      cleared,
      coversCommercial: clearanceCovers(viewer.clearance, 'commercial_secret'),
      coversState: clearanceCovers(viewer.clearance, 'state_secret'),
    },
  );
}

/**
 * Newest registration first, then by id: a key that never changes once a row exists, so paging
 * neither skips nor repeats a row that is updated meanwhile. Rows with only a noted irregularity
 * (never registered) sort last.
 */
const SORT_KEY = 'COALESCE(r.registered_at, to_timestamp(0))';

/** The ledger's filters (R12), already validated; `inventor: 'me'` means the viewer. */
export interface LedgerFilter {
  inventor?: string;
  kind?: string;
  status?: string;
  confidentiality?: string;
  r5FilingRequired?: boolean;
  /** Year of registration, Asia/Shanghai. */
  year?: number;
}

function filtered(dataSource: DataSource, viewer: RequestActor, filter: LedgerFilter): SelectQueryBuilder<AchievementRegisterRow> {
  const query = dataSource.getRepository(AchievementRegisterRow).createQueryBuilder('r').where('TRUE');
  readableBy(query, viewer);
  if (filter.inventor !== undefined) {
    query.andWhere('r.inventorIds @> ARRAY[:inventor]::text[]', { inventor: filter.inventor === 'me' ? viewer.userId : filter.inventor });
  }
  if (filter.kind !== undefined) query.andWhere('r.kind = :kind', { kind: filter.kind });
  if (filter.status !== undefined) query.andWhere('r.status = :status', { status: filter.status });
  if (filter.confidentiality !== undefined)
    query.andWhere('r.confidentiality = :confidentiality', { confidentiality: filter.confidentiality });
  if (filter.r5FilingRequired !== undefined) query.andWhere('r.r5FilingRequired = :r5', { r5: filter.r5FilingRequired });
  if (filter.year !== undefined) {
    // China keeps one offset all year: a year of registration is [1 Jan 00:00 +08:00, next 1 Jan).
    // Bounds on the sort key (a registered row's key is its registration) let the ordered indexes
    // read that year's rows only; a row never registered has no year.
    query.andWhere(`r.registered_at IS NOT NULL AND ${SORT_KEY} >= :from AND ${SORT_KEY} < :to`, {
      from: `${filter.year}-01-01T00:00:00+08:00`,
      to: `${filter.year + 1}-01-01T00:00:00+08:00`,
    });
  }
  return query;
}

function ordered(query: SelectQueryBuilder<AchievementRegisterRow>): SelectQueryBuilder<AchievementRegisterRow> {
  return query.orderBy(SORT_KEY, 'DESC').addOrderBy('r.achievement_id', 'DESC');
}

/** The state column is the decider's whole fold; lists and exports show the flat columns only. */
const LIST_COLUMNS = (
  [
    'achievementId',
    'kind',
    'title',
    'status',
    'owner',
    'ownerKind',
    'inventors',
    'inventorIds',
    'classification',
    'confidentiality',
    'r5FilingRequired',
    'filingDecision',
    'rights',
    'applicationNumber',
    'patentNumber',
    'openCaseIds',
    'disclosureId',
    'irregularityCount',
    'nextDueDate',
    'annuityStatus',
    'registeredAt',
    'revision',
    'updatedAt',
  ] satisfies Array<keyof AchievementRegisterRow>
).map((column) => `r.${column}`);

type CursorKey = [registeredAt: string, achievementId: string];

export function encodeLedgerCursor(row: Pick<AchievementRegisterRow, 'registeredAt' | 'achievementId'>): string {
  const key: CursorKey = [(row.registeredAt ?? new Date(0)).toISOString(), row.achievementId];
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeLedgerCursor(cursor: string): CursorKey {
  const invalid = () => new ProblemException(422, 'LEDGER_CURSOR_INVALID', 'cursor is the nextCursor of a previous page, unchanged.');
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(key) ||
    key.length !== 2 ||
    typeof key[0] !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(key[0]) ||
    Number.isNaN(Date.parse(key[0])) ||
    typeof key[1] !== 'string' ||
    !/^[\w.@:-]{1,200}$/.test(key[1])
  ) {
    throw invalid();
  }
  return [key[0], key[1]];
}

export interface LedgerPage {
  items: AchievementRegisterRow[];
  nextCursor: string | null;
}

/** One page of the ledger (台账, R12) as `viewer` may see it. */
export class AchievementLedgerQuery extends Query<LedgerPage> {
  constructor(
    readonly viewer: RequestActor,
    readonly filter: LedgerFilter,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

/** Every ledger row `viewer` may see under the filter, in ledger order (the CSV export). */
export class AchievementLedgerExportQuery extends Query<AchievementRegisterRow[]> {
  constructor(
    readonly viewer: RequestActor,
    readonly filter: LedgerFilter,
  ) {
    super();
  }
}

/** One achievement as `viewer` may see it; null when it does not exist or is not theirs to see. */
export class GetAchievementQuery extends Query<AchievementRegisterRow | null> {
  constructor(
    readonly achievementId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

@QueryHandler(AchievementLedgerQuery)
export class AchievementLedgerHandler implements IQueryHandler<AchievementLedgerQuery, LedgerPage> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ viewer, filter, limit, cursor }: AchievementLedgerQuery): Promise<LedgerPage> {
    const query = filtered(this.dataSource, viewer, filter).select(LIST_COLUMNS);
    if (cursor !== undefined) {
      const [at, id] = decodeLedgerCursor(cursor);
      query.andWhere(`(${SORT_KEY}, r.achievement_id) < (CAST(:at AS timestamptz), :id)`, { at, id });
    }
    // One row more than asked says whether another page follows, without a count.
    const rows = await ordered(query)
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeLedgerCursor(items[items.length - 1]) : null };
  }
}

@QueryHandler(AchievementLedgerExportQuery)
export class AchievementLedgerExportHandler implements IQueryHandler<AchievementLedgerExportQuery, AchievementRegisterRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ viewer, filter }: AchievementLedgerExportQuery): Promise<AchievementRegisterRow[]> {
    return ordered(filtered(this.dataSource, viewer, filter).select(LIST_COLUMNS)).getMany();
  }
}

@QueryHandler(GetAchievementQuery)
export class GetAchievementHandler implements IQueryHandler<GetAchievementQuery, AchievementRegisterRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ achievementId, viewer }: GetAchievementQuery): Promise<AchievementRegisterRow | null> {
    return filtered(this.dataSource, viewer, {}).andWhere('r.achievementId = :achievementId', { achievementId }).getOne();
  }
}

export const ACHIEVEMENT_REGISTER_QUERY_HANDLERS = [AchievementLedgerHandler, AchievementLedgerExportHandler, GetAchievementHandler];
