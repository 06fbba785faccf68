import { EventStore, RecordedEvent, Subscription } from '@chengguo/eventstore';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { advanceCheckpoint, loadCheckpoint, resetCheckpoint } from './checkpoints';
import { Projection } from './projection';

export const PROJECTOR_SUBSCRIBER = 'projector:read-models';

/**
 * Applies events to the read models. Each event's rows and the checkpoint move in one
 * transaction, so a crash at any instant neither skips an event nor applies one twice. On an
 * error it stops, waits, and resumes from the durable checkpoint.
 */
export class Projector {
  private readonly logger = new Logger(Projector.name);
  private subscription: Subscription | null = null;
  private running = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly byType = new Map<string, Projection[]>();
  private lastApplied = 0;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projections: Projection[],
    private readonly subscriber = PROJECTOR_SUBSCRIBER,
  ) {
    for (const projection of projections) {
      for (const type of projection.eventTypes) {
        this.byType.set(type, [...(this.byType.get(type) ?? []), projection]);
      }
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

  /** Empties every read model and replays $all from the start. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.dataSource.transaction(async (manager) => {
      for (const projection of this.projections) await projection.reset(manager);
      await resetCheckpoint(manager, this.subscriber);
    });
    await this.start();
  }

  /** Events applied since start, for health and tests. */
  get appliedCount(): number {
    return this.lastApplied;
  }

  private async subscribe(): Promise<void> {
    try {
      const after = await loadCheckpoint(this.dataSource.manager, this.subscriber);
      this.subscription = this.store.subscribeToAll({
        after,
        handler: (event) => this.apply(event),
        onError: (error) => this.retryLater(error),
      });
    } catch (error) {
      this.retryLater(error);
    }
  }

  private async apply(event: RecordedEvent): Promise<void> {
    const projections = this.byType.get(event.type) ?? [];
    await this.dataSource.transaction(async (manager) => {
      if (!(await advanceCheckpoint(manager, this.subscriber, event.position))) return;
      for (const projection of projections) await projection.apply(event, manager);
    });
    this.lastApplied++;
  }

  private retryLater(error: unknown): void {
    if (!this.running) return;
    this.logger.warn(`projector stopped, resuming from checkpoint in 1s: ${String(error)}`);
    this.subscription = null;
    this.retryTimer = setTimeout(() => void this.subscribe(), 1_000);
  }
}
