import {
  EventIdConflictError,
  EventStore,
  EventToAppend,
  GlobalPosition,
  RecordedEvent,
  comparePositions,
  newId,
  WrongExpectedRevisionError,
  hasTypeFilteredRead,
  registerUpcaster,
} from '@chengguo/eventstore';

/** An upcaster of a type only this contract appends (one instance: registering it twice is allowed). */
const CONTRACT_UPCASTER = {
  type: 'ContractUpcast',
  fromVersion: 2,
  upcast: (data: Record<string, unknown>) => ({ ...data, upcast: true }),
};

/**
 * The behaviour every event-store adapter must have. Each adapter's spec calls this with a factory
 * that gives a store on an empty database or server namespace.
 */
export function describeEventStoreContract(adapterName: string, makeStore: () => Promise<EventStore>): void {
  describe(`event store contract: ${adapterName}`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await makeStore();
    });

    afterAll(async () => {
      await store?.close();
    });

    const stream = (label: string) => `contract-${label}-${newId()}`;

    function event(type = 'SomethingHappened', data: Record<string, unknown> = {}): EventToAppend {
      return {
        eventId: newId(),
        type,
        schemaVersion: 2,
        data: { ...data, note: '成果 披露' },
        metadata: {
          occurredAt: '2026-01-02T03:04:05.000Z',
          actor: { userId: 'u-1', role: 'inventor' },
          correlationId: 'corr-1',
          causationId: 'cause-1',
        },
      };
    }

    async function expectWrongRevision(promise: Promise<unknown>, actual: number): Promise<void> {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).actual).toBe(actual);
    }

    describe('append with optimistic concurrency', () => {
      it('creates a stream with no_stream and numbers revisions from 0', async () => {
        const id = stream('create');
        const result = await store.append(id, [event(), event(), event()], 'no_stream');
        expect(result).toEqual({ nextExpectedRevision: 2, written: true });
        const events = await store.readStream(id);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('refuses no_stream when the stream exists, reporting the actual revision', async () => {
        const id = stream('exists');
        await store.append(id, [event()], 'no_stream');
        await expectWrongRevision(store.append(id, [event()], 'no_stream'), 0);
      });

      it('refuses stream_exists when the stream does not exist', async () => {
        await expectWrongRevision(store.append(stream('missing'), [event()], 'stream_exists'), -1);
      });

      it('accepts stream_exists when it does', async () => {
        const id = stream('exists-ok');
        await store.append(id, [event()], 'no_stream');
        await expect(store.append(id, [event()], 'stream_exists')).resolves.toEqual({
          nextExpectedRevision: 1,
          written: true,
        });
      });

      it('accepts the exact current revision and refuses a stale one', async () => {
        const id = stream('exact');
        await store.append(id, [event(), event()], 'no_stream');
        await expect(store.append(id, [event()], 1)).resolves.toEqual({ nextExpectedRevision: 2, written: true });
        await expectWrongRevision(store.append(id, [event()], 1), 2);
        await expectWrongRevision(store.append(id, [event()], 7), 2);
        expect(await store.readStream(id)).toHaveLength(3);
      });

      it('appends with any whatever the stream state', async () => {
        const id = stream('any');
        await store.append(id, [event()], 'any');
        await expect(store.append(id, [event()], 'any')).resolves.toEqual({ nextExpectedRevision: 1, written: true });
      });

      it('lets exactly one of two concurrent writers at the same revision win', async () => {
        const id = stream('race');
        await store.append(id, [event()], 'no_stream');
        const outcomes = await Promise.allSettled([
          store.append(id, [event('A')], 0),
          store.append(id, [event('B')], 0),
          store.append(id, [event('C')], 0),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
          expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('lets exactly one of concurrent creators of a new stream win', async () => {
        const id = stream('create-race');
        const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => store.append(id, [event()], 'no_stream')));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      it('lands every one of concurrent "any" appends to a new stream, one after the other', async () => {
        const id = stream('create-any');
        const outcomes = await Promise.all([1, 2, 3, 4].map(() => store.append(id, [event()], 'any')));
        expect(outcomes.map((o) => o.nextExpectedRevision).sort()).toEqual([0, 1, 2, 3]);
        expect((await store.readStream(id)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      });
    });

    describe('conditions on other streams (alsoExpect)', () => {
      const types = async (id: string) => (await store.readStream(id)).map((e) => e.type);

      it('appends when every other stream is at the revision the writer read', async () => {
        const facts = stream('facts');
        const target = stream('target');
        await store.append(facts, [event('Fact'), event('Fact')], 'no_stream');
        const absent = stream('absent');
        await expect(
          store.append(target, [event('Decided')], 'no_stream', {
            alsoExpect: [
              { streamId: facts, revision: 1 },
              { streamId: absent, revision: -1 },
            ],
          }),
        ).resolves.toEqual({ nextExpectedRevision: 0, written: true });
        expect(await types(target)).toEqual(['Decided']);
      });

      it('refuses, naming the other stream, when it is not where the writer read it; nothing is appended', async () => {
        const facts = stream('facts');
        const target = stream('target');
        await store.append(facts, [event('Fact'), event('Fact')], 'no_stream');
        await store.append(target, [event('Before')], 'no_stream');
        const refused = await store.append(target, [event('Decided')], 0, { alsoExpect: [{ streamId: facts, revision: 0 }] }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
        expect(refused).toMatchObject({ streamId: facts, expected: 0, actual: 1 });
        const noStream = await store.append(target, [event('Decided')], 0, { alsoExpect: [{ streamId: facts, revision: -1 }] }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(noStream).toMatchObject({ streamId: facts, expected: 'no_stream', actual: 1 });
        await expectWrongRevision(
          store.append(target, [event('Decided')], 0, { alsoExpect: [{ streamId: stream('absent'), revision: 3 }] }),
          -1,
        );
        expect(await types(target)).toEqual(['Before']);
      });

      it('refuses when the other stream moved on between the read and the append', async () => {
        const facts = stream('facts');
        const target = stream('target');
        await store.append(facts, [event('Fact')], 'no_stream');
        // The writer reads the facts it decides with …
        const read = await store.readStream(facts);
        const revision = read[read.length - 1].revision;
        // … another writer changes them …
        await store.append(facts, [event('FactChanged')], revision);
        // … and the decision taken on the stale facts is refused.
        await expectWrongRevision(
          store.append(target, [event('Decided')], 'no_stream', { alsoExpect: [{ streamId: facts, revision }] }),
          1,
        );
        expect(await types(target)).toEqual([]);
        await expect(
          store.append(target, [event('Decided')], 'no_stream', { alsoExpect: [{ streamId: facts, revision: 1 }] }),
        ).resolves.toEqual({
          nextExpectedRevision: 0,
          written: true,
        });
      });

      it('answers an identical retry as written before, even when the condition has moved since', async () => {
        const facts = stream('facts');
        const target = stream('target');
        await store.append(facts, [event('Fact')], 'no_stream');
        const batch = [event('Decided')];
        await store.append(target, batch, 'no_stream', { alsoExpect: [{ streamId: facts, revision: 0 }] });
        await store.append(facts, [event('FactChanged')], 0);
        await expect(store.append(target, batch, 'no_stream', { alsoExpect: [{ streamId: facts, revision: 0 }] })).resolves.toEqual({
          nextExpectedRevision: 0,
          written: false,
        });
        expect(await types(target)).toEqual(['Decided']);
      });

      it('still refuses a stale expected revision of the appended stream itself', async () => {
        const facts = stream('facts');
        const target = stream('target');
        await store.append(facts, [event('Fact')], 'no_stream');
        await store.append(target, [event('Before')], 'no_stream');
        await expectWrongRevision(
          store.append(target, [event('Decided')], 'no_stream', { alsoExpect: [{ streamId: facts, revision: 0 }] }),
          0,
        );
        expect(await types(target)).toEqual(['Before']);
      });
    });

    describe('idempotent appends', () => {
      it('re-appending the same event ids succeeds and writes nothing, even with a stale expectation', async () => {
        const id = stream('idem');
        const batch = [event(), event()];
        await store.append(id, batch, 'no_stream');
        await expect(store.append(id, batch, 'no_stream')).resolves.toEqual({ nextExpectedRevision: 1, written: false });
        await expect(store.append(id, batch, 'any')).resolves.toEqual({ nextExpectedRevision: 1, written: false });
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('refuses a batch that only partly repeats stored event ids', async () => {
        const id = stream('partial');
        const first = event();
        await store.append(id, [first], 'no_stream');
        await expect(store.append(id, [first, event()], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe('reading a stream', () => {
      it('round-trips data and metadata', async () => {
        const id = stream('roundtrip');
        const written = event('DisclosureSubmitted', { title: '一种高效催化剂', amountFen: 123456 });
        await store.append(id, [written], 'no_stream');
        const [read] = await store.readStream(id);
        expect(read.streamId).toBe(id);
        expect(read.eventId).toBe(written.eventId);
        expect(read.type).toBe('DisclosureSubmitted');
        expect(read.schemaVersion).toBe(2);
        expect(read.data).toEqual(written.data);
        expect(read.metadata).toMatchObject({
          eventId: written.eventId,
          type: 'DisclosureSubmitted',
          schemaVersion: 2,
          occurredAt: '2026-01-02T03:04:05.000Z',
          actor: { userId: 'u-1', role: 'inventor' },
          correlationId: 'corr-1',
          causationId: 'cause-1',
        });
        expect(Number.isNaN(Date.parse(read.metadata.recordedAt))).toBe(false);
      });

      it('reads forwards and backwards from a revision with a maximum count', async () => {
        const id = stream('directions');
        await store.append(
          id,
          [0, 1, 2, 3, 4].map((n) => event('N', { n })),
          'no_stream',
        );
        const ns = (events: RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);
        expect(ns(await store.readStream(id))).toEqual([0, 1, 2, 3, 4]);
        expect(ns(await store.readStream(id, { fromRevision: 2 }))).toEqual([2, 3, 4]);
        expect(ns(await store.readStream(id, { fromRevision: 1, maxCount: 2 }))).toEqual([1, 2]);
        expect(ns(await store.readStream(id, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
        expect(ns(await store.readStream(id, { direction: 'backwards', fromRevision: 2, maxCount: 2 }))).toEqual([2, 1]);
      });

      it('returns nothing for a stream that does not exist', async () => {
        expect(await store.readStream(stream('none'))).toEqual([]);
      });
    });

    describe('reading $all and subscribing', () => {
      /**
       * $all shows an event once no older transaction is still in flight anywhere on the server
       * (other test files run beside this one), so reads wait until the events they expect appear.
       */
      async function allAfterUntil(after: GlobalPosition | undefined, streams: string[], count: number): Promise<RecordedEvent[]> {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const mine = (await allAfter(after)).filter((e) => streams.includes(e.streamId));
          if (mine.length >= count || Date.now() > deadline) return mine;
          await new Promise((r) => setTimeout(r, 50));
        }
      }

      async function allAfter(after: GlobalPosition | undefined): Promise<RecordedEvent[]> {
        const out: RecordedEvent[] = [];
        let position = after;
        for (;;) {
          const page = await store.readAll({ after: position, maxCount: 100 });
          out.push(...page);
          if (page.length < 100) return out;
          position = page[page.length - 1].position;
        }
      }

      it('reads all events in global order from an exclusive position', async () => {
        const a = stream('all-a');
        const b = stream('all-b');
        await store.append(a, [event('A0')], 'no_stream');
        await store.append(b, [event('B0'), event('B1')], 'no_stream');
        await store.append(a, [event('A1')], 0);
        const mine = await allAfterUntil(undefined, [a, b], 4);
        expect(mine.map((e) => e.type)).toEqual(['A0', 'B0', 'B1', 'A1']);
        for (let i = 1; i < mine.length; i++) expect(comparePositions(mine[i - 1].position, mine[i].position)).toBe(-1);
        const afterFirst = await allAfterUntil(mine[0].position, [a, b], 3);
        expect(afterFirst.map((e) => e.type)).toEqual(['B0', 'B1', 'A1']);
      });

      it('reads $all of some event types as readAll does, upcast alike (when the store filters types)', async () => {
        if (!hasTypeFilteredRead(store)) return;
        registerUpcaster(CONTRACT_UPCASTER);
        const a = stream('typed-a');
        const b = stream('typed-b');
        const first = (await allAfter(undefined)).at(-1)?.position;
        await store.append(a, [event('T0', { n: 0 }), event('Other')], 'no_stream');
        await store.append(b, [event('ContractUpcast', { n: 1 }), event('T0', { n: 2 })], 'no_stream');
        await store.append(a, [{ ...event('T0', { n: 3 }), metadata: { ...event().metadata, causationId: null } }], 1);
        // A type with a comma (the lean read joins the scalar columns with commas), text beyond ASCII,
        // a number beyond 2^53 and U+2028 in the data.
        const odd = 'T,1 类型';
        const oddJson = '{"big": 12345678901234567890, "text": "成果 \\u2028 \u2028 \\"q\\"", "n": 4}';
        await store.append(b, [{ ...event(odd, JSON.parse(oddJson) as Record<string, unknown>), dataJson: oddJson }], 1);
        const expected = (await allAfterUntil(first, [a, b], 6)).filter(
          (e) => e.type === 'T0' || e.type === 'ContractUpcast' || e.type === odd,
        );
        const typed: RecordedEvent[] = [];
        let position = first;
        for (;;) {
          const page = await store.readAllOfTypes(['T0', 'ContractUpcast', odd], { after: position, maxCount: 2 });
          typed.push(...page);
          if (page.length < 2) break;
          position = page[page.length - 1].position;
        }
        const mine = typed.filter((e) => e.streamId === a || e.streamId === b);
        expect(mine).toEqual(expected);
        expect(mine.map((e) => Object.keys(e))).toEqual(expected.map((e) => Object.keys(e)));
        expect(mine.map((e) => Object.keys(e.metadata))).toEqual(expected.map((e) => Object.keys(e.metadata)));
        expect(mine.map((e) => e.type)).toEqual(['T0', 'ContractUpcast', 'T0', 'T0', odd]);
        expect(mine[4]).toMatchObject({ type: odd, metadata: { type: odd }, data: { text: '成果 \u2028 \u2028 "q"', n: 4 } });
        expect(mine[1]).toMatchObject({ schemaVersion: 3, storedSchemaVersion: 2, data: { n: 1, upcast: true } });
        expect(mine[0].metadata.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      });

      it('subscribes from a checkpoint: catches up, then delivers live events', async () => {
        const id = stream('sub');
        await store.append(id, [event('Before')], 'no_stream');
        const [before] = await allAfterUntil(undefined, [id], 1);
        const checkpoint = before.position;
        await store.append(id, [event('CatchUp')], 0);

        const received: string[] = [];
        let caughtUp!: () => void;
        const caughtUpOnce = new Promise<void>((r) => (caughtUp = r));
        let liveArrived!: () => void;
        const live = new Promise<void>((r) => (liveArrived = r));
        const subscription = store.subscribeToAll({
          after: checkpoint,
          handler: async (e) => {
            if (e.streamId !== id) return;
            received.push(e.type);
            if (e.type === 'Live') liveArrived();
          },
          onCaughtUp: () => caughtUp(),
        });
        await caughtUpOnce;
        await store.append(id, [event('Live')], 1);
        await live;
        await subscription.stop();
        expect(received).toEqual(['CatchUp', 'Live']);
      });
    });
  });
}
