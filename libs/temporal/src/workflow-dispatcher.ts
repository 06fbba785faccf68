import { EventStore, RecordedEvent } from '@chengguo/eventstore';
import { advanceCheckpoint, ResumableSubscription } from '@chengguo/read-models';
import { Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Reaction } from './reaction';
import { achievementIdOfEvent, withWorkflowStartContext } from './search-attributes';

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
  private readonly subscription: ResumableSubscription;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    reactions: Reaction[],
    private readonly subscriber = DISPATCHER_SUBSCRIBER,
    private readonly maxBackoffMs = 10_000,
    /** Stream prefixes whose streams are named by the achievement id (for the search attribute). */
    private readonly streamsNamedByAchievement: readonly string[] = [],
  ) {
    for (const reaction of reactions) {
      for (const type of reaction.eventTypes) this.byType.set(type, [...(this.byType.get(type) ?? []), reaction]);
    }
    this.subscription = new ResumableSubscription(store, dataSource, subscriber, (event) => this.dispatch(event), WorkflowDispatcher.name);
  }

  start(): Promise<void> {
    return this.subscription.start();
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }

  private async dispatch(event: RecordedEvent): Promise<void> {
    const reactions = this.byType.get(event.type) ?? [];
    if (reactions.length > 0) {
      let backoff = 200;
      for (;;) {
        try {
          // Any workflow a reaction starts is labelled with this event's achievement (search attributes).
          let achievementId: Promise<string | null> | undefined;
          const context = {
            achievementId: () => (achievementId ??= achievementIdOfEvent(event, this.store, this.streamsNamedByAchievement)),
          };
          for (const reaction of reactions) await withWorkflowStartContext(context, () => reaction.react(event, this.temporal));
          break;
        } catch (error) {
          if (!this.subscription.isRunning) throw error;
          this.logger.warn(`reaction to ${event.type} ${event.eventId} failed, retrying in ${backoff}ms: ${String(error)}`);
          await new Promise((r) => setTimeout(r, backoff));
          backoff = Math.min(backoff * 2, this.maxBackoffMs);
        }
      }
    }
    await this.dataSource.transaction((manager) => advanceCheckpoint(manager, this.subscriber, event.position));
  }
}
