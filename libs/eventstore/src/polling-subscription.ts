import { GlobalPosition, RecordedEvent, START_OF_ALL, SubscribeToAllOptions, Subscription } from './event-store.port';

type ReadPage = (after: GlobalPosition, maxCount: number) => Promise<RecordedEvent[]>;
type Listen = (wake: () => void) => Promise<() => Promise<void>>;

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
