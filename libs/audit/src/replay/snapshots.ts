import { FoldedState } from '../catalogue/audit-catalogue';

/**
 * Version of the audit replay's fold: the evolve functions of every registered process, the
 * sign-off stream decider and the upcasters. **Bump it by hand in any change that makes an existing
 * history fold to a different state** (a changed evolve, a new or changed upcaster, a process
 * registered under another prefix): snapshots taken under another version are never used and are
 * overwritten by the next replay that passes their revision.
 */
export const AUDIT_FOLD_VERSION = 2;

/** A replay that folds past a multiple of this many events stores a snapshot there. */
export const DEFAULT_SNAPSHOT_EVERY = 500;

/** The fold of revisions 0…revision of a stream, and what it was taken from. */
export interface ReplaySnapshot {
  streamId: string;
  revision: number;
  /** Id and stored hash of the event at `revision`: the snapshot is used only while both still match. */
  eventId: string;
  eventHash: string | null;
  /** Latest recorded-at (epoch ms) among revisions 0…revision: usable for instants at or after it. */
  maxRecordedMs: number;
  foldVersion: number;
  state: FoldedState;
}

/**
 * Where the audit replay keeps its snapshots. A cache: the replay checks every snapshot against the
 * stream and against its attestation in the event store before using it, and folds from revision 0
 * when either does not match, so losing, corrupting or forging rows costs speed, never correctness.
 */
export interface ReplaySnapshots {
  /** The latest snapshot of this fold version at or before `maxRevision` whose events were all recorded at or before `maxRecordedMs` (null: unbounded). */
  nearest(
    streamId: string,
    foldVersion: number,
    bounds: { maxRevision: number | null; maxRecordedMs: number | null },
  ): Promise<ReplaySnapshot | null>;
  /** Inserts or replaces (same stream and revision) the given snapshots. */
  save(snapshots: ReplaySnapshot[]): Promise<void>;
}

type Rows = Array<Record<string, unknown>>;

/**
 * Snapshots in `audit.replay_snapshots` of the read-model database (migration
 * `AuditReplaySnapshots1764000000600`, registered through `auditReadModels`). Built over whatever
 * runs SQL: the API's TypeORM DataSource (`fromDataSource`) or a `pg` pool (`fromPool`, the CLI and
 * the benchmark).
 */
export class PostgresReplaySnapshots implements ReplaySnapshots {
  constructor(private readonly query: (sql: string, params: unknown[]) => Promise<Rows>) {}

  static fromDataSource(dataSource: { query(sql: string, params?: unknown[]): Promise<unknown> }): PostgresReplaySnapshots {
    return new PostgresReplaySnapshots(async (sql, params) => (await dataSource.query(sql, params)) as Rows);
  }

  static fromPool(pool: { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> }): PostgresReplaySnapshots {
    return new PostgresReplaySnapshots(async (sql, params) => (await pool.query(sql, params)).rows as Rows);
  }

  async nearest(
    streamId: string,
    foldVersion: number,
    bounds: { maxRevision: number | null; maxRecordedMs: number | null },
  ): Promise<ReplaySnapshot | null> {
    const rows = await this.query(
      `SELECT revision, event_id, event_hash, max_recorded_ms, fold_version, state::text AS state
         FROM audit.replay_snapshots
        WHERE stream_id = $1 AND fold_version = $2
          AND ($3::bigint IS NULL OR revision <= $3::bigint)
          AND ($4::bigint IS NULL OR max_recorded_ms <= $4::bigint)
        ORDER BY revision DESC
        LIMIT 1`,
      [streamId, foldVersion, bounds.maxRevision, bounds.maxRecordedMs],
    );
    if (rows.length === 0) return null;
    return this.toSnapshot(streamId, rows[0]);
  }

  /** Every snapshot row in (stream, revision) order, a page at a time (verify). */
  async *all(pageSize = 200): AsyncGenerator<ReplaySnapshot[]> {
    let after: [string, number] | null = null;
    for (;;) {
      const rows = await this.query(
        `SELECT stream_id, revision, event_id, event_hash, max_recorded_ms, fold_version, state::text AS state
           FROM audit.replay_snapshots
          WHERE $1::text IS NULL OR (stream_id, revision) > ($1::text, $2::bigint)
          ORDER BY stream_id, revision
          LIMIT $3`,
        [after?.[0] ?? null, after?.[1] ?? null, pageSize],
      );
      if (rows.length === 0) return;
      const page = rows.map((row) => this.toSnapshot(String(row.stream_id), row));
      yield page;
      const last = page[page.length - 1];
      after = [last.streamId, last.revision];
      if (rows.length < pageSize) return;
    }
  }

  private toSnapshot(streamId: string, row: Record<string, unknown>): ReplaySnapshot {
    return {
      streamId,
      revision: Number(row.revision),
      eventId: String(row.event_id),
      eventHash: row.event_hash === null ? null : String(row.event_hash),
      maxRecordedMs: Number(row.max_recorded_ms),
      foldVersion: Number(row.fold_version),
      state: JSON.parse(String(row.state)) as FoldedState,
    };
  }

  async save(snapshots: ReplaySnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    await this.query(
      `INSERT INTO audit.replay_snapshots AS s (stream_id, revision, event_id, event_hash, fold_version, max_recorded_ms, state)
       SELECT t.stream_id, t.revision, t.event_id, t.event_hash, t.fold_version, t.max_recorded_ms, t.state::json
         FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::integer[], $6::bigint[], $7::text[])
              AS t(stream_id, revision, event_id, event_hash, fold_version, max_recorded_ms, state)
       ON CONFLICT (stream_id, revision) DO UPDATE
          SET event_id = EXCLUDED.event_id, event_hash = EXCLUDED.event_hash, fold_version = EXCLUDED.fold_version,
              max_recorded_ms = EXCLUDED.max_recorded_ms, state = EXCLUDED.state, created_at = now()`,
      [
        snapshots.map((s) => s.streamId),
        snapshots.map((s) => s.revision),
        snapshots.map((s) => s.eventId),
        snapshots.map((s) => s.eventHash),
        snapshots.map((s) => s.foldVersion),
        snapshots.map((s) => s.maxRecordedMs),
        snapshots.map((s) => JSON.stringify(s.state)),
      ],
    );
  }
}
