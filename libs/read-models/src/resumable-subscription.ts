import { EventHandler, EventStore, RecordedEvent, Subscription } from '@chengguo/eventstore';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadCheckpoint } from './checkpoints';

/**
 * A catch-up subscription to $all from a subscriber's durable checkpoint that resumes by itself:
 * when the handler or the connection fails it stops, waits a second, reloads the checkpoint and
 * subscribes again. The handler owns moving the checkpoint (in its own transaction).
 */
export class ResumableSubscription {
  private readonly logger: Logger;
  private subscription: Subscription | null = null;
  private running = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly subscriber: string,
    private readonly handler: EventHandler,
    loggerContext: string,
    private readonly pageHandler?: (events: RecordedEvent[]) => Promise<void>,
  ) {
    this.logger = new Logger(loggerContext);
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    this.running = true;
    await this.subscribe();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = null;
  }

  private async subscribe(): Promise<void> {
    try {
      const after = await loadCheckpoint(this.dataSource.manager, this.subscriber);
      this.subscription = this.store.subscribeToAll({
        after,
        handler: this.handler,
        pageHandler: this.pageHandler,
        onError: (error) => this.retryLater(error),
      });
    } catch (error) {
      this.retryLater(error);
    }
  }

  private retryLater(error: unknown): void {
    if (!this.running) return;
    this.logger.warn(`${this.subscriber} stopped, resuming from its checkpoint in 1s: ${String(error)}`);
    this.subscription = null;
    this.retryTimer = setTimeout(() => void this.subscribe(), 1_000);
  }
}
