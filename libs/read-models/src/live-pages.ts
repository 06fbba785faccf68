import { GlobalPosition, RecordedEvent } from '@chengguo/eventstore';
import { DataSource } from 'typeorm';
import { isAfter, lockCheckpoints } from './checkpoints';
import { applyPage } from './page-unit-of-work';
import { Projection } from './projection';
import { moveAndAnnounceCheckpoints } from './projection-progress';

interface LivePage {
  subscriber: string;
  projection: Projection;
  /** The page's events this projection reads; none: only its checkpoint moves. */
  events: RecordedEvent[];
  /** The page's last event, where the checkpoint moves. */
  last: GlobalPosition;
  resolve: (applied: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit of the projector's live pages (ADR 26). The projections' subscriptions read the
 * same page at the same time once caught up; each hands its share here, and the pages handed in
 * together are committed together: one transaction holding the rows of every projection with
 * events in them and every checkpoint move (each announced), or one statement when none has
 * events. Pages handed in while a transaction runs go together in the next, so at most one is in
 * flight. Each projection still moves only its own checkpoint, skips events at or before it (a
 * page redelivered after a crash) and never moves it back. If the shared transaction fails, each
 * page is committed again on its own, so one projection's failure stops only that projection.
 */
export class LivePages {
  private waiting: LivePage[] = [];
  private draining = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Resolves with the number of events applied once the page's rows and checkpoint are committed. */
  commit(subscriber: string, projection: Projection, events: RecordedEvent[], last: GlobalPosition): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ subscriber, projection, events, last, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      // The other subscriptions' shares of the same page arrive in this same turn of the event loop.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        await this.commitTogether(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitTogether(batch: LivePage[]): Promise<void> {
    const applying = batch.filter((page) => page.events.length > 0);
    const applied = new Map<LivePage, number>();
    try {
      if (applying.length === 0) await moveAndAnnounceCheckpoints(this.dataSource.manager, moves(batch));
      else
        await this.dataSource.transaction(async (manager) => {
          const checkpoints = await lockCheckpoints(
            manager,
            applying.map((page) => page.subscriber),
          );
          for (const page of applying) {
            // Events at or before the checkpoint were redelivered after a crash: already applied.
            const fresh = page.events.filter((event) => isAfter(event.position, checkpoints.get(page.subscriber)!));
            await applyPage(page.projection, fresh, manager);
            applied.set(page, fresh.length);
          }
          await moveAndAnnounceCheckpoints(manager, moves(batch));
        });
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const page of batch) await this.commitTogether([page]);
      return;
    }
    for (const page of batch) page.resolve(applied.get(page) ?? 0);
  }
}

function moves(batch: LivePage[]): Array<{ subscriber: string; position: GlobalPosition }> {
  return batch.map((page) => ({ subscriber: page.subscriber, position: page.last }));
}
