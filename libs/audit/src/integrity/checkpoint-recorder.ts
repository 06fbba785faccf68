import { EventStore, GlobalPosition, Subscription } from '@chengguo/eventstore';
import { Logger } from '@nestjs/common';
import { AuditCheckpointRecorded, CHECKPOINT_STREAM } from '../domain/audit.events';
import { parsePosition, recordCheckpoint } from './checkpoints';

/**
 * Records a global checkpoint after every `everyEvents` events, or at the first event once
 * `intervalMs` has passed since the last checkpoint. Driven by the $all subscription, not a timer:
 * a quiet store gets its tail checkpointed with the next event (ADR 7).
 */
export class CheckpointRecorder {
  private readonly logger = new Logger(CheckpointRecorder.name);
  private subscription: Subscription | null = null;
  private pending = 0;
  private lastAt = Date.now();
  private running = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly options: { everyEvents: number; intervalMs: number },
  ) {}

  async start(): Promise<void> {
    if (this.options.everyEvents <= 0) return;
    this.running = true;
    await this.subscribe();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retry) clearTimeout(this.retry);
    await this.subscription?.stop();
    this.subscription = null;
  }

  private async subscribe(): Promise<void> {
    try {
      const [last] = await this.store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
      const after: GlobalPosition | undefined = last ? parsePosition((last.data as AuditCheckpointRecorded).throughPosition) : undefined;
      this.subscription = this.store.subscribeToAll({
        after,
        handler: async (event) => {
          if (event.streamId === CHECKPOINT_STREAM) return;
          this.pending += 1;
          if (this.pending >= this.options.everyEvents || Date.now() - this.lastAt >= this.options.intervalMs) {
            await recordCheckpoint(this.store);
            this.pending = 0;
            this.lastAt = Date.now();
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
