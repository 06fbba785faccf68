import { EventStore, RecordedEvent, Subscription } from '@chengguo/eventstore';
import { advanceCheckpoint, loadCheckpoint } from '@chengguo/read-models';
import { Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Reaction } from './reaction';

export const DISPATCHER_SUBSCRIBER = 'dispatcher:temporal';

/**
 * Hands events to Temporal, driven from the event store rather than from the request that wrote
 * them: if Temporal is down, the dispatcher keeps retrying the same event (its checkpoint does not
 * move) and catches up when Temporal returns. At-least-once; reactions are idempotent. See
 * docs/adr/0003-temporal-driven-from-the-event-stream.md.
 */
export class WorkflowDispatcher {
  private readonly logger = new Logger(WorkflowDispatcher.name);
  private readonly byType = new Map<string, Reaction[]>();
  private subscription: Subscription | null = null;
  private running = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    reactions: Reaction[],
    private readonly subscriber = DISPATCHER_SUBSCRIBER,
    private readonly maxBackoffMs = 10_000,
  ) {
    for (const reaction of reactions) {
      for (const type of reaction.eventTypes) this.byType.set(type, [...(this.byType.get(type) ?? []), reaction]);
    }
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
        handler: (event) => this.dispatch(event),
        onError: (error) => this.retryLater(error),
      });
    } catch (error) {
      this.retryLater(error);
    }
  }

  private async dispatch(event: RecordedEvent): Promise<void> {
    const reactions = this.byType.get(event.type) ?? [];
    if (reactions.length > 0) {
      let backoff = 200;
      for (;;) {
        try {
          for (const reaction of reactions) await reaction.react(event, this.temporal);
          break;
        } catch (error) {
          if (!this.running) throw error;
          this.logger.warn(`reaction to ${event.type} ${event.eventId} failed, retrying in ${backoff}ms: ${String(error)}`);
          await new Promise((r) => setTimeout(r, backoff));
          backoff = Math.min(backoff * 2, this.maxBackoffMs);
        }
      }
    }
    await this.dataSource.transaction((manager) => advanceCheckpoint(manager, this.subscriber, event.position));
  }

  private retryLater(error: unknown): void {
    if (!this.running) return;
    this.logger.warn(`dispatcher stopped, resuming from checkpoint in 1s: ${String(error)}`);
    this.subscription = null;
    this.retryTimer = setTimeout(() => void this.subscribe(), 1_000);
  }
}
