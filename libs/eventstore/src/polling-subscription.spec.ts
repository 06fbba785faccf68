import { GlobalPosition, RecordedEvent } from './event-store.port';
import { PollingSubscription, SharedSubscriptionFeed } from './polling-subscription';

const at = (n: number): GlobalPosition => ({ commit: BigInt(n), prepare: BigInt(n) });
const recorded = (n: number): RecordedEvent =>
  ({
    streamId: 's',
    revision: n - 1,
    position: at(n),
    eventId: `e${n}`,
    type: 'Counted',
    data: {},
    metadata: {},
  }) as unknown as RecordedEvent;
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** $all as a list the spec appends to; every read is counted and can be held until released. */
function fakeStore() {
  const events: RecordedEvent[] = [];
  const reads: Array<{ after: GlobalPosition; release: () => void }> = [];
  let holdReads = false;
  let notify: () => void = () => undefined;
  let connections = 0;
  const feed = new SharedSubscriptionFeed(
    (after, maxCount) =>
      new Promise<RecordedEvent[]>((resolve) => {
        // The page as it stands when the read is issued, as a query's snapshot.
        const page = events.filter((e) => e.position.commit > after.commit).slice(0, maxCount);
        const release = () => resolve(page);
        reads.push({ after, release });
        if (!holdReads) release();
      }),
    async (wake) => {
      connections += 1;
      notify = wake;
      return async () => undefined;
    },
  );
  return {
    feed,
    reads,
    append(n: number) {
      events.push(recorded(n));
      notify();
    },
    hold(on: boolean) {
      holdReads = on;
    },
    get connections() {
      return connections;
    },
  };
}

describe('subscriptions sharing one store’s notifications and reads', () => {
  it('reads a page once for all subscriptions waiting at the same position, on one connection', async () => {
    const store = fakeStore();
    const seen = new Map<number, string[]>();
    const subscriptions = [1, 2, 3].map(
      (i) =>
        new PollingSubscription(
          { handler: async (e) => void seen.set(i, [...(seen.get(i) ?? []), e.eventId]) },
          store.feed.read,
          store.feed.listen,
          60_000,
        ),
    );
    await settle();
    const before = store.reads.length;
    store.append(1);
    await settle();
    for (const subscription of subscriptions) await subscription.stop();
    expect(store.connections).toBe(1);
    expect(store.reads.length - before).toBe(1);
    expect([...seen.values()]).toEqual([['e1'], ['e1'], ['e1']]);
  });

  it('never hands a subscription woken by a notification a page read before it', async () => {
    const store = fakeStore();
    const seen: string[][] = [[], []];
    const [first, second] = [0, 1].map(
      (i) => new PollingSubscription({ handler: async (e) => void seen[i].push(e.eventId) }, store.feed.read, store.feed.listen, 60_000),
    );
    await settle();
    // A read is in flight (issued before event 1 was appended, still unanswered) when the notification arrives.
    store.hold(true);
    const stale = store.feed.read(at(0), 1_000);
    const staleRead = store.reads[store.reads.length - 1];
    store.hold(false);
    store.append(1);
    await settle();
    expect(seen).toEqual([['e1'], ['e1']]);
    staleRead.release();
    expect(await stale).toEqual([]);
    await first.stop();
    await second.stop();
    expect(seen).toEqual([['e1'], ['e1']]);
  });
});
