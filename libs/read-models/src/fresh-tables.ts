import { GlobalPosition } from '@chengguo/eventstore';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { lockCheckpoints } from './checkpoints';
import { RebuildTarget, tableOf } from './page-unit-of-work';
import { PROGRESS_CHANNEL } from './projection-progress';

/** Prefix of the schema a rebuild fills, one per schema of live tables (`rebuild__read_models`). */
export const REBUILD_SCHEMA_PREFIX = 'rebuild__';

const LOCK_NOT_AVAILABLE = '55P03';
const SWAP_LOCK_TIMEOUT = '2s';
const SWAP_ATTEMPTS = 10;

/** Serialises rebuilds into fresh tables on one database (a session advisory lock's key). */
const REBUILD_LOCK = 0x636772_62; // 'cgr' + 'b'

interface FreshTable {
  /** The live table and its fresh copy, as SQL names them. */
  live: string;
  fresh: string;
  liveSchema: string;
  freshSchema: string;
  /** Indexes built once the copy is filled (none is read by a projection while it applies). */
  deferred: string[];
}

/**
 * A rebuild's fresh copies of the live tables (ADR 27). They live in a schema of their own beside
 * the live one (`rebuild__<schema>`, same table and index names), created unlogged with only the
 * indexes a projection needs while it applies (primary keys, unique constraints, btree indexes a
 * projection may look rows up by); the others (GIN, and the btree indexes the projections name as
 * read by queries only) are built once at the end, after the copy has been made logged. The swap is one transaction: the live tables are dropped, the copies moved into
 * their schema and the checkpoints set to where the copies stand. Until it commits nothing live has
 * changed: a crash leaves the old tables and checkpoints as they were (and unlogged copies emptied
 * by recovery, dropped by the next rebuild).
 */
export class FreshTables {
  private constructor(
    private readonly lock: ReturnType<DataSource['createQueryRunner']>,
    private readonly tables: FreshTable[],
    readonly target: RebuildTarget,
  ) {}

  /** Live table → its copy, as SQL names them (for a thread's own `RebuildTarget`). */
  get redirects(): Array<[string, string]> {
    return this.tables.map((t) => [t.live, t.fresh]);
  }

  /**
   * Takes the rebuild lock, drops what an earlier rebuild left, and creates empty copies.
   * `queryIndexes`: names of btree indexes no projection reads while it applies, built at the end.
   */
  static async create(
    dataSource: DataSource,
    entities: readonly EntityTarget<ObjectLiteral>[],
    queryIndexes: ReadonlySet<string> = new Set(),
  ): Promise<FreshTables> {
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [REBUILD_LOCK]);
      const manager = dataSource.manager;
      const names = [...new Set(entities.map((e) => dataSource.getMetadata(e)))].map((m) => ({
        schema: m.schema ?? 'public',
        table: m.tableName,
        live: tableOf(manager, m),
      }));
      const tables: FreshTable[] = [];
      await dataSource.transaction(async (tx) => {
        await tx.query(`SET LOCAL search_path TO ''`); // every name below is qualified, and so are index definitions
        for (const schema of new Set(names.map((n) => n.schema))) {
          await tx.query(`DROP SCHEMA IF EXISTS ${ident(REBUILD_SCHEMA_PREFIX + schema)} CASCADE`);
          await tx.query(`CREATE SCHEMA ${ident(REBUILD_SCHEMA_PREFIX + schema)}`);
        }
        for (const { schema, table, live } of names) {
          const freshSchema = REBUILD_SCHEMA_PREFIX + schema;
          const fresh = `${ident(freshSchema)}.${ident(table)}`;
          // Columns, defaults, checks, storage and comments; indexes and constraints below, by their own names.
          await tx.query(`CREATE UNLOGGED TABLE ${fresh} (LIKE ${live} INCLUDING ALL EXCLUDING INDEXES)`);
          await copyGrants(tx, live, fresh);
          const deferred: string[] = [];
          for (const index of await indexesOf(tx, schema, table)) {
            if (index.constraintDef) {
              await tx.query(`ALTER TABLE ${fresh} ADD CONSTRAINT ${ident(index.constraint!)} ${index.constraintDef}`);
              continue;
            }
            const definition = onTable(index.definition, index.liveName, fresh);
            if (index.unique || (index.method === 'btree' && !queryIndexes.has(index.name))) await tx.query(definition);
            else deferred.push(definition);
          }
          tables.push({ live, fresh, liveSchema: schema, freshSchema, deferred });
        }
      });
      return new FreshTables(lock, tables, new RebuildTarget(new Map(tables.map((t) => [t.live, t.fresh]))));
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /**
   * Makes the copies logged (one write of each to the WAL), builds the deferred indexes, and gathers
   * the planner's statistics: a copy swapped in without them is planned blind (default selectivities
   * choose a filter-and-sort over an index in the query's order) until autovacuum gets to it. From a
   * sample of 3,000 rows (statistics target 10): enough to tell common values from rare ones, at a
   * tenth of the default sample's cost (≈ 0.2 s instead of 2.3 s for a register of 82,000 rows);
   * autovacuum analyses again with the full target once a tenth of a table has changed.
   */
  async finish(dataSource: DataSource): Promise<void> {
    for (const table of this.tables) {
      await dataSource.query(`ALTER TABLE ${table.fresh} SET LOGGED`);
      for (const definition of table.deferred) await dataSource.query(definition);
      await dataSource.transaction(async (tx) => {
        await tx.query('SET LOCAL default_statistics_target = 10');
        await tx.query(`ANALYZE ${table.fresh}`);
      });
    }
  }

  /**
   * In one transaction: the subscribers' checkpoints locked and the copies caught up to the head
   * (`catchUp` answers, per group of subscribers, the position its copies have reached; null:
   * nothing was ever read), the live tables dropped (readers wait on the lock for that instant, then
   * read the copies under the same names), the copies moved in, and each checkpoint set to its
   * group's position (null: removed) and announced. A rebuild folding in two threads has two groups,
   * each read on its own up to its own position.
   *
   * Why the checkpoints are locked before catching up: another worker replica runs the same
   * projections live and may commit a page to the live tables at any moment before the swap; its
   * page locks these checkpoint rows first (`lockCheckpoints`), so once the swap holds them no
   * replica can apply an event the copies have not seen, and the copies are caught up from $all
   * under the lock. Without it, a page a replica committed after the copies' last read would be
   * dropped with the live tables while its checkpoint stayed ahead of the copies: events lost.
   */
  async swap(dataSource: DataSource, groups: string[][], catchUp: () => Promise<Array<GlobalPosition | null>>): Promise<void> {
    // A long read holding a table would make the lock wait, and every read queued behind it: give
    // up after a moment and try again, rather than stall the API.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.swapOnce(dataSource, groups, catchUp);
      } catch (error) {
        if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE || attempt === SWAP_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  private async swapOnce(dataSource: DataSource, groups: string[][], catchUp: () => Promise<Array<GlobalPosition | null>>): Promise<void> {
    await dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
      await lockCheckpoints(tx, groups.flat());
      const positions = await catchUp();
      await tx.query(`LOCK TABLE ${this.tables.map((t) => t.live).join(', ')} IN ACCESS EXCLUSIVE MODE`);
      await tx.query(`DROP TABLE ${this.tables.map((t) => t.live).join(', ')}`);
      for (const table of this.tables) await tx.query(`ALTER TABLE ${table.fresh} SET SCHEMA ${ident(table.liveSchema)}`);
      for (const schema of new Set(this.tables.map((t) => t.freshSchema))) await tx.query(`DROP SCHEMA ${ident(schema)}`);
      for (const [i, subscribers] of groups.entries()) await setCheckpoints(tx, subscribers, positions[i]);
    });
  }

  /** Drops the copies (after a failure: nothing live was touched) and releases the lock. */
  async release(dataSource: DataSource, dropCopies: boolean): Promise<void> {
    try {
      if (dropCopies) {
        for (const schema of new Set(this.tables.map((t) => t.freshSchema))) {
          await dataSource.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`).catch(() => undefined);
        }
      }
      await this.lock.query('SELECT pg_advisory_unlock($1)', [REBUILD_LOCK]).catch(() => undefined);
    } finally {
      await this.lock.release();
    }
  }
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface IndexInfo {
  /** The index's own name (unqualified). */
  name: string;
  liveName: string;
  definition: string;
  method: string;
  unique: boolean;
  constraint: string | null;
  constraintDef: string | null;
}

/** A table's indexes (in a transaction whose search_path is empty: definitions name the table in full). */
async function indexesOf(tx: EntityManager, schema: string, table: string): Promise<IndexInfo[]> {
  const rows: Array<{
    name: string;
    live_name: string;
    definition: string;
    method: string;
    unique: boolean;
    constraint: string | null;
    constraint_def: string | null;
  }> = await tx.query(
    `SELECT x.relname AS name, quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS live_name, pg_get_indexdef(i.indexrelid) AS definition,
            am.amname AS method, i.indisunique AS unique, c.conname AS constraint, pg_get_constraintdef(c.oid) AS constraint_def
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_am am ON am.oid = x.relam
       LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = t.oid AND c.contype IN ('p', 'u', 'x')
      WHERE n.nspname = $1 AND t.relname = $2
      ORDER BY x.relname`,
    [schema, table],
  );
  return rows.map((r) => ({
    name: r.name,
    liveName: r.live_name,
    definition: r.definition,
    method: r.method,
    unique: r.unique,
    constraint: r.constraint,
    constraintDef: r.constraint_def,
  }));
}

/** `CREATE INDEX name ON live USING …` → the same on the fresh table (same name, in its schema). */
function onTable(definition: string, live: string, fresh: string): string {
  const marker = ` ON ${live} USING `;
  const at = definition.indexOf(marker);
  if (at < 0) throw new Error(`cannot place index on a fresh table: ${definition}`);
  return `${definition.slice(0, at)} ON ${fresh} USING ${definition.slice(at + marker.length)}`;
}

/** The live table's privileges, granted on the copy (LIKE copies none). */
async function copyGrants(tx: EntityManager, live: string, fresh: string): Promise<void> {
  const grants: Array<{ privilege: string; grantee: string; grantable: boolean }> = await tx.query(
    `SELECT a.privilege_type AS privilege, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS grantee,
            a.is_grantable AS grantable
       FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
      WHERE c.oid = $1::regclass AND a.grantee <> c.relowner`,
    [live],
  );
  for (const g of grants) await tx.query(`GRANT ${g.privilege} ON ${fresh} TO ${g.grantee}${g.grantable ? ' WITH GRANT OPTION' : ''}`);
}

/** Subscribers' checkpoints set to where their copies stand (null: removed), in the swap's transaction. */
async function setCheckpoints(tx: EntityManager, subscribers: string[], position: GlobalPosition | null): Promise<void> {
  if (subscribers.length === 0) return;
  if (!position) {
    await tx.query('DELETE FROM read_models.subscription_checkpoints WHERE subscriber = ANY($1)', [subscribers]);
    return;
  }
  // A checkpoint a live projection had moved further (past events of types it does not read)
  // stays: no event it reads lies between (the copies were caught up to the head under the lock).
  await tx.query(
    `WITH moved AS (
       INSERT INTO read_models.subscription_checkpoints AS c (subscriber, commit_position, prepare_position)
       SELECT s, $2, $3 FROM unnest($1::text[]) AS s
       ON CONFLICT (subscriber) DO UPDATE SET commit_position = EXCLUDED.commit_position,
              prepare_position = EXCLUDED.prepare_position, updated_at = now()
        WHERE (c.commit_position, c.prepare_position) < (EXCLUDED.commit_position, EXCLUDED.prepare_position)
       RETURNING subscriber)
     SELECT pg_notify($4, subscriber || ' ' || $2 || ' ' || $3) FROM moved`,
    [subscribers, position.commit.toString(), position.prepare.toString(), PROGRESS_CHANNEL],
  );
}
