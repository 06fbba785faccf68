import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { DataSource } from 'typeorm';

/** How long a replica trusts its view of a caller's shared count before asking PostgreSQL again. */
export const RATE_LIMIT_SYNC_INTERVAL_MS = 100;

/** One caller's window as this replica sees it. */
interface Tally {
  ttl: number;
  /** The shared count (all replicas) as PostgreSQL last answered, this replica's sent hits included. */
  shared: number;
  /** Hits this replica admitted since, not yet added in PostgreSQL. */
  pending: number;
  /** Hits this replica counted for the key (a ticket per request), and how many of them were added. */
  hits: number;
  sentThrough: number;
  /** Local clock: when the window ends, when PostgreSQL last answered. */
  endsAt: number;
  syncedAt: number;
  syncing: Promise<unknown> | null;
}

interface WindowRow {
  key: string;
  hits: number;
  ms_left: number;
}

/**
 * @nestjs/throttler's storage in PostgreSQL, so every API replica counts against the same limit: a
 * fixed window per key, in the window the database clock is in (replicas' clocks do not matter).
 * Past the limit the caller is blocked until the window ends. Expired windows are deleted by the
 * worker's retention workflow, not by timers in the API.
 *
 * Counting every request with its own upsert made one caller's requests queue on one row (each
 * holding its lock until its commit was flushed): a busy caller cost a serialised commit per
 * request. So a replica counts locally and adds its hits in PostgreSQL in batches (ADR 28):
 * - it decides locally only from a view of the shared count at most RATE_LIMIT_SYNC_INTERVAL_MS old
 *   and only while that view plus its own hits is at most half the limit; otherwise the request
 *   waits for an upsert that adds everything this replica admitted and answers the shared count
 *   (concurrent requests of the same caller share that one round trip);
 * - hits decided locally are added in PostgreSQL within the interval (one statement for all keys).
 * Every hit is counted exactly in PostgreSQL; only the moment of blocking can be late, and only by
 * what other replicas admitted but had not yet added: at most one interval's hits of that caller per
 * other replica, and never more than half the limit each. With one replica the limit is exact. Hits
 * not yet added when a replica dies (at most one interval's) are lost, which only favours the caller.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly tallies = new Map<string, Tally>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly syncIntervalMs = RATE_LIMIT_SYNC_INTERVAL_MS,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    let tally = this.tallies.get(key);
    if (!tally) {
      if (this.tallies.size >= 50_000) this.forgetEnded(Date.now());
      tally = { ttl, shared: 0, pending: 0, hits: 0, sentThrough: 0, endsAt: 0, syncedAt: -Infinity, syncing: null };
      this.tallies.set(key, tally);
    }
    if (Date.now() >= tally.endsAt) {
      // A new window (PostgreSQL's clock decides which): what this replica still holds of the old
      // one is added to the new one, which can only count more, never less.
      tally.shared = 0;
      tally.syncedAt = -Infinity;
    }
    tally.ttl = ttl;
    const ticket = ++tally.hits;
    tally.pending++;
    for (;;) {
      const fresh = Date.now() - tally.syncedAt < this.syncIntervalMs;
      if (fresh && tally.shared + tally.pending <= limit / 2) {
        this.scheduleFlush();
        break;
      }
      // This hit went with the upsert that just answered: the shared count includes it.
      if (fresh && tally.sentThrough >= ticket) break;
      if (tally.syncing) {
        // Requests of the same caller share the upsert in flight, then look again.
        await tally.syncing;
        continue;
      }
      const syncing = this.sync([key]);
      // Waiters only need to know it ended; this request alone answers for its failure.
      tally.syncing = syncing.then(
        () => (tally!.syncing = null),
        () => (tally!.syncing = null),
      );
      await syncing; // a failure fails this request, as a failed upsert always did
    }
    const totalHits = tally.shared + tally.pending;
    const secondsLeft = Math.max(1, Math.ceil((tally.endsAt - Date.now()) / 1000));
    const isBlocked = totalHits > limit;
    return { totalHits, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 };
  }

  /** Adds the keys' pending hits in one statement (per window length) and takes the shared counts it answers. */
  private async sync(keys: string[]): Promise<void> {
    const sent = [...keys]
      .sort()
      .map((key) => ({ key, tally: this.tallies.get(key)! }))
      .filter(({ tally }) => tally && tally.pending > 0)
      .map((entry) => ({ ...entry, hits: entry.tally.pending, through: entry.tally.hits }));
    for (const { tally } of sent) tally.pending = 0;
    const byTtl = new Map<number, typeof sent>();
    for (const entry of sent) byTtl.set(entry.tally.ttl, [...(byTtl.get(entry.tally.ttl) ?? []), entry]);
    const unsent = new Set(sent);
    try {
      for (const [ttl, entries] of byTtl) {
        const rows = await addHits(
          this.dataSource,
          ttl,
          entries.map((e) => e.key),
          entries.map((e) => e.hits),
        );
        const answeredAt = Date.now();
        for (const entry of entries) {
          unsent.delete(entry);
          const row = rows.find((r) => r.key === entry.key);
          if (!row) continue;
          entry.tally.shared = row.hits;
          entry.tally.endsAt = answeredAt + row.ms_left;
          entry.tally.syncedAt = answeredAt;
          entry.tally.sentThrough = Math.max(entry.tally.sentThrough, entry.through);
        }
      }
    } catch (error) {
      // Not added: the hits stay pending (counted locally) and go with the next attempt.
      for (const { tally, hits } of unsent) tally.pending += hits;
      throw error;
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const keys = [...this.tallies].filter(([, t]) => t.pending > 0 && !t.syncing).map(([key]) => key);
      void this.sync(keys).catch(() => this.scheduleFlush());
    }, this.syncIntervalMs);
    this.flushTimer.unref();
  }

  private forgetEnded(now: number): void {
    for (const [key, tally] of this.tallies) if (now >= tally.endsAt && tally.pending === 0 && !tally.syncing) this.tallies.delete(key);
  }
}

/**
 * Adds hits to each key's window of now (one atomic upsert per key, keys in a fixed order so two
 * replicas never wait on each other in opposite orders); answers each key's shared count and the
 * milliseconds its window has left.
 */
async function addHits(dataSource: DataSource, ttl: number, keys: string[], hits: number[]): Promise<WindowRow[]> {
  return dataSource.query(
    `WITH window_of_now AS (
       SELECT to_timestamp(floor(extract(epoch FROM clock_timestamp()) * 1000 / $1) * $1 / 1000.0) AS start)
     INSERT INTO api.rate_limit_windows AS w (key, window_start, expires_at, hits)
     SELECT k.key, start, start + make_interval(secs => $1 / 1000.0), k.hits
       FROM window_of_now, unnest($2::text[], $3::int[]) WITH ORDINALITY AS k(key, hits, n) ORDER BY k.n
     ON CONFLICT (key, window_start) DO UPDATE SET hits = w.hits + EXCLUDED.hits
     RETURNING w.key, w.hits, greatest(1, ceil(extract(epoch FROM (w.expires_at - clock_timestamp())) * 1000))::int AS ms_left`,
    [ttl, keys, hits],
  );
}

/** Deletes up to `batchSize` windows that ended; says how many. */
export async function deleteExpiredRateLimitWindows(dataSource: DataSource, batchSize: number): Promise<number> {
  const [{ n }]: Array<{ n: number }> = await dataSource.query(
    `WITH gone AS (
       DELETE FROM api.rate_limit_windows
        WHERE (key, window_start) IN (
          SELECT key, window_start FROM api.rate_limit_windows WHERE expires_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [batchSize],
  );
  return n;
}
