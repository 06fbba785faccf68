import { EventStore, GlobalPosition } from '@chengguo/eventstore';
import { Projection, ReadModelModule, applyPage, createReadModelDataSource, isAfter, projectorSubscriber } from '@chengguo/read-models';
import { randomBytes } from 'node:crypto';

const LIVE_SCHEMA = 'read_models';

export interface ReadModelDifference {
  table: string;
  /** Primary-key values of the row. */
  key: Record<string, unknown>;
  /** The row as served (null: not there), and as the events give it (null: should not be there). */
  live: Record<string, unknown> | null;
  rebuilt: Record<string, unknown> | null;
}

export interface ReadModelReport {
  ok: boolean;
  tables: Array<{ table: string; liveRows: number; rebuiltRows: number; differences: number }>;
  /** Every differing row, up to `maxDifferences`. */
  differences: ReadModelDifference[];
  /** Where each projection stood: the rebuild stops at the same position, so both sides saw the same events. */
  positions: Record<string, { commit: string; prepare: string } | null>;
}

/**
 * Rebuilds every read model from the events into a scratch schema and reports every row that
 * differs from the one served (`chengguo-audit verify --read-models`).
 *
 * How, without touching what is served and without the projections knowing: one REPEATABLE READ
 * transaction first reads each projection's checkpoint and so fixes the live rows it will compare
 * (the projector moves rows and checkpoint in one transaction), then renames `read_models` to a
 * scratch name *inside the transaction* and creates an empty `read_models` with the same tables.
 * The projections (whose SQL names `read_models.…`) write into that; each gets exactly the events
 * up to its own checkpoint. The rows are compared in SQL and the transaction is rolled back:
 * nobody else ever sees the rename or the scratch tables, and the projector keeps writing the live
 * tables meanwhile (a catalog rename that is never committed does not block it).
 */
export async function verifyReadModels(
  store: EventStore,
  readModelUrl: string,
  options: { projections: readonly Projection[]; readModels: ReadModelModule[]; maxDifferences?: number },
): Promise<ReadModelReport> {
  const maxDifferences = options.maxDifferences ?? 1_000;
  const dataSource = createReadModelDataSource(readModelUrl, options.readModels);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const scratch = `read_models_live_${randomBytes(6).toString('hex')}`;
  try {
    await runner.startTransaction('REPEATABLE READ');
    const rows: Array<{ subscriber: string; commit_position: string; prepare_position: string }> = await runner.query(
      `SELECT subscriber, commit_position, prepare_position FROM ${LIVE_SCHEMA}.subscription_checkpoints`,
    );
    const positionOf = new Map<string, GlobalPosition>(
      rows.map((r) => [r.subscriber, { commit: BigInt(r.commit_position), prepare: BigInt(r.prepare_position) }]),
    );
    const positions: ReadModelReport['positions'] = {};
    const targets = options.projections.map((projection) => {
      const position = positionOf.get(projectorSubscriber(projection)) ?? null;
      positions[projection.name] = position ? { commit: position.commit.toString(), prepare: position.prepare.toString() } : null;
      return { projection, types: new Set(projection.eventTypes), position };
    });

    // The tables to compare: every entity of the read models that lives in read_models.
    const tables = dataSource.entityMetadatas
      .filter((m) => m.schema === LIVE_SCHEMA && m.tableName !== 'subscription_checkpoints')
      .map((m) => ({ name: m.tableName, key: m.primaryColumns.map((c) => c.databaseName) }));

    await runner.query(`ALTER SCHEMA ${LIVE_SCHEMA} RENAME TO ${scratch}`);
    await runner.query(`CREATE SCHEMA ${LIVE_SCHEMA}`);
    const liveTables: Array<{ tablename: string }> = await runner.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [scratch]);
    for (const { tablename } of liveTables) {
      // Columns, defaults, constraints and indexes; no foreign keys, no data.
      await runner.query(`CREATE TABLE ${LIVE_SCHEMA}."${tablename}" (LIKE ${scratch}."${tablename}" INCLUDING ALL)`);
    }

    const last = targets.reduce<GlobalPosition | null>(
      (max, t) => (t.position && (!max || isAfter(t.position, max)) ? t.position : max),
      null,
    );
    if (last) {
      let after: GlobalPosition | undefined;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 1_000 });
        if (page.length === 0) break;
        for (const target of targets) {
          const events = page.filter((e) => target.types.has(e.type) && target.position !== null && !isAfter(e.position, target.position));
          await applyPage(target.projection, events, runner.manager);
        }
        after = page[page.length - 1].position;
        if (isAfter(after, last) || page.length < 1_000) break;
      }
    }

    const report: ReadModelReport = { ok: true, tables: [], differences: [], positions };
    for (const table of tables) {
      const live = `${scratch}."${table.name}"`;
      const rebuilt = `${LIVE_SCHEMA}."${table.name}"`;
      // Primary keys are never null, so plain equality (FULL JOIN needs a hash- or merge-joinable condition).
      const on = table.key.map((k) => `l."${k}" = r."${k}"`).join(' AND ');
      const [counts]: Array<{ live: string; rebuilt: string }> = await runner.query(
        `SELECT (SELECT count(*) FROM ${live}) AS live, (SELECT count(*) FROM ${rebuilt}) AS rebuilt`,
      );
      const differing: Array<{ l: Record<string, unknown> | null; r: Record<string, unknown> | null; n: string }> = await runner.query(
        `SELECT to_jsonb(l) AS l, to_jsonb(r) AS r, count(*) OVER () AS n
           FROM ${live} l FULL OUTER JOIN ${rebuilt} r ON ${on}
          WHERE to_jsonb(l) IS DISTINCT FROM to_jsonb(r)
          ORDER BY ${table.key.map((k) => `coalesce(l."${k}", r."${k}")`).join(', ')}
          LIMIT $1`,
        [Math.max(0, maxDifferences - report.differences.length) || 1],
      );
      const total = differing.length > 0 ? Number(differing[0].n) : 0;
      report.tables.push({ table: table.name, liveRows: Number(counts.live), rebuiltRows: Number(counts.rebuilt), differences: total });
      if (total > 0) report.ok = false;
      for (const row of differing) {
        if (report.differences.length >= maxDifferences) break;
        const source = row.l ?? row.r ?? {};
        report.differences.push({
          table: table.name,
          key: Object.fromEntries(table.key.map((k) => [k, source[k]])),
          live: row.l,
          rebuilt: row.r,
        });
      }
    }
    return report;
  } finally {
    // Always rolled back: the rename and the scratch tables never existed for anyone else.
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
