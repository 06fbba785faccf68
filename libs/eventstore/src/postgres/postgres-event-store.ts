import { Client, CustomTypesConfig, Pool, PoolClient, types as pgTypes } from 'pg';
import {
  AchievementIndex,
  AppendOptions,
  AppendResult,
  EventIdConflictError,
  EventMetadata,
  EventStore,
  EventStoreUnavailableError,
  EventToAppend,
  ExpectedRevision,
  EventTypeCounts,
  GlobalPosition,
  HeadOfAll,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START_OF_ALL,
  TypeFilteredRead,
  StreamCondition,
  SubscribeToAllOptions,
  Subscription,
  validateConditions,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { to as copyTo, CopyToStreamQuery } from 'pg-copy-streams';
import {
  ChainLink,
  computeEventHash,
  GENESIS_HASH,
  HashChainReader,
  ReadChainOptions,
  StoreChainWalk,
  StoreChainWalker,
  StoreChainWalkOptions,
  StreamHead,
} from '../hash-chain';
import { upcastEvent } from '../upcasters';
import { PollingSubscription, SharedSubscriptionFeed } from '../polling-subscription';
import { EVENT_STORE_MIGRATIONS } from './postgres-event-store.schema';
import { CHAIN_COPY_COLUMNS, ChainCopyParser, ChainWalkParser, HEADS_COPY_COLUMNS, HeadsCopy } from './chain-copy';
import { CopyOut, CopySink, reusedBufferSocket } from './copy-out';
import { jsonArrayParam } from './json-array';

const MIGRATION_LOCK_KEY = 7_340_001; // arbitrary, fixed: serialises schema upgrades across processes
const ACHIEVEMENT_UPGRADE_LOCK_KEY = 7_340_002; // serialises the achievement index's in-place upgrade
const NOTIFY_CHANNEL = 'event_store_appended';
const NOTIFY_INTERVAL_MS = 20;
const DEFAULT_POOL_SIZE = 10;
const DEFAULT_APPENDS_IN_FLIGHT = 2;
/** How far a chain COPY may run ahead of the hashing (a whole range, up to this size, is buffered). */
const CHAIN_READ_AHEAD_BYTES = 32 << 20;
/** Events per COPY of a whole-store chain walk; ranges alternate between two connections. */
const CHAIN_RANGE_EVENTS = 10_000;

/** An event as read (EVENT_ROW_TYPES): data, metadata and recorded_at as the server's text. */
interface EventRow {
  global_position: string;
  commit_position: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string | null;
  hash: string | null;
}

const JSON_OID = 114;
const JSONB_OID = 3802; // a store not yet at schema v6
const TIMESTAMPTZ_OID = 1184;
const asText = (value: string): string => value;
/**
 * Result types of every read of events: json(b) and timestamptz columns are kept as the text received,
 * and decoded by toRecordedEvent only when the event's data or metadata is first asked for.
 */
const EVENT_ROW_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === JSON_OID || oid === JSONB_OID || oid === TIMESTAMPTZ_OID ? asText : pgTypes.getTypeParser(oid, format),
} as CustomTypesConfig;

/** recorded_at as the driver decodes a timestamptz by default. */
const parseTimestamp = (text: string): Date => (pgTypes.getTypeParser(TIMESTAMPTZ_OID, 'text') as (value: string) => Date)(text);

interface AppendRow {
  written: boolean;
  current_revision: string;
  /** append_batch (schema v7): the first condition that was not met, and that stream's revision. */
  unmet_stream?: string | null;
  unmet_actual?: string | null;
  /** append_batch (schema v7): the events were written with the hashes and clock the writer sent. */
  writer_hashed?: boolean | null;
}

/** An append's events hashed in this process (schema v7, ADR 7): the texts the hashes cover, and the chain. */
interface WriterHashes {
  base: number;
  recordedAtMs: number;
  recordedAt: string;
  data: string[];
  metadata: string[];
  prevs: string[];
  hashes: string[];
}

/** An append waiting for group commit. */
interface PendingAppend {
  streamId: string;
  events: EventToAppend[];
  expectedRevision: ExpectedRevision;
  /** Facts of other streams it was decided on (alsoExpect); empty for most appends. */
  conditions: StreamCondition[];
  /** Set when the batch is sent: the hashes this process computed for it, if it knew the head. */
  hashed?: WriterHashes | null;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** The JSON text an event's data is stored as: the caller's, when it has stringified it already. */
const dataText = (event: EventToAppend): string => event.dataJson ?? JSON.stringify(event.data);

/** Commands per group-commit statement, at most. */
const MAX_BATCH_COMMANDS = 64;

/** The one append statement, named: each connection parses and plans it once, then only binds and executes. */
function appendStatement(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision, generation: number) {
  const [kind, expected] = typeof expectedRevision === 'number' ? ['exact', expectedRevision] : [expectedRevision, null];
  return {
    // A statement prepared before this process migrated keeps the parameter types it was prepared
    // with (schema v6 changed them): after a migration, connections prepare it afresh under a new name.
    name: `event_store_append_events_${generation}`,
    text: 'SELECT written, current_revision FROM event_store.append_events($1, $2, $3, $4, $5, $6, $7, $8)',
    values: [
      streamId,
      kind,
      expected,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map(dataText),
      events.map((e) => JSON.stringify(e.metadata)),
    ],
  };
}

/** Stream heads (revision, hash of that event) this process wrote or read lately, at most this many. */
const HEAD_HINT_ENTRIES = 10_000;

/**
 * The append with its hashes computed here (ADR 7, schema v7): one prepared statement, no PL/pgSQL.
 * The stream row moves only from the expected revision AND the head hash the first event chains
 * to (an UPDATE re-checks both on the newest row version if a concurrent append got there first),
 * or, for a new stream, is created; each later event chains to the one before it ($8 = $9 shifted
 * by one); recorded_at is this process's clock, no earlier than the stream's last event and within
 * bounds of the server's. No row moved: nothing is written, and the caller appends through
 * append_events instead, which hashes on the server and answers every refusal.
 * $1 stream, $2 expected revision (-1: no stream), $3 recorded_at, $4 ids, $5 types, $6 schema
 * versions, $7 data, $8 metadata, $9 prev hashes, $10 hashes.
 */
const HASHED_APPEND_SQL = (create: boolean) => {
  const bounds = `$3::timestamptz BETWEEN statement_timestamp() - interval '1 minute' AND statement_timestamp() + interval '1 second'
       AND (cardinality($4::uuid[]) = 1 OR ($9::text[])[2:] = ($10::text[])[:cardinality($10::text[]) - 1])`;
  const move = create
    ? `INSERT INTO event_store.streams (stream_id, revision, head_hash, created_at, updated_at)
    SELECT $1, cardinality($4::uuid[]) - 1, ($10::text[])[cardinality($10::text[])], $3::timestamptz, $3::timestamptz
     WHERE $2::bigint = -1 AND ($9::text[])[1] = '${GENESIS_HASH}' AND ${bounds}
    ON CONFLICT (stream_id) DO NOTHING`
    : `UPDATE event_store.streams s
       SET revision = $2::bigint + cardinality($4::uuid[]), head_hash = ($10::text[])[cardinality($10::text[])], updated_at = $3::timestamptz
     WHERE s.stream_id = $1 AND s.revision = $2::bigint AND s.head_hash = ($9::text[])[1] AND s.updated_at <= $3::timestamptz
       AND ${bounds}`;
  return `WITH moved AS (
  ${move}
    RETURNING 1
), inserted AS (
  INSERT INTO event_store.events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata,
                                  recorded_at, prev_hash, hash)
    SELECT $1, $2::bigint + u.i, u.event_id, u.event_type, u.schema_version, u.data, u.metadata, $3::timestamptz, u.prev_hash, u.hash
      FROM moved, unnest($4::uuid[], $5::text[], $6::integer[], $7::json[], $8::json[], $9::text[], $10::text[])
           WITH ORDINALITY AS u(event_id, event_type, schema_version, data, metadata, prev_hash, hash, i)
     ORDER BY u.i
    RETURNING global_position, transaction_id, metadata ->> 'achievementId' AS achievement_id
), indexed AS (
  INSERT INTO event_store.achievement_events (global_position, transaction_id, achievement_id)
    SELECT global_position, transaction_id, achievement_id FROM inserted WHERE achievement_id IS NOT NULL
)
SELECT count(*)::int AS moved FROM moved`;
};

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** recorded_at as PostgreSQL's hash text renders it (microseconds), from a millisecond clock. */
function recordedAtText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}000Z`;
}

interface ConditionalAppendRow {
  unmet_stream: string | null;
  unmet_actual: string | null;
  written: boolean | null;
  current_revision: string | null;
}

/**
 * append_events ($1–$8, as appendStatement) only if every condition stream ($9 ids, $10 revisions)
 * is at its revision, read under a share lock; otherwise the first condition that is not, and nothing
 * appended (the append is gated by a one-time filter on the unmet conditions, evaluated first).
 */
const CONDITIONAL_APPEND_SQL = `WITH heads AS MATERIALIZED (
    SELECT stream_id, revision FROM event_store.streams WHERE stream_id = ANY ($9::text[]) ORDER BY stream_id FOR SHARE),
  unmet AS MATERIALIZED (
    SELECT c.stream_id, coalesce(h.revision, -1) AS actual
      FROM unnest($9::text[], $10::bigint[]) AS c(stream_id, revision) LEFT JOIN heads h ON h.stream_id = c.stream_id
     WHERE coalesce(h.revision, -1) <> c.revision
     ORDER BY c.stream_id LIMIT 1)
SELECT u.stream_id AS unmet_stream, u.actual::text AS unmet_actual, a.written, a.current_revision
  FROM (SELECT 1) AS one
  LEFT JOIN unmet u ON true
  LEFT JOIN LATERAL (
    SELECT f.written, f.current_revision FROM event_store.append_events($1, $2, $3, $4, $5, $6, $7, $8) AS f
     WHERE NOT EXISTS (SELECT 1 FROM unmet)) a ON true`;

/** Several commands' appends as one append_batch call (group commit); the events back to back. */
function batchStatement(batch: PendingAppend[], generation: number, withConditions: boolean) {
  const events = batch.flatMap((p) => p.events);
  const conditions = batch.flatMap((p, i) => p.conditions.map((c) => ({ ...c, of: i + 1 })));
  // The texts a command's hashes cover are the very texts sent (stringified once).
  const data = batch.flatMap((p) => p.hashed?.data ?? p.events.map(dataText));
  const metadata = batch.flatMap((p) => p.hashed?.metadata ?? p.events.map((e) => JSON.stringify(e.metadata)));
  return {
    name: `event_store_append_batch_${withConditions ? 'if_' : ''}${generation}`,
    text: withConditions
      ? `SELECT written, current_revision, unmet_stream, unmet_actual, writer_hashed
           FROM event_store.append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`
      : 'SELECT written, current_revision FROM event_store.append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    values: [
      batch.map((p) => p.streamId),
      batch.map((p) => (typeof p.expectedRevision === 'number' ? 'exact' : p.expectedRevision)),
      batch.map((p) => (typeof p.expectedRevision === 'number' ? p.expectedRevision : null)),
      batch.map((p) => p.events.length),
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      // Schema v7's append_batch takes them in binary form; v6's as the driver renders arrays.
      withConditions ? jsonArrayParam(data) : data,
      withConditions ? jsonArrayParam(metadata) : metadata,
      ...(withConditions
        ? [
            conditions.map((c) => c.of),
            conditions.map((c) => c.streamId),
            conditions.map((c) => c.revision),
            conditions.map((c) => c.locked !== false),
            batch.map((p) => p.hashed?.recordedAt ?? null),
            batch.flatMap((p) => p.hashed?.prevs ?? p.events.map(() => null)),
            batch.flatMap((p) => p.hashed?.hashes ?? p.events.map(() => null)),
          ]
        : []),
    ],
  };
}

/** Whether an expectation holds at a stream's current revision (-1: no stream). */
function expectationHolds(expected: ExpectedRevision, current: number): boolean {
  if (expected === 'no_stream') return current === -1;
  if (expected === 'stream_exists') return current !== -1;
  if (expected === 'any') return true;
  return current === expected;
}

// The text form gets its own name: ORDER BY transaction_id must sort the xid8, not its digits.
const SELECT_COLUMNS = `global_position, transaction_id::text AS commit_position, stream_id, stream_revision, event_id,
  event_type, schema_version, data, metadata, recorded_at, prev_hash, hash`;

/** A stream's read, in one of four named forms: forwards or backwards, with or without a revision bound ($3). */
function streamReadStatement(backwards: boolean, bounded: boolean, generation: number): [sql: string, name: string] {
  const bound = !bounded ? '' : backwards ? 'AND stream_revision <= $3' : 'AND stream_revision >= $3';
  return [
    `SELECT ${SELECT_COLUMNS} FROM event_store.events WHERE stream_id = $1 ${bound}
      ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $2`,
    `event_store_read_stream_${backwards ? 'backwards' : 'forwards'}${bounded ? '_from' : ''}_${generation}`,
  ];
}

/** One achievement's events after a position, through the index ($1 id, $2/$3 position, $4 limit). */
export const READ_ACHIEVEMENT_SQL = `SELECT e.global_position, e.transaction_id::text AS commit_position, e.stream_id, e.stream_revision, e.event_id,
        e.event_type, e.schema_version, e.data, e.metadata, e.recorded_at, e.prev_hash, e.hash
   FROM event_store.achievement_events a JOIN event_store.events e ON e.global_position = a.global_position
   WHERE a.achievement_id = $1
     AND (a.transaction_id, a.global_position) > ($2::text::xid8, $3::bigint)
     AND a.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
   ORDER BY a.transaction_id, a.global_position
   LIMIT $4`;

export interface PostgresEventStoreOptions {
  connectionString: string;
  poolSize?: number;
  /** Idle re-poll interval of live subscriptions; NOTIFY wakes them sooner. */
  subscriptionPollMs?: number;
  /** Events per COPY when the whole hash chain is read for verification (default 10,000). */
  chainRangeEvents?: number;
  /**
   * Group commit (ADR 9): appends in flight at once; an append arriving while this many are
   * running waits and is sent with the others waiting then, in one statement and transaction
   * (default 2; 0 turns it off: every append is its own transaction).
   */
  appendsInFlight?: number;
  /**
   * Hash an append's events in this process when it knows the stream's head (schema v7, ADR 7;
   * default true). False: every append is hashed by PostgreSQL in append_events, as before v7.
   */
  hashInProcess?: boolean;
  /**
   * Whole-stream reads (every command reads its stream) in flight at once; a read arriving while
   * this many are running waits and is sent with the others waiting then, in one statement
   * (default 2; 0 turns it off: every read is its own statement).
   */
  streamReadsInFlight?: number;
}

/** Errors that mean "the database is not there", as opposed to a rejected statement. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
    // Through a Unix socket (the embedded default, ADR 28): a stopped cluster has removed its socket file.
    if (code === 'ENOENT' && (error as { syscall?: string }).syscall === 'connect') return true;
    // 08xxx connection exceptions, 57P0x admin shutdown / cannot connect now, 53300 too many connections.
    if (code.startsWith('08') || code.startsWith('57P') || code === '53300') return true;
  }
  const message = (error as Error)?.message ?? '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/**
 * The achievement of a stream written before events named theirs, from its first event (ADR 17):
 * the processes' links (`achievementOfOpening` over the registered links, in the apps).
 */
export type StreamAchievementResolver = (streamId: string, first: RecordedEvent) => Promise<string | null>;

export interface AchievementIndexUpgrade {
  /** Streams with events written before the index, and how many of those events were mapped to an achievement. */
  streams: number;
  mappedEvents: number;
  /** Streams that concern no achievement (policies, audit records) or whose record names none. */
  unmappedStreams: number;
}

export class PostgresEventStore
  implements EventStore, HashChainReader, StoreChainWalker, AchievementIndex, TypeFilteredRead, HeadOfAll, EventTypeCounts
{
  private readonly pool: Pool;
  /** The next wake-up NOTIFY, while one is pending; appends meanwhile ride on it. */
  private notifyTimer: NodeJS.Timeout | null = null;
  private lastNotifyAt = 0;
  /** Bumped by every migration applied here: names the append statement prepared per connection. */
  private statementGeneration = 0;
  /** Set once migrate() found or brought the schema to the last version: statements newer than append_events may be used. */
  private schemaCurrent = false;
  /** Group commit: appends sent and not yet answered, and those waiting to go in the next batch. */
  private appendsInFlight = 0;
  private readonly waitingAppends: PendingAppend[] = [];
  private streamReadsInFlight = 0;
  /** Whole-stream reads waiting for a statement, by stream (a stream read twice meanwhile is read once). */
  private waitingStreamReads = new Map<string, Array<{ resolve: (rows: EventRow[]) => void; reject: (error: unknown) => void }>>();
  /**
   * Hints for hashing appends here (schema v7): each stream's last known event (revision, hash, and
   * a recorded_at no later than the stored one's next microsecond), from this process's appends and
   * reads. Only a hint: the append's statement checks revision and hash under the row's lock.
   */
  private readonly heads = new Map<string, { revision: number; hash: string; recordedAtMs: number }>();
  /** One LISTEN connection for all live subscriptions, and one read for those reading the same page at once. */
  private readonly feed = new SharedSubscriptionFeed(
    (after, maxCount) => this.readAll({ after, maxCount }),
    (wake, lost) => this.listen(wake, lost),
  );

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: 5_000,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /**
   * Installs or upgrades the event_store schema. Safe to call from several processes at once.
   * `throughVersion` stops at that version (a store as an earlier release left it, for upgrade tests).
   */
  async migrate(options: { throughVersion?: number } = {}): Promise<void> {
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
        if (options.throughVersion !== undefined && migration.version > options.throughVersion) break;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO event_store.schema_migrations (version, description) VALUES ($1, $2)', [
            migration.version,
            migration.description,
          ]);
          await client.query('COMMIT');
          this.statementGeneration += 1;
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      const { rows: after } = await client.query<{ version: number }>('SELECT max(version) AS version FROM event_store.schema_migrations');
      this.schemaCurrent = after[0].version === EVENT_STORE_MIGRATIONS[EVENT_STORE_MIGRATIONS.length - 1].version;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      client.release();
    }
  }

  async append(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const conditions = options.alsoExpect ?? [];
    if (conditions.length > 0) validateConditions(streamId, conditions);
    const pending = { streamId, events, expectedRevision, conditions };
    const limit = this.options.appendsInFlight ?? DEFAULT_APPENDS_IN_FLIGHT;
    // Before schema v7 (a store not migrated by this process) conditional appends are not batched.
    const alone = limit <= 0 || (events.length === 0 && conditions.length === 0) || (conditions.length > 0 && !this.schemaCurrent);
    if (alone) return this.appendOne(pending);
    if (this.appendsInFlight < limit && this.waitingAppends.length === 0) {
      this.appendsInFlight += 1;
      try {
        return await this.appendOne(pending);
      } finally {
        this.appendsInFlight -= 1;
        this.sendWaitingAppends();
      }
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.waitingAppends.push({ ...pending, resolve, reject });
      this.sendWaitingAppends();
    });
  }

  /** One append in its own transaction, with its conditions if it has any. */
  private appendOne(p: Omit<PendingAppend, 'resolve' | 'reject'>): Promise<AppendResult> {
    return p.conditions.length > 0 ? this.appendConditionalAlone(p) : this.appendAlone(p.streamId, p.events, p.expectedRevision);
  }

  /**
   * A conditional append on its own: at schema v7 a batch of one (append_batch, every row locked in
   * stream-id order, as in any batch); before, the one-statement CONDITIONAL_APPEND_SQL. A writer
   * that locks in another order (a process not yet upgraded) can close a cycle with it; PostgreSQL
   * then aborts one of the two, and this append goes again.
   */
  private async appendConditionalAlone(p: Omit<PendingAppend, 'resolve' | 'reject'>): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.schemaCurrent) return await this.appendWithConditions(p.streamId, p.events, p.expectedRevision, p.conditions);
        let rows: AppendRow[];
        const withHashes = { ...p, hashed: this.batchHashes(p) };
        try {
          ({ rows } = await this.pool.query<AppendRow>(batchStatement([withHashes as PendingAppend], this.statementGeneration, true)));
        } catch (error) {
          if ((error as { code?: string }).code === '40P01') throw error;
          return await this.appendFailed(error, p.streamId, p.events, p.expectedRevision);
        }
        if (rows[0].written) this.wakeSubscribers();
        return await this.batchAnswer(withHashes, rows[0]);
      } catch (error) {
        if ((error as { code?: string }).code !== '40P01' || attempt === 3) throw error;
      }
    }
  }

  /** One command's row of append_batch, answered exactly as the same append alone would be. */
  private async batchAnswer(p: Omit<PendingAppend, 'resolve' | 'reject'>, row: AppendRow): Promise<AppendResult> {
    const current = Number(row.current_revision);
    if (row.written) {
      const hashed = p.hashed;
      if (row.writer_hashed === true && hashed && current === hashed.base + p.events.length)
        this.rememberHead(p.streamId, current, hashed.hashes[hashed.hashes.length - 1], hashed.recordedAtMs);
      else this.heads.delete(p.streamId); // hashed on the server: not known here
      return { written: true, nextExpectedRevision: current };
    }
    if (row.unmet_stream != null) {
      // An identical retry whose events are already stored is answered as such, as without conditions.
      const earlier = await this.earlierAppend(
        p.streamId,
        p.events.map((e) => e.eventId),
      );
      if (earlier.kind === 'same_events') return { written: false, nextExpectedRevision: earlier.revision };
      const condition = p.conditions.find((c) => c.streamId === row.unmet_stream)!;
      throw new WrongExpectedRevisionError(
        condition.streamId,
        condition.revision === -1 ? 'no_stream' : condition.revision,
        Number(row.unmet_actual),
      );
    }
    // Nothing to write and the expectation holds: answered with the stream's revision, as append_events does.
    if (p.events.length === 0 && expectationHolds(p.expectedRevision, current)) return { written: false, nextExpectedRevision: current };
    // Refused on its expected revision: answered exactly as a lone append refused so is.
    return this.appendFailed({ code: 'CG001', detail: row.current_revision }, p.streamId, p.events, p.expectedRevision);
  }

  /**
   * Group commit: while `appendsInFlight` appends are running, later ones wait; as soon as one
   * finishes, the waiting appends (up to MAX_BATCH_COMMANDS, one per stream — a second append to a
   * stream waits for the next batch, so each stream's appends keep their order) go together as one
   * append_batch call: one round trip, one transaction, one commit for all of them. Each command is
   * still checked against its own expected revision and answered on its own: a stale revision
   * fails that command only. If the statement fails, nothing of it is written: a repeated event id
   * names its command, which is then appended on its own while the rest go again as a batch; any
   * other failure (bad input, a lost connection) sends every command on its own. Either way each
   * gets exactly the answer it would have had alone (an identical retry, an id conflict, an outage).
   */
  private sendWaitingAppends(): void {
    const limit = Math.max(1, this.options.appendsInFlight ?? DEFAULT_APPENDS_IN_FLIGHT);
    while (this.appendsInFlight < limit && this.waitingAppends.length > 0) {
      const batch: PendingAppend[] = [];
      const streams = new Set<string>();
      const facts = new Set<string>();
      for (let i = 0; i < this.waitingAppends.length && batch.length < MAX_BATCH_COMMANDS;) {
        const pending = this.waitingAppends[i];
        // One command per stream, and no stream both appended to and a condition (the batch checks
        // every condition before it writes anything: a writer and a reader of one stream would not
        // be ordered). Such an append waits for the next batch.
        if (streams.has(pending.streamId) || facts.has(pending.streamId) || pending.conditions.some((c) => streams.has(c.streamId))) {
          i += 1;
          continue;
        }
        streams.add(pending.streamId);
        for (const c of pending.conditions) facts.add(c.streamId);
        batch.push(pending);
        this.waitingAppends.splice(i, 1);
      }
      this.appendsInFlight += 1;
      void this.appendBatch(batch).finally(() => {
        this.appendsInFlight -= 1;
        this.sendWaitingAppends();
      });
    }
  }

  private async appendBatch(batch: PendingAppend[]): Promise<void> {
    const settle = async (pending: PendingAppend, result: Promise<AppendResult>): Promise<void> => {
      try {
        pending.resolve(await result);
      } catch (error) {
        pending.reject(error);
      }
    };
    if (batch.length === 1) {
      const [only] = batch;
      return settle(only, this.appendOne(only));
    }
    // Stream rows are locked in stream-id order in every batch, so batches never deadlock each other.
    batch.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    if (this.schemaCurrent) for (const p of batch) p.hashed = this.batchHashes(p);
    let rows: AppendRow[];
    try {
      ({ rows } = await this.pool.query<AppendRow>(batchStatement(batch, this.statementGeneration, this.schemaCurrent)));
    } catch (error) {
      // A repeated event id (an identical retry, or a conflict) names itself: that command goes
      // alone, the others go again together. Anything else: each goes alone.
      const pgError = error as { code?: string; constraint?: string; detail?: string };
      const id =
        pgError.code === '23505' && pgError.constraint === 'events_event_id_unique'
          ? /\(event_id\)=\(([^)]+)\)/.exec(pgError.detail ?? '')?.[1]
          : undefined;
      const culprit = id === undefined ? -1 : batch.findIndex((p) => p.events.some((e) => e.eventId.toLowerCase() === id.toLowerCase()));
      if (culprit >= 0) {
        const [alone] = batch.splice(culprit, 1);
        await Promise.all([settle(alone, this.appendOne(alone)), this.appendBatch(batch)]);
        return;
      }
      await Promise.all(batch.map((p) => settle(p, this.appendOne(p))));
      return;
    }
    if (rows.some((r) => r.written)) this.wakeSubscribers();
    await Promise.all(batch.map((pending, i) => settle(pending, this.batchAnswer(pending, rows[i]))));
  }

  /**
   * One append in its own transaction: hashed here and written by one plain statement when this
   * process knows the stream's head (HASHED_APPEND_SQL), else — or if the head moved — the
   * append_events statement, which hashes on the server.
   */
  private async appendAlone(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const hashed = await this.appendHashed(streamId, events, expectedRevision);
    if (hashed !== null) return hashed;
    try {
      const { rows } = await this.pool.query<AppendRow>(appendStatement(streamId, events, expectedRevision, this.statementGeneration));
      this.heads.delete(streamId); // written with the server's hash and clock: not known here
      if (rows[0].written) this.wakeSubscribers();
      return { written: rows[0].written, nextExpectedRevision: Number(rows[0].current_revision) };
    } catch (error) {
      return this.appendFailed(error, streamId, events, expectedRevision);
    }
  }

  /**
   * The append hashed in this process (schema v7, ADR 7): for a new stream, or one whose head this
   * process knows at the expected revision. The statement checks that head (revision and hash)
   * under the row lock, so the chain is exactly what append_events would write; the hashes cover
   * the very texts sent. Null: not taken (expectation, unknown head, an id not in canonical form)
   * or the head had moved — nothing was written, append through append_events.
   */
  private async appendHashed(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult | null> {
    const hashed = this.writerHashes(streamId, events, expectedRevision);
    if (hashed === null) return null;
    const { base, recordedAt, recordedAtMs, data, metadata, prevs, hashes } = hashed;
    const prev = hashes[hashes.length - 1];
    let moved: number;
    try {
      const { rows } = await this.pool.query<{ moved: number }>({
        name: `event_store_append_hashed_${base === -1 ? 'new' : 'next'}_${this.statementGeneration}`,
        text: HASHED_APPEND_SQL(base === -1),
        values: [
          streamId,
          base,
          recordedAt,
          events.map((e) => e.eventId),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion),
          jsonArrayParam(data),
          jsonArrayParam(metadata),
          prevs,
          hashes,
        ],
      });
      moved = rows[0].moved;
    } catch (error) {
      this.heads.delete(streamId);
      return this.appendFailed(error, streamId, events, expectedRevision);
    }
    if (moved === 0) {
      this.heads.delete(streamId);
      return null;
    }
    this.rememberHead(streamId, base + events.length, prev, recordedAtMs);
    this.wakeSubscribers();
    return { written: true, nextExpectedRevision: base + events.length };
  }

  /**
   * A batched append's hashes (append_batch checks them as HASHED_APPEND_SQL does, under the row
   * lock, and hashes on the server instead when the head moved): only for an exact revision or a
   * new stream, the revision the hashes cover being the one the batch checks.
   */
  private batchHashes(p: Omit<PendingAppend, 'resolve' | 'reject'>): WriterHashes | null {
    if (p.expectedRevision !== 'no_stream' && typeof p.expectedRevision !== 'number') return null;
    return this.writerHashes(p.streamId, p.events, p.expectedRevision);
  }

  /**
   * The events hashed here, chained to the head this process knows at the expected revision (or
   * the genesis hash for a new stream); null when it knows no such head, or an id is not in the
   * form PostgreSQL renders a uuid in (the hash covers that text).
   */
  private writerHashes(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): WriterHashes | null {
    if (events.length === 0 || this.options.hashInProcess === false || !this.schemaCurrent) return null;
    const known = this.heads.get(streamId);
    // 'any' and 'stream_exists' are held to the head known here; if it moved, append_events decides.
    const base =
      expectedRevision === 'no_stream' ? -1 : typeof expectedRevision === 'number' ? expectedRevision : (known?.revision ?? null);
    const head = base === -1 ? { revision: -1, hash: GENESIS_HASH, recordedAtMs: 0 } : known;
    if (base === null || head === undefined || head.revision !== base) return null;
    // The hash covers the id's text as PostgreSQL renders a uuid: only ids already in that form.
    if (!events.every((e) => CANONICAL_UUID.test(e.eventId))) return null;
    const recordedAtMs = Math.max(Date.now(), head.recordedAtMs);
    const recordedAt = recordedAtText(recordedAtMs);
    const data = events.map(dataText);
    const metadata = events.map((e) => JSON.stringify(e.metadata));
    const prevs: string[] = [];
    const hashes: string[] = [];
    let prev = head.hash;
    events.forEach((e, i) => {
      prevs.push(prev);
      prev = computeEventHash({
        prevHash: prev,
        streamId,
        revision: base + 1 + i,
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        dataText: data[i],
        metadataText: metadata[i],
        recordedAtText: recordedAt,
      });
      hashes.push(prev);
    });
    return { base, recordedAtMs, recordedAt, data, metadata, prevs, hashes };
  }

  private rememberHead(streamId: string, revision: number, hash: string, recordedAtMs: number): void {
    const known = this.heads.get(streamId);
    if (known !== undefined && known.revision > revision) return;
    this.heads.delete(streamId); // most recently used last
    this.heads.set(streamId, { revision, hash, recordedAtMs });
    if (this.heads.size > HEAD_HINT_ENTRIES) this.heads.delete(this.heads.keys().next().value as string);
  }

  /**
   * An append that also holds only while other streams are where the writer read them, in one
   * statement (one round trip, as an append without conditions): it takes a share lock on each
   * condition's stream row (an append to that stream updates the row, so it either committed
   * before — and we see its revision — or waits for us), compares the revisions, and runs the same
   * append function only if all of them match; the locks last until the statement commits. Rows are
   * locked in stream-id order so that two such appends never wait on each other in opposite orders.
   * A condition "no stream" (-1) has no row to lock: it holds when read, but a creator committing
   * just after is not excluded.
   */
  private async appendWithConditions(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
    conditions: StreamCondition[],
  ): Promise<AppendResult> {
    validateConditions(streamId, conditions);
    const append = appendStatement(streamId, events, expectedRevision, this.statementGeneration);
    let row: ConditionalAppendRow;
    try {
      ({
        rows: [row],
      } = await this.pool.query<ConditionalAppendRow>({
        // Named per schema generation, as appendStatement (schema v6 changed the parameter types).
        name: `event_store_append_events_if_${this.statementGeneration}`,
        text: CONDITIONAL_APPEND_SQL,
        values: [...append.values, conditions.map((c) => c.streamId), conditions.map((c) => c.revision)],
      }));
    } catch (error) {
      return this.appendFailed(error, streamId, events, expectedRevision);
    }
    if (row.unmet_stream !== null) {
      // An identical retry whose events are already stored is answered as such, as without conditions.
      const earlier = await this.earlierAppend(
        streamId,
        events.map((e) => e.eventId),
      );
      if (earlier.kind === 'same_events') return { written: false, nextExpectedRevision: earlier.revision };
      const condition = conditions.find((c) => c.streamId === row.unmet_stream)!;
      throw new WrongExpectedRevisionError(
        condition.streamId,
        condition.revision === -1 ? 'no_stream' : condition.revision,
        Number(row.unmet_actual),
      );
    }
    if (row.written) this.wakeSubscribers();
    return { written: row.written!, nextExpectedRevision: Number(row.current_revision) };
  }

  /** What a failed append means: an identical retry, an id conflict, a stale revision, or an outage. */
  private async appendFailed(
    error: unknown,
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    const pgError = error as { code?: string; detail?: string; constraint?: string };
    const idTaken = pgError.code === '23505' && pgError.constraint === 'events_event_id_unique';
    if (pgError.code === 'CG001' || idTaken) {
      // Only now ask whether this was an identical retry (schema v4 keeps the probe off the hot path).
      const earlier = await this.earlierAppend(
        streamId,
        events.map((e) => e.eventId),
      );
      if (earlier.kind === 'same_events') return { written: false, nextExpectedRevision: earlier.revision };
      if (earlier.kind === 'id_conflict' || idTaken)
        throw new EventIdConflictError(
          streamId,
          events.map((e) => e.eventId),
        );
      throw new WrongExpectedRevisionError(streamId, expectedRevision, Number(pgError.detail));
    }
    if (pgError.code === '22P02') {
      // invalid input syntax, e.g. an event id that is not a UUID: a caller bug, not an outage
      throw error;
    }
    if (isConnectionError(error)) throw new EventStoreUnavailableError(error);
    throw error;
  }

  /**
   * After a failed append: were all these event ids already appended to this stream (an identical
   * retry, answered as not written), some of them or any elsewhere (a conflict), or none?
   */
  private async earlierAppend(
    streamId: string,
    eventIds: string[],
  ): Promise<{ kind: 'same_events'; revision: number } | { kind: 'id_conflict' } | { kind: 'none' }> {
    if (eventIds.length === 0) return { kind: 'none' };
    const { rows } = await this.query<{ same: number; elsewhere: number; revision: string | null }>(
      `SELECT count(*) FILTER (WHERE e.stream_id = $1)::int AS same, count(*) FILTER (WHERE e.stream_id <> $1)::int AS elsewhere,
              (SELECT s.revision FROM event_store.streams s WHERE s.stream_id = $1) AS revision
         FROM event_store.events e WHERE e.event_id = ANY ($2::uuid[])`,
      [streamId, eventIds],
    );
    const { same, elsewhere, revision } = rows[0];
    if (elsewhere > 0 || (same > 0 && same < eventIds.length)) return { kind: 'id_conflict' };
    if (same === eventIds.length) return { kind: 'same_events', revision: Number(revision) };
    return { kind: 'none' };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? null;
    const from = options.fromRevision ?? null;
    // Named (one of four forms): every command reads its stream, so each connection parses and plans
    // it once. A revision bound has its own form, so its plan always seeks the index to the bound.
    const [sql, name] = streamReadStatement(backwards, from !== null, this.statementGeneration);
    const whole = !backwards && limit === null && from === null && (this.options.streamReadsInFlight ?? 2) > 0;
    const rows = whole
      ? await this.readWholeStream(streamId)
      : await this.readEvents(sql, from === null ? [streamId, limit] : [streamId, limit, from], name);
    const last = rows.length === 0 ? undefined : backwards ? rows[0] : rows[rows.length - 1];
    // A head hint for the next append (its stored recorded_at may lie up to 999 µs past the Date's millisecond).
    if (last?.hash) this.rememberHead(streamId, Number(last.stream_revision), last.hash, parseTimestamp(last.recorded_at).getTime() + 1);
    return rows.map(toRecordedEvent);
  }

  /**
   * A whole stream, read with the others waiting (like appends, ADR 9): at most
   * `streamReadsInFlight` statements at once; a read arriving meanwhile waits for one of them to
   * answer and is sent then with every read waiting, as one statement over all their streams. A
   * statement is sent after every read it carries was asked for, so each sees at least what was
   * committed before it was asked (read-your-writes holds).
   */
  private readWholeStream(streamId: string): Promise<EventRow[]> {
    return new Promise((resolve, reject) => {
      const waiting = this.waitingStreamReads.get(streamId);
      if (waiting) waiting.push({ resolve, reject });
      else this.waitingStreamReads.set(streamId, [{ resolve, reject }]);
      if (this.streamReadsInFlight < (this.options.streamReadsInFlight ?? 2)) this.sendWaitingStreamReads();
    });
  }

  private sendWaitingStreamReads(): void {
    const batch = this.waitingStreamReads;
    if (batch.size === 0) return;
    this.waitingStreamReads = new Map();
    this.streamReadsInFlight += 1;
    const generation = this.statementGeneration;
    const [first] = batch.keys();
    const [oneSql, oneName] = streamReadStatement(false, false, generation);
    const reading =
      batch.size === 1
        ? this.readEvents(oneSql, [first, null], oneName)
        : this.readEvents(
            `SELECT ${SELECT_COLUMNS} FROM event_store.events WHERE stream_id = ANY ($1::text[]) ORDER BY stream_id, stream_revision`,
            [[...batch.keys()]],
            `event_store_read_streams_${generation}`,
          );
    reading
      .then(
        (rows) => {
          const byStream = new Map<string, EventRow[]>();
          for (const row of rows) {
            const of = byStream.get(row.stream_id);
            if (of) of.push(row);
            else byStream.set(row.stream_id, [row]);
          }
          for (const [streamId, readers] of batch) {
            const streamRows = byStream.get(streamId) ?? [];
            // Each reader its own rows: an event read drops its row's JSON text once parsed.
            readers.forEach((reader, index) => reader.resolve(index === 0 ? streamRows : streamRows.map((row) => ({ ...row }))));
          }
        },
        (error: unknown) => {
          for (const readers of batch.values()) for (const reader of readers) reader.reject(error);
        },
      )
      .finally(() => {
        this.streamReadsInFlight -= 1;
        this.sendWaitingStreamReads();
      });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START_OF_ALL;
    const rows = await this.readEvents(
      `SELECT ${SELECT_COLUMNS} FROM event_store.events
         WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY transaction_id, global_position
         LIMIT $3`,
      [after.commit.toString(), after.prepare.toString(), options.maxCount ?? 1000],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * `readAll` of some event types only: the rows of other types are skipped by PostgreSQL, never sent.
   * A rebuild reads the whole store through here, so its rows are decoded leanly (LEAN_COLUMNS: six
   * fields a row, not twelve, in array mode; each distinct `recorded_at` text parsed once): the same
   * events `readAll` returns.
   */
  async readAllOfTypes(types: readonly string[], options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START_OF_ALL;
    try {
      const { rows } = await this.pool.query<LeanRow>({
        text: `SELECT ${LEAN_COLUMNS} FROM event_store.events
         WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
           AND event_type = ANY($4::text[])
         ORDER BY transaction_id, global_position
         LIMIT $3`,
        values: [after.commit.toString(), after.prepare.toString(), options.maxCount ?? 1000, types],
        rowMode: 'array',
        types: LEAN_TYPES,
      });
      return rows.map(leanDecoder());
    } catch (error) {
      if (isConnectionError(error)) throw new EventStoreUnavailableError(error);
      throw error;
    }
  }

  /** The last event `readAll` would return now: the same bound (transactions older than every one in flight). */
  async headOfAll(): Promise<GlobalPosition | null> {
    try {
      const { rows } = await this.pool.query<{ commit: string; prepare: string }>(
        `SELECT transaction_id::text AS commit, global_position::text AS prepare FROM event_store.events
          WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY transaction_id DESC, global_position DESC
          LIMIT 1`,
      );
      return rows.length === 0 ? null : { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) };
    } catch (error) {
      if (isConnectionError(error)) throw new EventStoreUnavailableError(error);
      throw error;
    }
  }

  /**
   * Events per type: estimated from a 1 % sample of the table's pages when that holds enough rows
   * (a million-event store is not scanned for it), else counted.
   */
  async eventTypeCounts(): Promise<Map<string, number>> {
    const count = async (from: string, scale: number): Promise<Map<string, number>> => {
      const { rows } = await this.pool.query<{ type: string; n: string }>(
        `SELECT event_type AS type, count(*)::text AS n FROM ${from} GROUP BY event_type`,
      );
      return new Map(rows.map((r) => [r.type, Number(r.n) * scale]));
    };
    const sampled = await count('event_store.events TABLESAMPLE SYSTEM (1) REPEATABLE (0)', 100);
    if ([...sampled.values()].reduce((a, b) => a + b, 0) >= 200_000) return sampled;
    return count('event_store.events', 1);
  }

  /**
   * One achievement's events through the index (schema v5): an index range scan joined to the
   * events by position, so the cost follows the achievement's events, not the store's. Paged and
   * bounded like $all, so a page never skips an event committed later by an older transaction.
   */
  async readAchievement(achievementId: string, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START_OF_ALL;
    const rows = await this.readEvents(READ_ACHIEVEMENT_SQL, [
      achievementId,
      after.commit.toString(),
      after.prepare.toString(),
      options.maxCount ?? 1000,
    ]);
    return rows.map(toRecordedEvent);
  }

  async achievementIndexComplete(): Promise<boolean> {
    try {
      const { rows } = await this.query<{ done: boolean }>('SELECT done_at IS NOT NULL AS done FROM event_store.achievement_index_upgrade');
      return rows.length === 1 && rows[0].done;
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return false; // a store not yet at schema v5
      throw error;
    }
  }

  /**
   * The in-place upgrade of schema v5: maps the events written before the index existed to their
   * achievements, stream by stream, by `resolve` (the processes' links over each stream's first
   * event). It writes index rows only: no stored event, hash or revision changes, so every chain
   * verifies as before. Runs once (recorded in achievement_index_upgrade), under an advisory lock so
   * that an API and a worker starting together do it once; a failure leaves it to the next start
   * (rows already written stay, ON CONFLICT keeps a rerun idempotent). Returns null when done before.
   */
  async upgradeAchievementIndex(resolve: StreamAchievementResolver): Promise<AchievementIndexUpgrade | null> {
    const client = await this.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [ACHIEVEMENT_UPGRADE_LOCK_KEY]);
      const { rows } = await client.query<{ through_position: string }>(
        'SELECT through_position FROM event_store.achievement_index_upgrade WHERE done_at IS NULL',
      );
      if (rows.length === 0) return null;
      const through = rows[0].through_position;
      const { rows: streams } = await client.query<{ stream_id: string }>(
        'SELECT DISTINCT stream_id FROM event_store.events WHERE global_position <= $1 ORDER BY stream_id',
        [through],
      );
      const result: AchievementIndexUpgrade = { streams: streams.length, mappedEvents: 0, unmappedStreams: 0 };
      for (const { stream_id: streamId } of streams) {
        const [first] = await this.readStream(streamId, { maxCount: 1 });
        const achievementId = first ? await resolve(streamId, first) : null;
        if (achievementId === null) {
          result.unmappedStreams += 1;
          continue;
        }
        const inserted = await client.query(
          `INSERT INTO event_store.achievement_events (global_position, transaction_id, achievement_id)
             SELECT global_position, transaction_id, $2 FROM event_store.events WHERE stream_id = $1 AND global_position <= $3
             ON CONFLICT (global_position) DO NOTHING`,
          [streamId, achievementId, through],
        );
        result.mappedEvents += inserted.rowCount ?? 0;
      }
      await client.query('UPDATE event_store.achievement_index_upgrade SET done_at = now()');
      return result;
    } catch (error) {
      if (isConnectionError(error)) throw new EventStoreUnavailableError(error);
      throw error;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [ACHIEVEMENT_UPGRADE_LOCK_KEY]).catch(() => undefined);
      client.release();
    }
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    return new PollingSubscription(options, this.feed.read, this.feed.listen, this.options.subscriptionPollMs ?? 250);
  }

  /**
   * The raw chain for verification (ADR 7): binary COPYs of the column texts the hash was computed
   * from (the stored `json` texts, schema v6), rehashed here from the received bytes
   * (ChainCopyParser), independently of the SQL that wrote them. A whole-store walk is cut into
   * key ranges of about `chainRangeEvents` events (from the stream catalogue; the ranges partition
   * the whole key space, so a catalogue that lies only unbalances them) and read over two
   * connections sharing one exported REPEATABLE READ snapshot: while Node hashes one range, the
   * other backend already produces the next, so two backends read and send while Node hashes.
   * (`verifyStore` over a PostgreSQL store uses `walkStoreChains` instead, ADR 7.)
   */
  async *readChain(options: ReadChainOptions): AsyncGenerator<ChainLink[]> {
    const pageSize = Math.max(1, Math.floor(options.pageSize));
    const ranges = options.streamId === undefined ? await this.chainRanges() : [{ streamId: options.streamId }];
    const lanes: PoolClient[] = [];
    const copies: CopyToStreamQuery[] = [];
    let failure: Error | undefined;
    let committed = false;
    try {
      // The unique (stream_id, stream_revision) index already yields the order; a parallel scan and
      // a sort of every data text (what the planner picks for a whole-store COPY) cost more.
      const settings = 'SET LOCAL enable_sort = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off';
      lanes.push(await this.connect());
      await lanes[0].query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${settings}`);
      // A second lane needs a second connection; a pool of one or two keeps to one (no self-deadlock).
      if (ranges.length > 1 && (this.options.poolSize ?? DEFAULT_POOL_SIZE) >= 3) {
        const { rows } = await lanes[0].query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
        lanes.push(await this.connect());
        await lanes[1].query(
          `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT ${lanes[1].escapeLiteral(rows[0].snapshot)}; ${settings}`,
        );
      }
      // Range i runs on lane i mod 2; at most the range being hashed and the next are in flight.
      const start = (i: number): void => {
        if (i >= ranges.length) return;
        const lane = lanes[i % lanes.length];
        const copy = lane.query(
          copyTo(`COPY (${chainRangeSql(ranges[i], (v) => lane.escapeLiteral(v))}) TO STDOUT (FORMAT binary)`, {
            highWaterMark: CHAIN_READ_AHEAD_BYTES,
          }),
        );
        copy.on('error', () => undefined); // surfaces when its range is iterated
        copies[i] = copy;
      };
      let page: ChainLink[] = [];
      const full: ChainLink[][] = [];
      const sink = (link: ChainLink): void => {
        page.push(link);
        if (page.length === pageSize) {
          full.push(page);
          page = [];
        }
      };
      start(0);
      for (let i = 0; i < ranges.length; i++) {
        start(i + 1);
        const parser = new ChainCopyParser(sink);
        for await (const chunk of copies[i]) {
          parser.push(chunk as Buffer);
          while (full.length > 0) yield full.shift()!;
        }
        parser.end();
      }
      for (const lane of lanes) await lane.query('COMMIT');
      committed = true;
      yield page;
    } catch (error) {
      failure = error as Error;
      if (isConnectionError(error)) throw new EventStoreUnavailableError(error);
      throw error;
    } finally {
      // Stopped early or failed: a connection may be mid-COPY or mid-transaction, so it is closed
      // rather than returned to the pool.
      for (const copy of copies) if (copy !== undefined && !committed) copy.destroy();
      for (const lane of lanes) lane.release(committed ? undefined : (failure ?? new Error('chain read abandoned')));
    }
  }

  /**
   * The whole store's chains checked as the COPY arrives (ADR 7, StoreChainWalker): one REPEATABLE
   * READ snapshot for the catalogue and the events; the events in global-position order, so each
   * stream's events come in revision order unless rows were renumbered or moved — those streams are
   * walked again in revision order in the same snapshot.
   */
  async walkStoreChains(options: StoreChainWalkOptions): Promise<StoreChainWalk> {
    const client = await this.walkConnection();
    let committed = false;
    const walk = new ChainWalkParser(options);
    const copy = async (sql: string, sink: CopySink = walk.push): Promise<void> => {
      const out = new CopyOut(`COPY (${sql}) TO STDOUT (FORMAT binary)`, sink);
      void client.query(out as never);
      await out.done;
      if (sink === walk.push) walk.end();
    };
    try {
      await client.query(
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off',
      );
      const catalogue = new HeadsCopy();
      await copy(`SELECT ${HEADS_COPY_COLUMNS} FROM event_store.streams s`, catalogue.push);
      await copy(`SELECT ${CHAIN_COPY_COLUMNS} FROM event_store.events e ORDER BY e.global_position`);
      const unordered = walk.unorderedStreams();
      if (unordered.length > 0) {
        walk.reopen();
        await copy(
          `SELECT ${CHAIN_COPY_COLUMNS} FROM event_store.events e WHERE e.stream_id = ANY(ARRAY[${unordered.map((id) => client.escapeLiteral(id)).join(',')}]::text[])
           ORDER BY e.stream_id, e.stream_revision`,
        );
      }
      await client.query('COMMIT');
      committed = true;
      return {
        events: walk.events,
        lastRevisions: walk.lastRevisions(),
        heads: catalogue.heads(),
        findings: walk.findings(),
      };
    } catch (error) {
      if (isConnectionError(error)) throw new EventStoreUnavailableError(error);
      throw error;
    } finally {
      // Its own connection, closed either way; failed mid-COPY, the rest of the COPY is not awaited.
      if (committed) await client.end().catch(() => undefined);
      else client.connection.stream.destroy();
    }
  }

  /**
   * The whole-store walk's own connection (one per walk, like LISTEN's): its socket reads the COPY
   * into one reused 1 MB buffer (`reusedBufferSocket`) instead of a fresh 64 KB Buffer per read —
   * issue 21 round three, ADR 7 — unless the connection uses TLS, whose socket carries ciphertext.
   */
  private async walkConnection(): Promise<Client> {
    const config = { connectionString: this.options.connectionString, connectionTimeoutMillis: 5_000 };
    const tls = new Client(config).ssl; // pg's reading of the URL and PGSSLMODE; nothing connects
    const client = new Client(tls ? config : { ...config, stream: () => reusedBufferSocket() });
    client.on('error', () => undefined); // a lost server fails the walk's query instead
    try {
      await client.connect();
    } catch (error) {
      throw new EventStoreUnavailableError(error);
    }
    return client;
  }

  /** Key ranges of about chainRangeEvents events each, covering every key (first and last open). */
  private async chainRanges(): Promise<ChainRange[]> {
    const { rows } = await this.query<{ stream_id: string; revision: string }>(
      'SELECT stream_id, revision FROM event_store.streams ORDER BY stream_id',
    );
    const perRange = Math.max(1, this.options.chainRangeEvents ?? CHAIN_RANGE_EVENTS);
    const bounds: { streamId: string; revision: number }[] = [];
    let filled = 0;
    for (const row of rows) {
      const events = Number(row.revision) + 1;
      for (let revision = 0; revision < events;) {
        if (filled >= perRange) {
          bounds.push({ streamId: row.stream_id, revision });
          filled = 0;
        }
        const take = Math.min(events - revision, perRange - filled);
        filled += take;
        revision += take;
      }
    }
    return Array.from({ length: bounds.length + 1 }, (_, i) => ({ from: bounds[i - 1], to: bounds[i] }));
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
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    await this.pool.end();
  }

  /**
   * Wakes live subscriptions after committed appends, outside any append transaction (schema v3:
   * concurrent appends no longer queue on PostgreSQL's notify lock), at most one NOTIFY per
   * NOTIFY_INTERVAL_MS: the first append after a quiet interval notifies at once (before its caller
   * hears of it); appends within the interval after a NOTIFY share one sent at its end, so a busy
   * writer pays one NOTIFY per many appends. Best effort — subscribers re-poll anyway.
   */
  private wakeSubscribers(): void {
    if (this.notifyTimer) return; // a NOTIFY is due: this append rides on it
    const wait = this.lastNotifyAt + NOTIFY_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.notifySubscribers();
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.notifySubscribers();
    }, wait);
    this.notifyTimer.unref();
  }

  private notifySubscribers(): void {
    this.lastNotifyAt = Date.now();
    this.pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`).catch(() => undefined);
  }

  /** LISTEN on a dedicated connection (`lost` once it fails); returns a closer. Wakes live subscriptions after commits. */
  private async listen(wake: () => void, lost: () => void): Promise<() => Promise<void>> {
    const client = new Client({ connectionString: this.options.connectionString });
    client.on('error', () => lost());
    await client.connect();
    client.on('notification', () => wake());
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    return async () => {
      await client.end().catch(() => undefined);
    };
  }

  /** Rows of events, their data, metadata and recorded_at as text (EVENT_ROW_TYPES); `name` as for `query`. */
  private async readEvents(sql: string, params: unknown[], name?: string): Promise<EventRow[]> {
    try {
      return (await this.pool.query<EventRow>({ name, text: sql, values: params, types: EVENT_ROW_TYPES })).rows;
    } catch (error) {
      if (isConnectionError(error)) throw new EventStoreUnavailableError(error);
      throw error;
    }
  }

  /** `name`: a prepared statement, parsed and planned once per connection (a statement run on every command). */
  private async query<R extends object>(sql: string, params: unknown[] = [], name?: string): Promise<{ rows: R[] }> {
    try {
      return await (name === undefined ? this.pool.query<R>(sql, params) : this.pool.query<R>({ name, text: sql, values: params }));
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

/** One stream, or the keys from `from` (inclusive) to `to` (exclusive); a missing bound is open. */
type ChainRange = { streamId: string } | { from?: { streamId: string; revision: number }; to?: { streamId: string; revision: number } };

function chainRangeSql(range: ChainRange, literal: (value: string) => string): string {
  const conditions: string[] = [];
  if ('streamId' in range) conditions.push(`e.stream_id = ${literal(range.streamId)}`);
  else {
    if (range.from) conditions.push(`(e.stream_id, e.stream_revision) >= (${literal(range.from.streamId)}, ${range.from.revision})`);
    if (range.to) conditions.push(`(e.stream_id, e.stream_revision) < (${literal(range.to.streamId)}, ${range.to.revision})`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return `SELECT ${CHAIN_COPY_COLUMNS} FROM event_store.events e ${where} ORDER BY e.stream_id, e.stream_revision`;
}

/**
 * The columns of a lean read (`readAllOfTypes`). pg decodes every field of a row apart (a UTF-8
 * decoding and a type parser each), so the scalars the schema keeps free of commas travel as one
 * text: position, commit, revision, schema version, event id, recorded_at (its text, as the server
 * sends the column), then the event type last, as it may hold a comma. The hashes are text columns
 * anyone with write access could fill with commas, so they come apart, with the stream id, data
 * and metadata.
 */
const LEAN_COLUMNS = `concat_ws(',', global_position, transaction_id, stream_revision, schema_version, event_id,
    recorded_at, event_type), stream_id, data, metadata, prev_hash, hash`;

/** A row of LEAN_COLUMNS in array mode, as LEAN_TYPES parses it. */
type LeanRow = [scalars: string, streamId: string, data: unknown, metadata: EventMetadata, prevHash: string | null, hash: string | null];

const parseJson = (text: string): unknown => JSON.parse(text);
/** data and metadata parsed as pg would parse them; the texts kept as received. */
const LEAN_TYPES = {
  getTypeParser: (oid: number) => (oid === JSON_OID || oid === JSONB_OID ? parseJson : asText),
} as CustomTypesConfig;

/**
 * `toRecordedEvent` of a LEAN_COLUMNS row (same event, same key order). A fresh one per page: it
 * parses each distinct `recorded_at` text once (the events of one append share it).
 */
function leanDecoder(): (row: LeanRow) => RecordedEvent {
  let lastText: string | null = null;
  let lastIso = '';
  return (row) => {
    const scalars = row[0];
    // The commas after: position, commit, revision, schema version, event id, recorded_at.
    const c1 = scalars.indexOf(',');
    const c2 = scalars.indexOf(',', c1 + 1);
    const c3 = scalars.indexOf(',', c2 + 1);
    const c4 = scalars.indexOf(',', c3 + 1);
    const c5 = scalars.indexOf(',', c4 + 1);
    const c6 = scalars.indexOf(',', c5 + 1);
    const recordedAt = scalars.slice(c5 + 1, c6);
    if (recordedAt !== lastText) {
      lastIso = parseTimestamp(recordedAt).toISOString();
      lastText = recordedAt;
    }
    const eventId = scalars.slice(c4 + 1, c5);
    const type = scalars.slice(c6 + 1);
    const schemaVersion = Number(scalars.slice(c3 + 1, c4));
    const metadata = row[3];
    metadata.eventId = eventId;
    metadata.type = type;
    metadata.schemaVersion = schemaVersion;
    metadata.recordedAt = lastIso;
    const event: RecordedEvent = {
      streamId: row[1],
      revision: Number(scalars.slice(c2 + 1, c3)),
      position: { commit: BigInt(scalars.slice(c1 + 1, c2)), prepare: BigInt(scalars.slice(0, c1)) },
      eventId,
      type,
      schemaVersion,
      data: row[2],
      metadata,
    };
    if (row[5] !== null) event.hash = row[5];
    if (row[4] !== null) event.prevHash = row[4];
    return upcastEvent(event);
  };
}

/** What an event read keeps until its data or metadata is first asked for: the row's texts, then the values. */
interface StoredTexts {
  row: EventRow;
  data?: { value: unknown };
  metadata?: { value: EventMetadata };
}

const STORED = Symbol('stored texts');
type ReadEvent = RecordedEvent & { [STORED]: StoredTexts };

// One getter and setter pair for every event read, so that all of them share one object shape.
function readData(this: ReadEvent): unknown {
  const stored = this[STORED];
  if (stored.data === undefined) {
    stored.data = { value: JSON.parse(stored.row.data) as unknown };
    stored.row.data = ''; // parsed: the text is not kept beside its value
  }
  return stored.data.value;
}
function writeData(this: ReadEvent, value: unknown): void {
  this[STORED].data = { value };
}
function readMetadata(this: ReadEvent): EventMetadata {
  const stored = this[STORED];
  if (stored.metadata === undefined) {
    const { row } = stored;
    // Parsed for this event alone: completed in place rather than copied.
    const metadata = JSON.parse(row.metadata) as EventMetadata;
    metadata.eventId = row.event_id;
    metadata.type = row.event_type;
    metadata.schemaVersion = row.schema_version;
    metadata.recordedAt = parseTimestamp(row.recorded_at).toISOString();
    stored.metadata = { value: metadata };
    row.metadata = '';
  }
  return stored.metadata.value;
}
function writeMetadata(this: ReadEvent, value: EventMetadata): void {
  this[STORED].metadata = { value };
}
const DATA_PROPERTY: PropertyDescriptor = { get: readData, set: writeData, enumerable: true, configurable: true };
const METADATA_PROPERTY: PropertyDescriptor = { get: readMetadata, set: writeMetadata, enumerable: true, configurable: true };
const STORED_PROPERTY = { enumerable: false, configurable: false, writable: false };

/**
 * An event as read. Called for every event read (a subscriber or a rebuild reads millions), and a
 * reader often wants only some of them — a subscriber skips the types it does not handle, a
 * catch-up counts ids —, so `data` and `metadata` are parsed from the stored JSON when first read,
 * then kept: enumerable properties like any other (spread, JSON.stringify and equality see the
 * values), defined after the plain fields and with shared accessors so that every event read has
 * one shape. Stored JSON is valid (the json type checks it on write): reading cannot fail later.
 */
function toRecordedEvent(row: EventRow): RecordedEvent {
  const event = {
    streamId: row.stream_id,
    revision: Number(row.stream_revision),
    position: { commit: BigInt(row.commit_position), prepare: BigInt(row.global_position) },
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
  } as RecordedEvent;
  Object.defineProperty(event, STORED, { ...STORED_PROPERTY, value: { row } satisfies StoredTexts });
  Object.defineProperty(event, 'data', DATA_PROPERTY);
  Object.defineProperty(event, 'metadata', METADATA_PROPERTY);
  if (row.hash !== null) event.hash = row.hash;
  if (row.prev_hash !== null) event.prevHash = row.prev_hash;
  return upcastEvent(event);
}
