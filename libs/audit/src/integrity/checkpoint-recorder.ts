import { EventStore, GlobalPosition, Subscription } from '@chengguo/eventstore';
import { Logger } from '@nestjs/common';
import { AuditCheckpointRecorded, isIntegrityStream } from '../domain/audit.events';
import { anchorPendingCheckpoints } from './anchoring';
import { latestCheckpoint, parsePosition, recordCheckpoint } from './checkpoints';

export interface CheckpointRecorderOptions {
  /** A checkpoint after this many events (0 turns the recorder off). */
  everyEvents: number;
  /** …and one at least this often while events are waiting: the bound on the unanchored tail's age. */
  intervalMs: number;
  /** RFC 3161 time-stamping authority; absent: checkpoints are not anchored. */
  tsaUrl?: string;
  tsaTimeoutMs?: number;
  /** How often the timer looks (default min(intervalMs, 30 s)); also the anchoring retry period. */
  tickMs?: number;
}

/**
 * Records a global checkpoint after every `everyEvents` events (following $all) and, on a timer,
 * whenever events have waited `intervalMs` since the last one — so a quiet store's tail is
 * covered within the interval instead of at the next event. Then it anchors every checkpoint
 * still without a timestamp token; an authority that is down costs a warning and a retry on the
 * next tick, never an append (appends do not wait for the recorder at all).
 *
 * A timer in the recorder rather than a Temporal Schedule (ADR 7): the recorder already owns the
 * count, the last checkpoint and the retry, concurrent recorders meet on the checkpoint stream's
 * expected revision, and the integrity record should not stop when Temporal does.
 */
export class CheckpointRecorder {
  private readonly logger = new Logger(CheckpointRecorder.name);
  private subscription: Subscription | null = null;
  private pending = 0;
  private lastAt = Date.now();
  private running = false;
  private retry: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  /** Checkpointing and anchoring run one at a time (count, timer and retries all queue here). */
  private queue: Promise<unknown> = Promise.resolve();
  private tsaDown = false;

  constructor(
    private readonly store: EventStore,
    private readonly options: CheckpointRecorderOptions,
  ) {}

  async start(): Promise<void> {
    if (this.options.everyEvents <= 0) return;
    this.running = true;
    await this.subscribe();
    this.scheduleTick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retry) clearTimeout(this.retry);
    if (this.ticker) clearTimeout(this.ticker);
    await this.subscription?.stop();
    this.subscription = null;
    await this.queue.catch(() => undefined);
  }

  /** Runs one timer tick now (tests, and the CLI's `checkpoint`). */
  tick(): Promise<void> {
    return this.serialized(async () => {
      if (Date.now() - this.lastAt >= this.options.intervalMs) await this.checkpoint();
      await this.anchor();
    });
  }

  private scheduleTick(): void {
    if (!this.running) return;
    const every = this.options.tickMs ?? Math.min(this.options.intervalMs, 30_000);
    this.ticker = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.logger.warn(`timed checkpoint failed (${String(error)}); retrying in ${every} ms`))
        .finally(() => this.scheduleTick());
    }, every);
  }

  private serialized(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async checkpoint(): Promise<AuditCheckpointRecorded | null> {
    const checkpoint = await recordCheckpoint(this.store);
    this.pending = 0;
    this.lastAt = Date.now();
    return checkpoint;
  }

  private async anchor(): Promise<void> {
    if (!this.options.tsaUrl) return;
    try {
      await anchorPendingCheckpoints(this.store, this.options.tsaUrl, { timeoutMs: this.options.tsaTimeoutMs });
      if (this.tsaDown) this.logger.log(`time-stamping authority ${this.options.tsaUrl} answers again; checkpoints anchored`);
      this.tsaDown = false;
    } catch (error) {
      if (!this.tsaDown) {
        this.logger.warn(
          `time-stamping authority ${this.options.tsaUrl} failed (${String(error)}); checkpoints stay unanchored until it answers`,
        );
      }
      this.tsaDown = true;
    }
  }

  private async subscribe(): Promise<void> {
    try {
      const last = await latestCheckpoint(this.store);
      const after: GlobalPosition | undefined = last ? parsePosition(last.data.throughPosition) : undefined;
      // The interval runs from the last checkpoint recorded, by anyone, also before a restart;
      // on a store without one, from now.
      this.lastAt = last ? Date.parse(last.metadata.recordedAt) : Date.now();
      this.subscription = this.store.subscribeToAll({
        after,
        handler: async (event) => {
          if (isIntegrityStream(event.streamId)) return;
          this.pending += 1;
          if (this.pending >= this.options.everyEvents) {
            await this.serialized(async () => {
              if (this.pending >= this.options.everyEvents) await this.checkpoint();
            });
            // Anchoring waits on an outside server: never hold the subscription for it.
            void this.serialized(() => this.anchor());
          }
        },
        onError: (error) => {
          this.logger.warn(`checkpoint subscription stopped (${String(error)}); retrying in 2s`);
          this.retryLater();
        },
      });
    } catch (error) {
      this.logger.warn(`checkpoint recorder could not start (${String(error)}); retrying in 2s`);
      this.retryLater();
    }
  }

  private retryLater(): void {
    if (!this.running) return;
    this.retry = setTimeout(() => void this.subscribe(), 2_000);
  }
}
