import { Client, Pool, PoolClient } from 'pg';
import {
  AppendResult,
  EventIdConflictError,
  EventStore,
  EventStoreUnavailableError,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START_OF_ALL,
  SubscribeToAllOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { ChainLink, HashChainReader, StreamHead, computeEventHash } from '../hash-chain';
import { upcastEvent } from '../upcasters';
import { PollingSubscription } from '../polling-subscription';
import { EVENT_STORE_MIGRATIONS } from './postgres-event-store.schema';

const MIGRATION_LOCK_KEY = 7_340_001; // arbitrary, fixed: serialises schema upgrades across processes
const NOTIFY_CHANNEL = 'event_store_appended';

interface EventRow {
  global_position: string;
  commit_position: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  prev_hash: string | null;
  hash: string | null;
}

// The text form gets its own name: ORDER BY transaction_id must sort the xid8, not its digits.
const SELECT_COLUMNS = `global_position, transaction_id::text AS commit_position, stream_id, stream_revision, event_id,
  event_type, schema_version, data, metadata, recorded_at, prev_hash, hash`;

export interface PostgresEventStoreOptions {
  connectionString: string;
  poolSize?: number;
  /** Idle re-poll interval of live subscriptions; NOTIFY wakes them sooner. */
  subscriptionPollMs?: number;
}

/** Errors that mean "the database is not there", as opposed to a rejected statement. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
    // 08xxx connection exceptions, 57P0x admin shutdown / cannot connect now, 53300 too many connections.
    if (code.startsWith('08') || code.startsWith('57P') || code === '53300') return true;
  }
  const message = (error as Error)?.message ?? '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

export class PostgresEventStore implements EventStore, HashChainReader {
  private readonly pool: Pool;
  /** At most one wake-up NOTIFY in flight; appends meanwhile just ask for one more after it. */
  private notifying = false;
  private notifyAgain = false;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /** Installs or upgrades the event_store schema. Safe to call from several processes at once. */
  async migrate(): Promise<void> {
    const client = await this.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await client.query('CREATE SCHEMA IF NOT EXISTS event_store');
      await client.query(`CREATE TABLE IF NOT EXISTS event_store.schema_migrations (
        version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM event_store.schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      for (const migration of EVENT_STORE_MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO event_store.schema_migrations (version, description) VALUES ($1, $2)', [
            migration.version,
            migration.description,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      client.release();
    }
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const [kind, expected] =
      typeof expectedRevision === 'number' ? ['exact', expectedRevision] : [expectedRevision, null];
    try {
      const { rows } = await this.pool.query<{ written: boolean; current_revision: string }>(
        'SELECT written, current_revision FROM event_store.append_events($1, $2, $3, $4, $5, $6, $7, $8)',
        [
          streamId,
          kind,
          expected,
          events.map((e) => e.eventId),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
        ],
      );
      if (rows[0].written) this.wakeSubscribers();
      return { written: rows[0].written, nextExpectedRevision: Number(rows[0].current_revision) };
    } catch (error) {
      const pgError = error as { code?: string; detail?: string; constraint?: string };
      if (pgError.code === 'CG001') {
        throw new WrongExpectedRevisionError(streamId, expectedRevision, Number(pgError.detail));
      }
      if (pgError.code === 'CG002' || (pgError.code === '23505' && pgError.constraint === 'events_event_id_unique')) {
        throw new EventIdConflictError(
          streamId,
          events.map((e) => e.eventId),
        );
      }
      if (pgError.code === '22P02') {
        // invalid input syntax, e.g. an event id that is not a UUID: a caller bug, not an outage
        throw error;
      }
      if (isConnectionError(error)) throw new EventStoreUnavailableError(error);
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? null;
    const from = options.fromRevision ?? null;
    const sql = backwards
      ? `SELECT ${SELECT_COLUMNS} FROM event_store.events
           WHERE stream_id = $1 AND ($2::bigint IS NULL OR stream_revision <= $2)
           ORDER BY stream_revision DESC LIMIT $3`
      : `SELECT ${SELECT_COLUMNS} FROM event_store.events
           WHERE stream_id = $1 AND ($2::bigint IS NULL OR stream_revision >= $2)
           ORDER BY stream_revision ASC LIMIT $3`;
    const { rows } = await this.query<EventRow>(sql, [streamId, from, limit]);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START_OF_ALL;
    const { rows } = await this.query<EventRow>(
      `SELECT ${SELECT_COLUMNS} FROM event_store.events
         WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY transaction_id, global_position
         LIMIT $3`,
      [after.commit.toString(), after.prepare.toString(), options.maxCount ?? 1000],
    );
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    return new PollingSubscription(
      options,
      (after, maxCount) => this.readAll({ after, maxCount }),
      (wake) => this.listen(wake),
      this.options.subscriptionPollMs ?? 250,
    );
  }

  /**
   * The raw chain for verification: the column texts the hash was computed from (jsonb text
   * output is deterministic), rehashed here, independently of the SQL that wrote them.
   */
  async readChain(options: {
    streamId?: string;
    after?: { streamId: string; revision: number };
    maxCount: number;
  }): Promise<ChainLink[]> {
    const { rows } = await this.query<{
      stream_id: string;
      stream_revision: string;
      event_id: string;
      event_type: string;
      schema_version: number;
      data_text: string;
      metadata_text: string;
      recorded_at_text: string;
      prev_hash: string | null;
      hash: string | null;
    }>(
      `SELECT stream_id, stream_revision, event_id, event_type, schema_version, data::text AS data_text,
              metadata::text AS metadata_text,
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
              prev_hash, hash
         FROM event_store.events
        WHERE ($1::text IS NULL OR stream_id = $1)
          AND ($2::text IS NULL OR (stream_id, stream_revision) > ($2::text, $3::bigint))
        ORDER BY stream_id, stream_revision
        LIMIT $4`,
      [options.streamId ?? null, options.after?.streamId ?? null, options.after?.revision ?? null, options.maxCount],
    );
    return rows.map((row) => ({
      streamId: row.stream_id,
      revision: Number(row.stream_revision),
      eventId: row.event_id,
      type: row.event_type,
      storedHash: row.hash,
      storedPrevHash: row.prev_hash,
      computedHash: computeEventHash({
        prevHash: row.prev_hash ?? '',
        streamId: row.stream_id,
        revision: Number(row.stream_revision),
        eventId: row.event_id,
        type: row.event_type,
        schemaVersion: row.schema_version,
        dataText: row.data_text,
        metadataText: row.metadata_text,
        recordedAtText: row.recorded_at_text,
      }),
    }));
  }

  async streamHeads(streamId?: string): Promise<StreamHead[]> {
    const { rows } = await this.query<{ stream_id: string; revision: string }>(
      `SELECT stream_id, revision FROM event_store.streams WHERE ($1::text IS NULL OR stream_id = $1) ORDER BY stream_id`,
      [streamId ?? null],
    );
    return rows.map((r) => ({ streamId: r.stream_id, revision: Number(r.revision) }));
  }

  async countEvents(streamId?: string): Promise<number> {
    const { rows } = await this.query<{ n: string }>(
      'SELECT count(*) AS n FROM event_store.events WHERE ($1::text IS NULL OR stream_id = $1)',
      [streamId ?? null],
    );
    return Number(rows[0].n);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * Wakes live subscriptions after committed appends with one NOTIFY at a time, outside any append
   * transaction (schema v3): concurrent appends no longer queue on PostgreSQL's notify lock. Best
   * effort — subscribers re-poll anyway.
   */
  private wakeSubscribers(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    this.notifyAgain = false;
    this.pool
      .query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`)
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) this.wakeSubscribers();
      });
  }

  /** LISTEN on a dedicated connection; returns a closer. Wakes live subscriptions after commits. */
  private async listen(wake: () => void): Promise<() => Promise<void>> {
    const client = new Client({ connectionString: this.options.connectionString });
    client.on('error', () => wake());
    await client.connect();
    client.on('notification', () => wake());
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    return async () => {
      await client.end().catch(() => undefined);
    };
  }

  private async query<R extends object>(sql: string, params: unknown[] = []): Promise<{ rows: R[] }> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      if (isConnectionError(error)) throw new EventStoreUnavailableError(error);
      throw error;
    }
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw new EventStoreUnavailableError(error);
    }
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  const position: GlobalPosition = { commit: BigInt(row.commit_position), prepare: BigInt(row.global_position) };
  const metadata = row.metadata as Omit<RecordedEvent['metadata'], 'eventId' | 'type' | 'schemaVersion' | 'recordedAt'>;
  return upcastEvent({
    streamId: row.stream_id,
    revision: Number(row.stream_revision),
    position,
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: {
      ...metadata,
      eventId: row.event_id,
      type: row.event_type,
      schemaVersion: row.schema_version,
      recordedAt: row.recorded_at.toISOString(),
    },
    ...(row.hash === null ? {} : { hash: row.hash }),
    ...(row.prev_hash === null ? {} : { prevHash: row.prev_hash }),
  });
}
