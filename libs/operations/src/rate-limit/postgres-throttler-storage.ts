import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { DataSource } from 'typeorm';

/**
 * @nestjs/throttler's storage in PostgreSQL, so every API replica counts against the same limit.
 * A fixed window per key: one atomic upsert per request increments the window the database clock
 * is in (replicas' clocks do not matter) and returns the count and the seconds left. Past the
 * limit the caller is blocked until the window ends. Expired windows are deleted by the worker's
 * retention workflow, not by timers in the API.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly dataSource: DataSource) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [row]: Array<{ hits: number; seconds_left: number }> = await this.dataSource.query(
      `WITH window_of_now AS (
         SELECT to_timestamp(floor(extract(epoch FROM clock_timestamp()) * 1000 / $2) * $2 / 1000.0) AS start)
       INSERT INTO api.rate_limit_windows AS w (key, window_start, expires_at, hits)
       SELECT $1, start, start + make_interval(secs => $2 / 1000.0), 1 FROM window_of_now
       ON CONFLICT (key, window_start) DO UPDATE SET hits = w.hits + 1
       RETURNING w.hits, greatest(1, ceil(extract(epoch FROM (w.expires_at - clock_timestamp()))))::int AS seconds_left`,
      [key, ttl],
    );
    const isBlocked = row.hits > limit;
    return { totalHits: row.hits, timeToExpire: row.seconds_left, isBlocked, timeToBlockExpire: isBlocked ? row.seconds_left : 0 };
  }
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
