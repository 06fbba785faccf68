import { GlobalPosition, RecordedEvent, START_OF_ALL, SubscribeToAllOptions, Subscription } from './event-store.port';

type ReadPage = (after: GlobalPosition, maxCount: number) => Promise<RecordedEvent[]>;
type Listen = (wake: () => void) => Promise<() => Promise<void>>;
/** Opens a notification connection: `wake` on every notification, `lost` once it fails; returns a closer. */
type Connect = (wake: () => void, lost: () => void) => Promise<() => Promise<void>>;

const PAGE_SIZE = 1_000;
/**
 * Re-reads after a wake-up that found nothing: the notified events are committed but held back
 * by an older transaction still running (any transaction of the cluster below pg_snapshot_xmin,
 * e.g. a projector's page or a report), and its end notifies nobody. The delay doubles from a few
 * milliseconds until it would reach the poll interval, so a held-back event is read at most about
 * twice as late as the transaction that held it back ends, however long that one runs.
 */
const FIRST_HELD_BACK_RETRY_MS = 2;

/**
 * Catch-up then live subscription over a paged reader of $all. Catch-up reads pages until one
 * comes back short, reading one page ahead while the handler works on the current one; live mode
 * sleeps until woken (LISTEN/NOTIFY) or the poll interval passes, because an event can become
 * readable without a notification of its own (an older in-flight transaction finishing releases
 * newer ones held back by pg_snapshot_xmin).
 */
export class PollingSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly options: SubscribeToAllOptions,
    private readonly readPage: ReadPage,
    private readonly listen: Listen,
    private readonly pollMs: number,
  ) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.done;
  }

  private wake = (): void => {
    this.woken = true;
    const resolve = this.wakeUp;
    this.wakeUp = null;
    resolve?.();
  };

  private async run(): Promise<void> {
    let position = this.options.after ?? START_OF_ALL;
    let unlisten: (() => Promise<void>) | null = null;
    let pending: Promise<RecordedEvent[]> | null = null;
    // A wake-up only counts if it arrives after the read it would have to repeat was issued.
    const read = (after: GlobalPosition): Promise<RecordedEvent[]> => {
      this.woken = false;
      const page = this.readPage(after, PAGE_SIZE);
      page.catch(() => undefined); // awaited below; a read-ahead abandoned by stop() or an error must not go unhandled
      return page;
    };
    // The next re-read's delay after a wake-up that read nothing; null when not retrying.
    let heldBackDelay: number | null = null;
    let wokenBeforeRead = false;
    try {
      unlisten = await this.listen(this.wake).catch(() => null); // polling alone still works
      while (!this.stopped) {
        wokenBeforeRead = this.woken;
        const page: RecordedEvent[] = await (pending ?? read(position));
        // Catching up (a full page): read the next page while this one is handled, so reading and
        // applying overlap. Pages are still handled one at a time, in order.
        pending = page.length === PAGE_SIZE && !this.stopped ? read(page[page.length - 1].position) : null;
        if (this.options.pageHandler && page.length > 0) {
          if (this.stopped) return;
          await this.options.pageHandler(page);
          position = page[page.length - 1].position;
        } else {
          for (const event of page) {
            if (this.stopped) return;
            await this.options.handler(event);
            position = event.position;
          }
        }
        if (page.length < PAGE_SIZE && !this.stopped) {
          this.options.onCaughtUp?.();
          // A read that answered a notification and found nothing starts the retries; one that found events ends them.
          if (page.length > 0) heldBackDelay = null;
          else if (wokenBeforeRead) heldBackDelay = FIRST_HELD_BACK_RETRY_MS;
          if (!this.woken) {
            if (page.length === 0 && heldBackDelay !== null && heldBackDelay < this.pollMs) {
              await this.sleep(heldBackDelay);
              heldBackDelay *= 2;
            } else await this.sleep();
          }
        }
      }
    } catch (error) {
      if (!this.stopped) this.options.onError?.(error);
    } finally {
      await pending?.catch(() => undefined); // no read of ours is still running once `done` resolves
      await unlisten?.();
    }
  }

  private sleep(ms = this.pollMs): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * What the live subscriptions of one store share: one notification connection, and one read for
 * subscriptions asking for the same page at the same time. A projector runs one subscription per
 * projection, all at the same position once caught up: a wake-up used to cost one notification
 * and one read of the same page per projection, each parsed on its own.
 *
 * A read is shared only with a request made before any further notification arrived: a
 * subscription woken by a notification never gets a page read before that notification.
 */
export class SharedSubscriptionFeed {
  /** Bumped (before anyone is woken) by every notification and by a lost connection. */
  private generation = 0;
  private readonly wakes = new Set<() => void>();
  private connection: Promise<(() => Promise<void>) | null> | null = null;
  private readonly reads = new Map<string, { generation: number; page: Promise<RecordedEvent[]> }>();

  constructor(
    private readonly readPage: ReadPage,
    private readonly connect: Connect,
  ) {}

  readonly read: ReadPage = (after, maxCount) => {
    const key = `${after.commit}/${after.prepare}/${maxCount}`;
    const shared = this.reads.get(key);
    if (shared && shared.generation === this.generation) return shared.page;
    const entry = { generation: this.generation, page: this.readPage(after, maxCount) };
    this.reads.set(key, entry);
    const settled = () => {
      if (this.reads.get(key) === entry) this.reads.delete(key);
    };
    entry.page.then(settled, settled);
    return entry.page;
  };

  readonly listen: Listen = async (wake) => {
    const connection = this.connection ?? this.open();
    // Counted before the wait, so that a subscription stopping meanwhile does not close the connection under it.
    this.wakes.add(wake);
    const close = await connection;
    if (!close) {
      this.wakes.delete(wake);
      throw new Error('no notification connection'); // the subscription polls
    }
    return async () => {
      this.wakes.delete(wake);
      if (this.wakes.size > 0 || this.connection !== connection) return;
      this.connection = null;
      await close();
    };
  };

  private open(): Promise<(() => Promise<void>) | null> {
    const wakeAll = () => {
      this.generation += 1;
      for (const wake of this.wakes) wake();
    };
    const lost = () => {
      wakeAll();
      // Listening subscriptions go on polling; the next one to listen opens a new connection.
      if (this.connection === connection) this.connection = null;
      void connection.then((close) => close?.());
    };
    const connection: Promise<(() => Promise<void>) | null> = this.connect(wakeAll, lost).catch(() => {
      if (this.connection === connection) this.connection = null;
      return null;
    });
    this.connection = connection;
    return connection;
  }
}
