import { EventStore, GlobalPosition } from '@chengguo/eventstore';
import { DataSource } from 'typeorm';
import { AppMetrics } from './metrics';

/** Counting stops here: a lag this long is an alarm whatever its exact size, and counting costs reads. */
export const LAG_COUNT_CAP = 1000;

/**
 * How far each subscriber of $all (every projector, the Temporal dispatcher, the checkpoint
 * recorder) is behind, computed at scrape time from its durable checkpoint: the events not yet
 * handled (up to LAG_COUNT_CAP) and the age of the oldest of them (0 when caught up).
 */
export function registerSubscriptionLag(metrics: AppMetrics, store: EventStore, dataSource: DataSource): void {
  let pending: Promise<Map<string, { events: number; seconds: number }>> | null = null;
  // Both gauges are collected in one scrape: measure once, share the result.
  const measure = () => (pending ??= lagBySubscriber(store, dataSource).finally(() => setTimeout(() => (pending = null), 0)));
  metrics.scrapedGauge(
    'chengguo_subscriber_lag_events',
    `Events of $all a subscriber has not handled yet (capped at ${LAG_COUNT_CAP})`,
    ['subscriber'],
    async (gauge) => {
      gauge.reset();
      for (const [subscriber, lag] of await measure().catch(() => new Map())) gauge.set({ subscriber }, lag.events);
    },
  );
  metrics.scrapedGauge(
    'chengguo_subscriber_lag_seconds',
    'Age of the oldest event a subscriber has not handled yet (0 when caught up)',
    ['subscriber'],
    async (gauge) => {
      gauge.reset();
      for (const [subscriber, lag] of await measure().catch(() => new Map())) gauge.set({ subscriber }, lag.seconds);
    },
  );
}

export async function lagBySubscriber(
  store: EventStore,
  dataSource: DataSource,
): Promise<Map<string, { events: number; seconds: number }>> {
  const rows: Array<{ subscriber: string; commit_position: string; prepare_position: string }> = await dataSource.query(
    'SELECT subscriber, commit_position, prepare_position FROM read_models.subscription_checkpoints ORDER BY subscriber',
  );
  const result = new Map<string, { events: number; seconds: number }>();
  for (const row of rows) {
    const commit = BigInt(row.commit_position);
    const after: GlobalPosition | undefined = commit < 0n ? undefined : { commit, prepare: BigInt(row.prepare_position) };
    const behind = await store.readAll({ ...(after ? { after } : {}), maxCount: LAG_COUNT_CAP });
    const oldest = behind[0] ? Date.parse(behind[0].metadata.recordedAt) : Date.now();
    result.set(row.subscriber, { events: behind.length, seconds: Math.max(0, (Date.now() - oldest) / 1000) });
  }
  return result;
}
