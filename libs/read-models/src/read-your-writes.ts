import { ProblemException } from '@chengguo/common';
import { comparePositions, EVENT_STORE, EventStore, GlobalPosition } from '@chengguo/eventstore';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parseProgressPayload, PROGRESS_CHANNEL } from './projection-progress';

/** The request headers of a read that waits for its caller's writes (ADR 26). */
export const READ_AFTER_HEADER = 'x-chengguo-read-after';
export const WAIT_MS_HEADER = 'x-chengguo-wait-ms';
export const DEFAULT_WAIT_MS = 2_000;
export const MAX_WAIT_MS = 10_000;
/** Writes one read may name (a client sends its latest; a few cover writes that appended nothing). */
export const MAX_READ_AFTER_WRITES = 8;

/** A write as a command answered it: the stream and its revision after the command. */
export interface WriteToken {
  streamId: string;
  revision: number;
}

// A stream id as the processes name them (`disclosure-<uuid>`, `disclosure-policy`, …).
const TOKEN = /^([A-Za-z0-9][A-Za-z0-9_.:-]{0,199})@(\d{1,15})$/;

const invalid = (detail: string) => new ProblemException(422, 'READ_AFTER_INVALID', detail);

/** `X-Chengguo-Read-After: <streamId>@<revision>[, …]`; absent: nothing to wait for. */
export function parseReadAfter(value: string | string[] | undefined): WriteToken[] {
  if (value === undefined) return [];
  const text = Array.isArray(value) ? value.join(',') : value;
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length > MAX_READ_AFTER_WRITES) throw invalid(`${READ_AFTER_HEADER} names at most ${MAX_READ_AFTER_WRITES} writes.`);
  return parts.map((part) => {
    const match = TOKEN.exec(part);
    if (!match)
      throw invalid(`${READ_AFTER_HEADER} lists writes as <streamId>@<revision>, as a command answered them, e.g. "disclosure-…@3".`);
    return { streamId: match[1], revision: Number(match[2]) };
  });
}

/** `X-Chengguo-Wait-Ms`: how long the read may wait, 0–10,000 ms (default 2,000). */
export function parseWaitMs(value: string | string[] | undefined): number {
  if (value === undefined) return DEFAULT_WAIT_MS;
  const text = Array.isArray(value) ? value[0] : value;
  if (!/^\s*\d{1,5}\s*$/.test(text) || Number(text) > MAX_WAIT_MS)
    throw invalid(`${WAIT_MS_HEADER} is a whole number of milliseconds from 0 to ${MAX_WAIT_MS}.`);
  return Number(text);
}

export function readModelBehind(subscribers: readonly string[], waitedMs: number): ProblemException {
  const names = subscribers.map((s) => s.replace(/^projector:/, '')).join(', ');
  return new ProblemException(
    503,
    'READ_MODEL_BEHIND',
    `The read model (${names}) has not caught up with the write named in ${READ_AFTER_HEADER} within ${waitedMs} ms; retry.`,
  );
}

interface Waiter {
  /** Subscribers not yet at the target. */
  behind: Set<string>;
  target: GlobalPosition;
  done: () => void;
}

/**
 * Lets a read wait until the projections behind it have applied a caller's writes (ADR 26). A write
 * is named as the command answered it (stream and revision); its position in $all is read from the
 * store once per read. Then the durable checkpoints are read, and if they are behind, the read
 * waits for the projector's announcements (LISTEN on one connection per process, opened on first
 * use): no polling while the connection is up. A write the store does not hold (a typo, a stream
 * of another store) is nothing to wait for: answering it differently would tell the caller which
 * records exist.
 */
@Injectable()
export class ReadYourWrites implements OnApplicationShutdown {
  private readonly logger = new Logger(ReadYourWrites.name);
  private readonly waiters = new Set<Waiter>();
  private listener: Client | null = null;
  private connecting: Promise<boolean> | null = null;
  private closed = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The latest position among the writes the store holds; null when it holds none of them. */
  async positionOf(writes: readonly WriteToken[]): Promise<GlobalPosition | null> {
    let latest: GlobalPosition | null = null;
    for (const write of writes) {
      const [event] = await this.store.readStream(write.streamId, { fromRevision: write.revision, maxCount: 1 });
      // EventStoreDB before 22.6 reads streams without positions (-1): nothing it could wait for.
      if (!event || event.revision !== write.revision || event.position.commit < 0n) continue;
      if (latest === null || comparePositions(event.position, latest) > 0) latest = event.position;
    }
    return latest;
  }

  /**
   * Resolves true once every subscriber's checkpoint is at or after `target`, false after
   * `timeoutMs` without that.
   */
  async waitFor(subscribers: readonly string[], target: GlobalPosition, timeoutMs: number): Promise<boolean> {
    let resolve!: (reached: boolean) => void;
    const reached = new Promise<boolean>((r) => (resolve = r));
    const waiter: Waiter = { behind: new Set(subscribers), target, done: () => resolve(true) };
    // Registered before the checkpoints are read: an announcement in between is not missed.
    this.waiters.add(waiter);
    let timer: NodeJS.Timeout | undefined;
    let fallback: NodeJS.Timeout | undefined;
    try {
      const listening = await this.ensureListening();
      await this.check(waiter);
      if (waiter.behind.size === 0) return true;
      timer = setTimeout(() => resolve(false), timeoutMs);
      // Without the announcements (the connection failed), the checkpoints are read every 100 ms.
      if (!listening) fallback = setInterval(() => void this.check(waiter).catch(() => undefined), 100);
      return await reached;
    } finally {
      clearTimeout(timer);
      clearInterval(fallback);
      this.waiters.delete(waiter);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  /** Reads the durable checkpoints of the subscribers the waiter still waits for. */
  private async check(waiter: Waiter): Promise<void> {
    if (waiter.behind.size === 0) return;
    const rows: Array<{ subscriber: string; commit_position: string; prepare_position: string }> = await this.dataSource.query(
      'SELECT subscriber, commit_position, prepare_position FROM read_models.subscription_checkpoints WHERE subscriber = ANY ($1::text[])',
      [[...waiter.behind]],
    );
    for (const row of rows) {
      this.heard(waiter, row.subscriber, { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) });
    }
  }

  private heard(waiter: Waiter, subscriber: string, position: GlobalPosition): void {
    if (!waiter.behind.has(subscriber) || comparePositions(position, waiter.target) < 0) return;
    waiter.behind.delete(subscriber);
    if (waiter.behind.size === 0) waiter.done();
  }

  /** True while the LISTEN connection is up; opens it on first use and again after it is lost. */
  private ensureListening(): Promise<boolean> {
    if (this.listener) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    this.connecting ??= this.listen().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async listen(): Promise<boolean> {
    const client = new Client({ connectionString: (this.dataSource.options as { url: string }).url });
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      void client.end().catch(() => undefined);
      if (!this.closed) this.logger.warn(`read-your-writes announcements lost (${String(error ?? 'connection ended')}); reconnecting`);
      // Waiters in progress may have missed announcements: reconnect and read the checkpoints again.
      if (this.waiters.size > 0) void this.ensureListening().then(() => this.recheckAll());
    };
    try {
      client.on('error', lost);
      client.on('end', () => lost());
      client.on('notification', (message) => {
        const progress = parseProgressPayload(message.payload);
        if (progress) for (const waiter of this.waiters) this.heard(waiter, progress.subscriber, progress.position);
      });
      await client.connect();
      await client.query(`LISTEN ${PROGRESS_CHANNEL}`);
      this.listener = client;
      return true;
    } catch (error) {
      this.logger.warn(`cannot listen for read-model progress (${String(error)}); waiting reads poll`);
      await client.end().catch(() => undefined);
      return false;
    }
  }

  private async recheckAll(): Promise<void> {
    for (const waiter of this.waiters) await this.check(waiter).catch(() => undefined);
  }
}
