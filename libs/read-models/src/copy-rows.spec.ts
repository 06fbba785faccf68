import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { createTestDatabase } from '../../../test/support/databases';
import { createReadModelDataSource, migrateReadModels } from './data-source';
import { execute, PageUnitOfWork, RebuildTarget } from './page-unit-of-work';

/** Every column type the unit of work writes, nullable where a row may leave it out. */
@Entity({ schema: 'copy_spec', name: 'awkward' })
class AwkwardRow {
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ type: 'text', nullable: true }) label: string | null;
  @Column({ type: 'text', array: true, nullable: true }) tags: string[] | null;
  @Column({ type: 'jsonb', nullable: true }) doc: unknown;
  @Column({ type: 'integer', nullable: true }) count: number | null;
  @Column({ type: 'bigint', nullable: true }) big: string | null;
  @Column({ type: 'numeric', nullable: true }) amount: number | string | null;
  @Column({ type: 'boolean', nullable: true }) flag: boolean | null;
  @Column({ type: 'timestamptz', nullable: true }) at: Date | string | null;
  @Column({ type: 'date', nullable: true }) day: Date | string | null;
  @Column({ type: 'uuid', nullable: true }) ref: string | null;
  @Column({ name: 'shown_as', type: 'character varying', nullable: true }) shownAs: unknown;
  @Column({ type: 'jsonb', nullable: true }) part?: unknown;
}

const COLUMNS = `id text PRIMARY KEY, label text, tags text[], doc jsonb, count integer, big bigint, amount numeric,
  flag boolean, at timestamptz, day date, ref uuid, shown_as character varying, part jsonb`;
const LIVE = '"copy_spec"."awkward"';
const FRESH = '"copy_spec"."awkward_fresh"';

const awkward = 'tab\there, newline\nthere, return\r, backslash \\ and \\N and \\. and "quotes", {braces}, commas,';

/** Rows whose text COPY must escape, and every kind of value a column may be given. */
function rows(): AwkwardRow[] {
  return [
    {
      id: 'a-1',
      label: awkward,
      tags: [awkward, 'NULL', '', ' spaced ', '{"nested"}', '成果 🧪'],
      doc: { text: awkward, nested: { list: [1, 0.1, 1e-7, true, null, '\\'], emoji: '🧪', zh: '发明' }, '\\key\t': 'v' },
      count: 42,
      big: '9007199254740993',
      amount: 0.1,
      flag: true,
      at: new Date(Date.UTC(2026, 10, 30, 8, 0, 0, 123)),
      day: '2026-11-30',
      ref: '6f1c2f3e-8a3b-4c55-9d1e-2b7f0c9a1d23',
      shownAs: 'varchar \\ \t',
    },
    {
      id: 'a-2 \\ \t key',
      label: '',
      tags: [],
      doc: 'just a JSON string with \\ and \n',
      count: -1,
      big: '-1',
      amount: '12.3400',
      flag: false,
      at: '2026-11-30T08:00:00+08:00',
      day: new Date(Date.UTC(2026, 0, 2)),
      ref: null,
      shownAs: true, // a JSON boolean, read as its text
    },
    {
      id: 'a-3',
      label: null,
      tags: [null as unknown as string, 'x'],
      doc: null, // JSON null: SQL NULL, as jsonb_populate_recordset makes it
      count: null,
      big: null,
      amount: 1e-7,
      flag: null,
      at: null,
      day: null,
      ref: null,
      shownAs: null,
    },
    { id: 'a-4', doc: [], amount: Number.NaN, at: new Date(Number.NaN) } as unknown as AwkwardRow, // the rest left out: NULL
    sharing(),
  ];
}

/** A row whose `part` is also inside `doc` (as a folded state and the columns taken from it), twice over. */
function sharing(): AwkwardRow {
  const inventors = [{ userId: 'li.lei', name: '李雷', share: 0.5, note: undefined }];
  const part = { owner: { kind: 'university' }, inventors, at: new Date(Date.UTC(2026, 0, 1)), skip: undefined, fn: () => 1 };
  const doc = {
    content: { title: awkward, inventors },
    part,
    again: part,
    list: [part, undefined],
    empty: {},
    proto: Object.create(null) as object,
  };
  return { id: 'a-5', doc, part, amount: 1 } as unknown as AwkwardRow;
}

describe('COPY of rows new to a fresh table: the same values as the JSON insert', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = await createTestDatabase('copy_rows');
    dataSource = createReadModelDataSource(url, [{ entities: [AwkwardRow], migrations: [] }]);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    await dataSource.query('CREATE SCHEMA copy_spec');
    await dataSource.query(`CREATE TABLE ${LIVE} (${COLUMNS})`);
    await dataSource.query(`CREATE TABLE ${FRESH} (${COLUMNS})`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE ${LIVE}, ${FRESH}`);
  });

  /** Writes the rows the live way (JSON) and into the fresh copy (COPY where it can); the statements used. */
  async function writeBothWays(given: AwkwardRow[]): Promise<{ live: string[]; fresh: string[] }> {
    const live = new PageUnitOfWork(dataSource.manager);
    for (const row of given) live.rows(AwkwardRow).put(row);
    const liveStatements = live.prepare();
    await live.flush().catch((error: Error) => Promise.reject(new Error(`live: ${error.message}`)));
    const fresh = new PageUnitOfWork(dataSource.manager, new RebuildTarget(new Map([[LIVE, FRESH]])));
    for (const row of given) fresh.rows(AwkwardRow).put(row);
    const freshStatements = fresh.prepare();
    await execute(dataSource.manager, freshStatements).catch((error: Error) => Promise.reject(new Error(`fresh: ${error.message}`)));
    return { live: liveStatements.map((s) => s.sql.split(' ')[0]), fresh: freshStatements.map((s) => s.sql.split(' ')[0]) };
  }

  const stored = (table: string) => dataSource.query(`SELECT *, doc::text AS doc_text FROM ${table} ORDER BY id`);

  it('escapes tabs, newlines, returns and backslashes in text, arrays and jsonb, and reads back what the JSON way stores', async () => {
    const used = await writeBothWays(rows());
    expect(used).toEqual({ live: ['INSERT'], fresh: ['COPY'] });
    const live = await stored(LIVE);
    expect(live).toHaveLength(5);
    expect(live[0].label).toBe(awkward);
    expect(live[0].tags).toEqual([awkward, 'NULL', '', ' spaced ', '{"nested"}', '成果 🧪']);
    expect(await stored(FRESH)).toEqual(live);
  });

  it('writes the JSON way what COPY would read otherwise (a number in a text column): still the same values', async () => {
    const given = [{ ...rows()[0], label: 1e-7 as unknown as string }];
    const used = await writeBothWays(given);
    expect(used.fresh).toEqual(['INSERT']);
    expect(await stored(FRESH)).toEqual(await stored(LIVE));
  });

  it('rejects a COPY PostgreSQL refuses (a key already there) and leaves the connection usable', async () => {
    await dataSource.query(`INSERT INTO ${FRESH} (id) VALUES ('a-1')`);
    const runner = dataSource.createQueryRunner();
    try {
      const fresh = new PageUnitOfWork(runner.manager, new RebuildTarget(new Map([[LIVE, FRESH]])));
      for (const row of rows()) fresh.rows(AwkwardRow).put(row);
      await expect(fresh.flush()).rejects.toThrow(/duplicate key/);
      expect(await runner.query('SELECT count(*)::int AS n FROM copy_spec.awkward_fresh')).toEqual([{ n: 1 }]);
    } finally {
      await runner.release();
    }
  });

  it.each([
    ['U+0000 in text', { label: 'nul \u0000 here' }],
    ['U+0000 in an array', { tags: ['nul \u0000'] }],
    ['a lone surrogate in text', { label: 'half \ud83e' }],
    ['U+0000 in jsonb', { doc: { text: 'nul \u0000' } }],
  ])('refuses %s both ways (jsonb cannot hold it), rather than storing something else', async (_, change) => {
    const given = [{ ...rows()[0], ...change } as AwkwardRow];
    const live = new PageUnitOfWork(dataSource.manager);
    for (const row of given) live.rows(AwkwardRow).put(row);
    await expect(live.flush()).rejects.toThrow();
    const fresh = new PageUnitOfWork(dataSource.manager, new RebuildTarget(new Map([[LIVE, FRESH]])));
    for (const row of given) fresh.rows(AwkwardRow).put(row);
    await expect(fresh.flush()).rejects.toThrow();
    expect(await stored(FRESH)).toEqual([]);
  });
});
