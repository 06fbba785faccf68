import { RecordedEvent } from '@chengguo/eventstore';
import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';
import { copyIn, copyRowsText } from './copy-rows';
import type { Projection } from './projection';

/**
 * A page-scoped unit of work for projections. A projection that reads a row, folds an event into
 * it and writes it back used to pay one or two round trips per event; over a page that touches the
 * same row many times (a rebuild reads whole streams in a row) that dominated. Here each key is read
 * once per page (ideally all of them in one query, from `prefetch`), events are folded into the
 * page's in-memory copy, and at the end of the page each table is written with one bulk statement
 * (plus one per kind of delete, if any). The projector flushes inside the page's transaction, before the checkpoint moves, so a
 * crash still neither skips nor double-applies an event.
 */
export class PageUnitOfWork {
  private readonly buffers = new Map<EntityTarget<ObjectLiteral>, PageRows<ObjectLiteral> | PageAppends<ObjectLiteral>>();
  private readonly lookups = new Map<string, PageLookup<unknown>>();

  /** `target`: a rebuild into fresh tables (ADR 27): every table named is written there instead. */
  constructor(
    readonly manager: EntityManager,
    private readonly target?: RebuildTarget,
  ) {}

  /** The table to name in a projection's own SQL: the entity's, or the fresh one a rebuild fills. */
  table(entity: EntityTarget<ObjectLiteral>): string {
    const live = tableOf(this.manager, this.manager.connection.getMetadata(entity));
    return this.target ? this.target.tableFor(live) : live;
  }

  /** The page's working copy of a table keyed by its primary key: read once, written once. */
  rows<T extends ObjectLiteral>(entity: EntityTarget<T>): PageRows<T> {
    return this.buffer(
      entity,
      (metadata) => {
        const table = this.table(entity);
        return new PageRows<T>(this.manager, metadata, table, this.target?.stateOf<T>(table));
      },
      PageRows,
    ) as PageRows<T>;
  }

  /** Rows that are only ever added (histories, ledgers): buffered and inserted in bulk. */
  appends<T extends ObjectLiteral>(entity: EntityTarget<T>): PageAppends<T> {
    return this.buffer(entity, (metadata) => new PageAppends<T>(this.manager, metadata, this.table(entity)), PageAppends) as PageAppends<T>;
  }

  /**
   * A page-scoped memo for a value a projection derives from its own rows by something other than
   * a primary key (e.g. the achievement a case is filed under): loaded in bulk, updated in memory.
   */
  lookup<V>(name: string, loadMany: (keys: string[], manager: EntityManager) => Promise<Map<string, V>>): PageLookup<V> {
    let lookup = this.lookups.get(name) as PageLookup<V> | undefined;
    if (!lookup) {
      lookup = new PageLookup<V>(async (keys) => {
        await this.target?.writes(); // it reads the projection's own rows: those of the page being written too
        return loadMany(keys, this.manager);
      });
      this.lookups.set(name, lookup as PageLookup<unknown>);
    }
    return lookup;
  }

  /** Writes every table touched, in the order the page first touched them. */
  async flush(): Promise<void> {
    await execute(this.manager, this.prepare());
  }

  /**
   * The statements that write the page, built now (rows serialised as they stand, so the page's
   * objects may change afterwards): a rebuild runs them while it folds the next page.
   */
  prepare(): Statement[] {
    return [...this.buffers.values()].flatMap((buffer) => buffer.prepare());
  }

  private buffer<B extends PageRows<ObjectLiteral> | PageAppends<ObjectLiteral>>(
    entity: EntityTarget<ObjectLiteral>,
    create: (metadata: EntityMetadata) => B,
    kind: abstract new (...args: never[]) => B,
  ): B {
    let buffer = this.buffers.get(entity);
    if (!buffer) {
      buffer = create(this.manager.connection.getMetadata(entity));
      this.buffers.set(entity, buffer);
    }
    if (!(buffer instanceof kind)) throw new Error(`${String(entity)} is used both as rows and as appends in one page`);
    return buffer as B;
  }
}

/**
 * Rows of one table, keyed by primary key, as they stand at this point of the page. `get` returns
 * the page's current version (null: no row). Change it in place only on the way to `put`ting it:
 * a change left without a `put` would still be seen by the page's later events.
 */
export class PageRows<T extends ObjectLiteral> {
  private readonly key: ColumnMetadata[];
  /** Current version of every key read or written in this page; null = no row. */
  private readonly known = new Map<string, T | null>();
  private readonly upserts = new Map<string, T>();
  private readonly deletes = new Map<string, unknown[]>();
  /** Rows deleted by a partial key (e.g. all pending parties of a sign-off), in order. */
  private readonly groupDeletes: Array<Record<string, unknown>> = [];

  /** `fresh`: a rebuild's fresh table (what was written to it, the previous page's rows). */
  constructor(
    private readonly manager: EntityManager,
    private readonly metadata: EntityMetadata,
    private readonly table: string = tableOf(manager, metadata),
    private readonly fresh?: FreshTableState<T>,
  ) {
    this.key = metadata.primaryColumns;
  }

  /** Reads every key not yet known in one query (`= ANY($1)`, or `unnest` for a composite key). */
  async load(keys: Iterable<Partial<T>>): Promise<void> {
    const missing = new Map<string, unknown[]>();
    for (const key of keys) {
      const id = this.idOf(key);
      if (this.known.has(id) || missing.has(id)) continue;
      if (this.inDeletedGroup(key)) this.known.set(id, null);
      else if (this.fresh?.previous.has(id)) this.known.set(id, this.fresh.previous.get(id)!);
      else if (this.fresh && !this.fresh.written.has(id))
        this.known.set(id, null); // never written: no row
      else missing.set(id, this.keyValues(key));
    }
    if (missing.size === 0) return;
    for (const id of missing.keys()) this.known.set(id, null);
    await this.fresh?.writes();
    for (const row of await this.select([...missing.values()])) this.known.set(this.idOf(row), row);
  }

  /** The row as it stands in this page; a key not prefetched is read on its own. */
  async get(key: Partial<T>): Promise<T | null> {
    const id = this.idOf(key);
    if (!this.known.has(id)) await this.load([key]);
    return this.known.get(id) ?? null;
  }

  /** The whole row as it should be: inserted, or replacing every column of the stored one. */
  put(row: T): void {
    const id = this.idOf(row);
    this.known.set(id, row);
    this.upserts.set(id, row);
    this.deletes.delete(id);
  }

  delete(key: Partial<T>): void {
    const id = this.idOf(key);
    this.known.set(id, null);
    this.upserts.delete(id);
    this.deletes.set(id, this.keyValues(key));
  }

  /** Deletes every row matching some key columns (children replaced as a set), stored or buffered. */
  deleteWhere(group: Partial<T>): void {
    const columns = Object.entries(group);
    const matches = (row: ObjectLiteral) => columns.every(([property, value]) => String(row[property]) === String(value));
    for (const [id, row] of this.known) {
      if (row && matches(row)) {
        this.known.set(id, null);
        this.upserts.delete(id);
      }
    }
    this.groupDeletes.push(group as Record<string, unknown>);
  }

  /** Deletes first (groups, then keys), then one upsert of every row (or, in a fresh table, an insert of the new ones). */
  async flush(): Promise<void> {
    await execute(this.manager, this.prepare());
  }

  /** The statements `flush` runs, built now. */
  prepare(): Statement[] {
    const statements: Statement[] = [];
    const groups = new Map<string, Array<Record<string, unknown>>>();
    for (const group of this.groupDeletes) {
      const signature = Object.keys(group).sort().join(',');
      groups.set(signature, [...(groups.get(signature) ?? []), group]);
    }
    for (const [signature, list] of groups) {
      const columns = signature.split(',').map((property) => this.column(property));
      statements.push(
        this.deleteBy(
          columns,
          list.map((group) => columns.map((c) => c.getEntityValue(group))),
        ),
      );
    }
    if (this.deletes.size > 0) statements.push(this.deleteBy(this.key, [...this.deletes.values()]));
    const overwrite = this.metadata.columns.filter((c) => !c.isPrimary).map((c) => escape(this.manager, c.databaseName));
    const update = overwrite.length > 0 ? `DO UPDATE SET ${overwrite.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}` : 'DO NOTHING';
    const conflict = `ON CONFLICT (${this.key.map((c) => escape(this.manager, c.databaseName)).join(', ')}) ${update}`;
    if (!this.fresh) {
      statements.push(...insertStatement(this.manager, this.metadata, this.table, [...this.upserts.values()], conflict));
      return statements;
    }
    const inserted: T[] = [];
    const stored: T[] = [];
    for (const [id, row] of this.upserts) (this.fresh.written.has(id) ? stored : inserted).push(row);
    statements.push(...insertStatement(this.manager, this.metadata, this.table, stored, conflict));
    statements.push(...copyStatement(this.manager, this.metadata, this.table, inserted));
    for (const id of this.upserts.keys()) this.fresh.written.add(id);
    // The next page finds this page's rows here, without reading them back (they may still be being written).
    this.fresh.previous = this.known;
    return statements;
  }

  private async select(keys: unknown[][]): Promise<T[]> {
    // Plain SQL and TypeORM's own per-column hydration: a query builder per page cost more than the query.
    // Every column, `select: false` ones (e.g. a folded state) included.
    const driver = this.manager.connection.driver;
    const columns = this.metadata.columns;
    const matching = keyMatch(this.key, keys, (c) => escape(this.manager, c.databaseName));
    const raw: Array<Record<string, unknown>> = await this.manager.query(
      `SELECT ${columns.map((c) => escape(this.manager, c.databaseName)).join(', ')} FROM ${this.table} WHERE ${matching.sql}`,
      matching.parameters,
    );
    return raw.map((record) => {
      const row = this.metadata.create() as T;
      for (const c of columns) c.setEntityValue(row, driver.prepareHydratedValue(record[c.databaseName], c));
      return row;
    });
  }

  private deleteBy(columns: ColumnMetadata[], keys: unknown[][]): Statement {
    const matching = keyMatch(columns, keys, (c) => escape(this.manager, c.databaseName));
    return { sql: `DELETE FROM ${this.table} WHERE ${matching.sql}`, parameters: matching.parameters };
  }

  private inDeletedGroup(key: Partial<T>): boolean {
    return this.groupDeletes.some((group) => Object.entries(group).every(([property, value]) => String(key[property]) === String(value)));
  }

  private column(property: string): ColumnMetadata {
    const column = this.metadata.findColumnWithPropertyPath(property);
    if (!column) throw new Error(`${this.metadata.name} has no column ${property}`);
    return column;
  }

  private keyValues(key: Partial<T>): unknown[] {
    return this.key.map((c) => {
      const value = c.getEntityValue(key);
      if (value === undefined || value === null) throw new Error(`${this.metadata.name}: key ${c.propertyName} missing`);
      return value;
    });
  }

  private idOf(key: Partial<T>): string {
    return this.keyValues(key).map(String).join('\u0000');
  }
}

/**
 * Rows only ever added, never read back in the page: inserted in bulk at the end of the page; a
 * row whose key already exists is left as it is (ON CONFLICT DO NOTHING).
 */
export class PageAppends<T extends ObjectLiteral> {
  private readonly rows: T[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly metadata: EntityMetadata,
    private readonly table: string = tableOf(manager, metadata),
  ) {}

  add(row: T): void {
    this.rows.push(row);
  }

  async flush(): Promise<void> {
    await execute(this.manager, this.prepare());
  }

  prepare(): Statement[] {
    return insertStatement(this.manager, this.metadata, this.table, this.rows, 'ON CONFLICT DO NOTHING');
  }
}

/** Values by string key, loaded at most once per key per page. */
export class PageLookup<V> {
  private readonly known = new Map<string, V | undefined>();

  constructor(private readonly loadMany: (keys: string[]) => Promise<Map<string, V>>) {}

  async load(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.known.has(k));
    if (missing.length === 0) return;
    const found = await this.loadMany(missing);
    for (const key of missing) this.known.set(key, found.get(key));
  }

  async get(key: string): Promise<V | undefined> {
    if (!this.known.has(key)) await this.load([key]);
    return this.known.get(key);
  }

  set(key: string, value: V): void {
    this.known.set(key, value);
  }
}

/**
 * Applies a page of events to a projection: prefetch, fold every event in memory, flush. Runs in
 * the caller's transaction (the projector's, which then moves the checkpoint).
 */
export async function applyPage(
  projection: Projection,
  events: readonly RecordedEvent[],
  manager: EntityManager,
  target?: RebuildTarget,
): Promise<void> {
  if (events.length === 0) return;
  const page = new PageUnitOfWork(manager, target);
  await projection.prefetch?.(events, page);
  for (const event of events) await projection.apply(event, page);
  await page.flush();
}

/** `col = ANY(p)` for one column, `(a, b) IN (SELECT * FROM unnest(p1, p2))` for several. */
function keyMatch(
  columns: ColumnMetadata[],
  keys: unknown[][],
  name: (c: ColumnMetadata) => string,
): { sql: string; parameters: unknown[][] } {
  const parameters = columns.map((_, i) => keys.map((k) => k[i]));
  const placeholders = columns.map((c, i) => `$${i + 1}::${c.entityMetadata.connection.driver.normalizeType(c)}[]`);
  if (columns.length === 1) return { sql: `${name(columns[0])} = ANY(${placeholders[0]})`, parameters };
  return { sql: `(${columns.map(name).join(', ')}) IN (SELECT * FROM unnest(${placeholders.join(', ')}))`, parameters };
}

/** Column types whose JSON form `jsonb_populate_recordset` reads back as the same value. */
const JSON_SAFE_TYPES = new Set([
  'text',
  'character varying',
  'uuid',
  'integer',
  'smallint',
  'bigint',
  'numeric',
  'boolean',
  'jsonb',
  'json',
  'timestamp with time zone',
  'date',
]);

/**
 * One INSERT per table for any number of rows: the rows travel as one jsonb parameter and
 * `jsonb_populate_recordset` turns them into the table's row type. Building a multi-row VALUES
 * list through TypeORM cost as much time as PostgreSQL took to write the rows. Whole rows only:
 * a column left undefined is written as NULL, not as its default.
 */
function insertStatement(
  manager: EntityManager,
  metadata: EntityMetadata,
  table: string,
  rows: ObjectLiteral[],
  onConflict: string,
): Statement[] {
  if (rows.length === 0) return [];
  const columns = writableColumns(manager, metadata);
  const names = columns.map((c) => escape(manager, c.databaseName)).join(', ');
  return [
    {
      sql: `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ${onConflict}`,
      parameters: [rowsJson(columns, rows)],
    },
  ];
}

/**
 * Rows new to a rebuild's fresh table (no key among them written before): one `COPY … FROM STDIN`
 * in text format, the same values as `insertStatement` stores (`copyRowsText`) for less work on
 * both sides — Node writes no key per value, PostgreSQL parses no JSON document of the page. Rows
 * holding a value COPY would not store alike go the JSON way.
 */
function copyStatement(manager: EntityManager, metadata: EntityMetadata, table: string, rows: ObjectLiteral[]): Statement[] {
  if (rows.length === 0) return [];
  const columns = writableColumns(manager, metadata);
  const data = copyRowsText(manager, columns, rows);
  if (data === null) return insertStatement(manager, metadata, table, rows, '');
  const names = columns.map((c) => escape(manager, c.databaseName)).join(', ');
  return [{ sql: `COPY ${table} (${names}) FROM STDIN`, parameters: [], copyRows: data }];
}

/** Every column, each of a type the unit of work writes (both ways read them back as the same value). */
function writableColumns(manager: EntityManager, metadata: EntityMetadata): ColumnMetadata[] {
  const columns = metadata.columns;
  for (const c of columns) {
    const type = manager.connection.driver.normalizeType(c);
    if (!JSON_SAFE_TYPES.has(type) || (c.isArray && (type === 'json' || type === 'jsonb'))) {
      throw new Error(
        `${metadata.name}.${c.propertyName}: column type ${type}${c.isArray ? '[]' : ''} is not supported by the page unit of work`,
      );
    }
  }
  return columns;
}

/**
 * `JSON.stringify` of the rows as records keyed by column name, the same text, built column by
 * column: a record object of two dozen keys assigned one by one is a dictionary to V8, and
 * stringifying those took several times as long as the values themselves (ADR 27, round three).
 */
function rowsJson(columns: ColumnMetadata[], rows: ObjectLiteral[]): string {
  const keys = columns.map((c) => `${JSON.stringify(c.databaseName)}:`);
  let json = '[';
  for (let r = 0; r < rows.length; r++) {
    let record = r === 0 ? '{' : ',{';
    let first = true;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      const value = c.getEntityValue(rows[r]);
      // undefined (and what else JSON leaves out) is no key at all, as in a stringified object.
      const text = JSON.stringify(c.transformer ? ApplyValueTransformers.transformTo(c.transformer, value) : value) as string | undefined;
      if (text === undefined) continue;
      record += first ? keys[i] + text : `,${keys[i]}${text}`;
      first = false;
    }
    json += `${record}}`;
  }
  return `${json}]`;
}

/** A statement a page writes with. */
export interface Statement {
  sql: string;
  parameters: unknown[];
  /** Set when `sql` is a `COPY … FROM STDIN`: its data, in text format. */
  copyRows?: string;
}

/** Runs statements one after the other, in the caller's transaction. */
export async function execute(manager: EntityManager, statements: readonly Statement[]): Promise<void> {
  for (const statement of statements) {
    if (statement.copyRows === undefined) await manager.query(statement.sql, statement.parameters);
    else await copyIn(manager, statement.sql, statement.copyRows);
  }
}

/**
 * Where a rebuild into fresh tables writes (ADR 27): each live table (as `tableOf` names it) mapped
 * to its fresh copy, what is known of each copy across the rebuild's pages, and the writes in flight.
 */
export class RebuildTarget {
  private readonly states = new Map<string, FreshTableState<ObjectLiteral>>();
  /** The page being written while the next one is folded; reads of the copies wait for it. */
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly redirects: ReadonlyMap<string, string>) {
    for (const fresh of redirects.values()) this.states.set(fresh, new FreshTableState(() => this.writes()));
  }

  tableFor(live: string): string {
    return this.redirects.get(live) ?? live;
  }

  /** A fresh table's state; none for a table that is not the rebuild's alone. */
  stateOf<T extends ObjectLiteral>(table: string): FreshTableState<T> | undefined {
    return this.states.get(table) as FreshTableState<T> | undefined;
  }

  /** Settles once the writes in flight are committed (or rejects as they did). */
  writes(): Promise<void> {
    return this.inFlight;
  }

  /** Starts writing a page once the previous one is written; one page in flight at a time. */
  write(run: () => Promise<void>): void {
    const next = this.inFlight.then(run);
    next.catch(() => undefined); // surfaced by the next `writes()`
    this.inFlight = next;
  }
}

/** What a rebuild knows of one fresh table: every key written to it so far, and the last page's rows. */
export class FreshTableState<T extends ObjectLiteral> {
  readonly written = new Set<string>();
  previous = new Map<string, T | null>();

  constructor(readonly writes: () => Promise<void>) {}
}

export function tableOf(manager: EntityManager, metadata: EntityMetadata): string {
  return `${escape(manager, metadata.schema ?? 'public')}.${escape(manager, metadata.tableName)}`;
}

function escape(manager: EntityManager, name: string): string {
  return manager.connection.driver.escape(name);
}
