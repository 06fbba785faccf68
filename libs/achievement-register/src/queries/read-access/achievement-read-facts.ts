import { ABANDONMENT_CONTRACT_PREFIX } from '@chengguo/abandonment-contract/domain';
import { DISCLOSURE_STREAM_PREFIX } from '@chengguo/disclosure/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AchievementClassification, achievementIdOfDisclosure } from '../../domain/achievement.events';
import { mayRead, ReadRecord, Viewer } from '../../domain/read-access';
import { AchievementRegisterRow } from '../register/achievement-register.entity';

/** What the read policy needs from the register about one achievement. */
export interface AchievementReadFacts {
  classification: AchievementClassification;
  inventorIds: string[];
}

/**
 * The read side's half of the read policy: the register's classification and inventors of the
 * achievements some rows concern, from the ledger (a read may read a read model; a decision never
 * does). An id the register does not hold (a patent number, an achievement not yet registered, a
 * round that names none) is absent, and the policy treats its record as unit-internal.
 */
export async function achievementReadFacts(
  source: DataSource | EntityManager,
  achievementIds: ReadonlyArray<string | null | undefined>,
): Promise<Map<string, AchievementReadFacts>> {
  const ids = [...new Set(achievementIds.filter((id): id is string => typeof id === 'string' && id.length > 0))];
  const facts = new Map<string, AchievementReadFacts>();
  if (ids.length === 0) return facts;
  const rows = await source
    .getRepository(AchievementRegisterRow)
    .createQueryBuilder('r')
    .select(['r.achievementId', 'r.classification', 'r.inventorIds', 'r.status'])
    .where('r.achievementId IN (:...ids)', { ids })
    .getMany();
  for (const row of rows) {
    // A row holding only a noted irregularity was never registered: no classification on record.
    if (row.status === 'unregistered') continue;
    facts.set(row.achievementId, { classification: row.classification, inventorIds: row.inventorIds });
  }
  return facts;
}

/**
 * The achievement a process stream concerns, where its id says so — as the register's reactions
 * join them: a disclosure and its abandonment contract carry the achievement's id. For records
 * written before they named their achievement (e.g. a sign-off round opened before rounds did).
 */
export function achievementOfProcessStream(streamId: string): string | null {
  for (const prefix of [DISCLOSURE_STREAM_PREFIX, ABANDONMENT_CONTRACT_PREFIX]) {
    if (streamId.startsWith(prefix)) return achievementIdOfDisclosure(streamId.slice(prefix.length));
  }
  return null;
}

/** The policy's record for a row: the register's facts when it holds the achievement, else the row's own. */
export function readRecordOf(
  kind: ReadRecord['kind'],
  facts: AchievementReadFacts | undefined,
  own: Omit<ReadRecord, 'kind' | 'classification' | 'inventorIds'> & Partial<Pick<ReadRecord, 'classification' | 'inventorIds'>> = {},
): ReadRecord {
  return {
    kind,
    ...own,
    // The register's classification wins: a reclassification reaches every process's records at once.
    classification: facts?.classification ?? own.classification ?? null,
    inventorIds: [...new Set([...(facts?.inventorIds ?? []), ...(own.inventorIds ?? [])])],
  };
}

/** Keeps the rows `viewer` may read, looking up their achievements in one query. */
export async function readableRows<Row>(
  source: DataSource | EntityManager,
  viewer: Viewer,
  rows: readonly Row[],
  achievementIdOf: (row: Row) => string | null | undefined,
  recordOf: (row: Row, facts: AchievementReadFacts | undefined) => ReadRecord,
): Promise<Row[]> {
  const facts = await achievementReadFacts(source, rows.map(achievementIdOf));
  return rows.filter((row) => {
    const id = achievementIdOf(row);
    return mayRead(viewer, recordOf(row, id ? facts.get(id) : undefined));
  });
}

/** One row if `viewer` may read it, else null (the endpoint answers 404 either way). */
export async function readableRow<Row>(
  source: DataSource | EntityManager,
  viewer: Viewer,
  row: Row | null,
  achievementIdOf: (row: Row) => string | null | undefined,
  recordOf: (row: Row, facts: AchievementReadFacts | undefined) => ReadRecord,
): Promise<Row | null> {
  if (!row) return null;
  const [kept] = await readableRows(source, viewer, [row], achievementIdOf, recordOf);
  return kept ?? null;
}
