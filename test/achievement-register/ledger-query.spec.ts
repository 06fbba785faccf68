import {
  AchievementLedgerHandler,
  AchievementLedgerQuery,
  achievementRegisterReadModels,
  AchievementRegisterRow,
  LedgerFilter,
  mayRead,
} from '@chengguo/achievement-register';
import { RequestActor } from '@chengguo/common';
import { createReadModelDataSource, migrateReadModels } from '@chengguo/read-models';
import { DataSource, Logger } from 'typeorm';
import { createTestDatabase } from '../support/databases';

const office: RequestActor = { userId: 'wang.tto', role: 'tto_officer', clearance: 'commercial_secret' };
const viewers: Record<string, RequestActor> = {
  'office, commercial secret': office,
  'office, public only': { userId: 'qian.tto', role: 'tto_officer', clearance: 'public' },
  'auditor, state secret': { userId: 'sun.audit', role: 'auditor', clearance: 'state_secret' },
  'inventor li.lei': { userId: 'li.lei', role: 'inventor', clearance: 'public' },
  'inventor of nothing': { userId: 'nobody', role: 'inventor', clearance: 'state_secret' },
};

/** The growth benchmark's four filters (item 6), then the others a reader may combine. */
const filters: LedgerFilter[] = [
  { status: 'filed', confidentiality: 'commercial_secret' },
  { status: 'granted', year: 2026 },
  { kind: 'know_how', inventor: 'li.lei' },
  { r5FilingRequired: false, status: 'to_be_abandoned' },
  {},
  { year: 1970 },
  { year: 2025 },
  { inventor: 'me' },
  { inventor: 'han.mei', status: 'granted' },
  { confidentiality: 'state_secret' },
  { r5FilingRequired: true },
  { kind: 'invention_patent', status: 'filed', year: 2026 },
];

/**
 * The ledger query (R12) as the read policy and the filters define it, written out in JavaScript:
 * the rows a viewer may read (`mayRead`), filtered, newest registration first (never registered:
 * as of the epoch), then by id, both descending.
 */
function expected(rows: AchievementRegisterRow[], viewer: RequestActor, filter: LedgerFilter): string[] {
  const inventor = filter.inventor === 'me' ? viewer.userId : filter.inventor;
  const from = filter.year === undefined ? 0 : Date.parse(`${filter.year}-01-01T00:00:00+08:00`);
  const to = filter.year === undefined ? 0 : Date.parse(`${filter.year + 1}-01-01T00:00:00+08:00`);
  const key = (r: AchievementRegisterRow) => r.registeredAt?.getTime() ?? 0;
  return rows
    .filter((r) => mayRead(viewer, { kind: 'achievement', classification: r.classification, inventorIds: r.inventorIds }))
    .filter((r) => inventor === undefined || r.inventorIds.includes(inventor))
    .filter((r) => filter.kind === undefined || r.kind === filter.kind)
    .filter((r) => filter.status === undefined || r.status === filter.status)
    .filter((r) => filter.confidentiality === undefined || r.confidentiality === filter.confidentiality)
    .filter((r) => filter.r5FilingRequired === undefined || r.r5FilingRequired === filter.r5FilingRequired)
    .filter((r) => filter.year === undefined || (r.registeredAt !== null && key(r) >= from && key(r) < to))
    .sort((a, b) => key(b) - key(a) || (a.achievementId < b.achievementId ? 1 : a.achievementId > b.achievementId ? -1 : 0))
    .map((r) => r.achievementId);
}

/** Captures the statements a data source sends, so a spec can ask PostgreSQL how it runs them. */
class Captured implements Logger {
  last: [string, unknown[]] | null = null;
  logQuery(query: string, parameters?: unknown[]) {
    if (query.startsWith('SELECT')) this.last = [query, parameters ?? []];
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

describe('the ledger query (R12): results, order and paging, and plans bounded by the page', () => {
  let dataSource: DataSource;
  let handler: AchievementLedgerHandler;
  const captured = new Captured();

  beforeAll(async () => {
    const url = await createTestDatabase('ledger_query');
    const base = createReadModelDataSource(url, [achievementRegisterReadModels]);
    dataSource = new DataSource({ ...base.options, logging: ['query'], logger: captured } as typeof base.options);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    handler = new AchievementLedgerHandler(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  /** Every page of `limit` rows, each from the previous page's cursor. */
  async function allPages(viewer: RequestActor, filter: LedgerFilter, limit: number): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await handler.execute(new AchievementLedgerQuery(viewer, filter, limit, cursor));
      pages.push(page.items.map((r) => r.achievementId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 100);
    return pages;
  }

  it('gives every viewer, under every filter, exactly the rows the read policy and the filter allow, in ledger order, page after page', async () => {
    // Few distinct registration instants (ties are paged by id), the epoch itself, and rows never registered.
    const instants = [null, '1970-01-01T00:00:00.000Z', '2024-12-31T15:59:59.999Z', '2025-12-31T16:00:00.000Z', '2026-03-02T02:01:00.000Z'];
    const statuses = ['filed', 'granted', 'to_be_abandoned', 'kept_as_know_how', 'unregistered'];
    const kinds = ['invention_patent', 'know_how', null];
    const levels = ['public', 'internal', 'commercial_secret', 'state_secret'];
    const rows = Array.from({ length: 120 }, (_, n) => {
      const confidentiality = levels[n % 4];
      const keyCoreTechnology = n % 7 === 0;
      const nationalSecurity = n % 11 === 0;
      const inventorIds = n % 3 === 0 ? ['li.lei'] : n % 3 === 1 ? ['han.mei', 'li.lei'] : ['han.mei'];
      const registeredAt = instants[Math.floor(n / 5) % instants.length];
      return {
        achievementId: `00000000-0000-4000-8000-${String(((n * 37) % 120) + 1).padStart(12, '0')}`,
        kind: kinds[n % 3],
        title: `成果 ${n}`,
        status: statuses[Math.floor(n / 2) % statuses.length],
        owner: { kind: 'unit' },
        ownerKind: 'unit',
        inventors: inventorIds.map((userId) => ({ userId, name: userId, shareBasisPoints: 10_000 / inventorIds.length })),
        inventorIds,
        classification: { confidentiality, keyCoreTechnology, nationalSecurity },
        confidentiality,
        r5FilingRequired: keyCoreTechnology || nationalSecurity,
        filingDecision: null,
        rights: {},
        applicationNumber: null,
        patentNumber: null,
        openCaseIds: [],
        disclosureId: null,
        irregularityCount: 0,
        registeredAt: registeredAt === null ? null : new Date(registeredAt),
        nextDueDate: null,
        graceEndsOn: null,
        annuityStatus: 'not_applicable',
        state: {},
        revision: '1',
        updatedAt: new Date('2026-11-30T00:00:00.000Z'),
      } as unknown as AchievementRegisterRow;
    });
    await dataSource.getRepository(AchievementRegisterRow).insert(rows);

    for (const [name, viewer] of Object.entries(viewers)) {
      for (const filter of filters) {
        const want = expected(rows, viewer, filter);
        const pages = await allPages(viewer, filter, 7);
        const got = { viewer: name, filter, ids: pages.flat(), sizes: pages.map((p) => p.length) };
        const full = Math.floor(want.length / 7);
        const sizes = [...Array<number>(full).fill(7), ...(want.length % 7 || want.length === 0 ? [want.length % 7] : [])];
        expect(got).toEqual({ viewer: name, filter, ids: want, sizes });
      }
    }
    // The data covers what the query must tell apart.
    expect(expected(rows, office, { year: 1970 }).length).toBeGreaterThan(0);
    expect(expected(rows, office, {}).length).toBeGreaterThan(expected(rows, office, { year: 1970 }).length + 10);
    await dataSource.query('TRUNCATE read_models.achievement_register');
  });

  /** Rows the plan read from the table (returned or filtered away), over every scan of it. */
  function rowsRead(plan: PlanNode): number {
    const own = /Scan$/.test(plan['Node Type']) && plan['Node Type'] !== 'Bitmap Index Scan';
    const read = own
      ? (plan['Actual Rows'] + (plan['Rows Removed by Filter'] ?? 0) + (plan['Rows Removed by Index Recheck'] ?? 0)) * plan['Actual Loops']
      : 0;
    return read + (plan.Plans ?? []).reduce((sum, p) => sum + rowsRead(p), 0);
  }

  it('reads about a page of rows, not the register, for the plain page and every filter the benchmark uses (20,000 rows)', async () => {
    // A register of ten years, ten statuses, seven kinds, every level, thousands of inventors; li.lei on 20 rows.
    await dataSource.query(`
      INSERT INTO read_models.achievement_register (achievement_id, kind, title, status, owner, owner_kind, inventors, inventor_ids,
             classification, confidentiality, r5_filing_required, rights, open_case_ids, registered_at, state, revision, updated_at)
      SELECT gen_random_uuid()::text,
             (ARRAY['invention_patent','utility_model','design','software_copyright','know_how','ic_layout','plant_variety'])[1 + (g / 10) % 7],
             '成果 ' || g,
             (ARRAY['granted','filed','to_be_abandoned','kept_as_know_how','abandoned_to_inventors','transferred','licensed','lapsed',
                    'under_evaluation','disclosed'])[1 + g % 10],
             '{"kind":"unit"}', 'unit', '[]',
             CASE WHEN g % 1000 = 0 THEN ARRAY['li.lei'] ELSE ARRAY['u' || g % 5000, 'u' || (g * 7) % 5000] END,
             jsonb_build_object('confidentiality', c, 'keyCoreTechnology', g % 13 = 0, 'nationalSecurity', false),
             c, g % 13 = 0, '{}', '{}',
             CASE WHEN g % 97 = 0 THEN NULL ELSE timestamptz '2016-01-01T00:00:00+08' + (abs(hashint4(g)) % 341000000) * interval '1 second' END,
             '{}', 1, now()
        FROM generate_series(0, 19999) g, LATERAL (SELECT (ARRAY['public','internal','internal','commercial_secret'])[1 + (g / 3) % 4] AS c) l`);
    await dataSource.query('ANALYZE read_models.achievement_register');

    // Ordered: the page is read in ledger order from an index. Sorting is switched off for these,
    // so the plan shows whether such a path exists at all (at 20,000 rows the planner may still
    // prefer sorting one status' 2,000 rows; from 10^5 rows on it walks the index, ADR 12).
    // The inventor filter and an inventor's own view read the inventor's rows through the GIN index.
    const cases: Array<[name: string, viewer: RequestActor, filter: LedgerFilter, ordered: boolean]> = [
      ['the plain page', office, {}, true],
      ['status and confidentiality', office, filters[0], true],
      ['status and year', office, filters[1], true],
      ['kind and inventor', office, filters[2], false],
      ['R5 flag and status', office, filters[3], true],
      ['status and an earlier year', office, { status: 'granted', year: 2019 }, true],
      ['an inventor’s own view', viewers['inventor li.lei'], {}, false],
    ];
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      for (const [name, viewer, filter, ordered] of cases) {
        for (const second of [false, true]) {
          const first = await handler.execute(new AchievementLedgerQuery(viewer, filter, 50));
          expect({ name, some: first.items.length > 0 }).toEqual({ name, some: true });
          if (second && !first.nextCursor) continue;
          if (second) await handler.execute(new AchievementLedgerQuery(viewer, filter, 50, first.nextCursor!));
          const [sql, parameters] = captured.last!;
          await runner.query(`SET enable_sort = ${ordered ? 'off' : 'on'}`);
          const [{ 'QUERY PLAN': plan }] = await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters);
          const read = rowsRead((plan as Array<{ Plan: PlanNode }>)[0].Plan);
          expect({ name, second, read: read <= 400, sorted: JSON.stringify(plan).includes('"Sort"') }).toEqual({
            name,
            second,
            read: true,
            sorted: !ordered,
          });
        }
      }
    } finally {
      await runner.query('RESET enable_sort');
      await runner.release();
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}
