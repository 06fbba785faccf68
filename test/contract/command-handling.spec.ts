import { PostgresEventStore, handleCommand, newId } from '@chengguo/eventstore';
import { Decider, DomainRuleViolation, isRuleViolation } from '@chengguo/kernel';
import { untilVisible } from '../fixtures/until-visible';
import { createTestDatabase } from '../support/databases';

// A small decider of its own, so these specs pin handleCommand, not a process's rules.
type TallyCommand = { type: 'Add'; amount: number } | { type: 'Close'; atLeast: number };
type TallyEvent = { type: 'Added'; amount: number } | { type: 'Closed'; total: number };
interface Tally {
  total: number;
  closed: boolean;
}

const tally: Decider<TallyCommand, TallyEvent, Tally> = {
  initialState: { total: 0, closed: false },
  decide(command, state) {
    if (state.closed) return new DomainRuleViolation('TALLY_CLOSED', 409, 'closed');
    if (command.type === 'Add') return [{ type: 'Added', amount: command.amount }];
    if (state.total < command.atLeast) return new DomainRuleViolation('TALLY_TOO_LOW', 422, `total ${state.total}`);
    return [{ type: 'Closed', total: state.total }];
  },
  evolve(state, event) {
    return event.type === 'Added' ? { ...state, total: state.total + event.amount } : { ...state, closed: true };
  },
};

const T0 = '2026-03-01T08:00:00.000Z';
const context = () => ({ commandId: newId(), actor: { userId: 'u1', role: 'inventor' }, correlationId: newId() });
/** Each tally stream concerns an achievement of its own, named after it. */
const tallyAchievement = { achievementOf: (streamId: string) => `achievement-of-${streamId}` };
const run = (store: PostgresEventStore, streamId: string, command: TallyCommand, expectedRevision?: number) =>
  handleCommand(store, streamId, tally, command, context(), {}, tallyAchievement, expectedRevision);

describe('handleCommand against PostgreSQL (stream state cache)', () => {
  let url: string;
  let api: PostgresEventStore;
  let otherProcess: PostgresEventStore;

  beforeAll(async () => {
    url = await createTestDatabase('commands');
    api = new PostgresEventStore({ connectionString: url });
    await api.migrate();
    otherProcess = new PostgresEventStore({ connectionString: url });
  });

  afterAll(async () => {
    await api.close();
    await otherProcess.close();
  });

  it('never reads a stream it creates: the first command is decided on the initial state, later ones on the cache', async () => {
    const stream = `tally-${newId()}`;
    const reads = jest.spyOn(api, 'readStream');
    for (let i = 0; i < 5; i++) expect(isRuleViolation(await run(api, stream, { type: 'Add', amount: 1 }))).toBe(false);
    expect(reads).toHaveBeenCalledTimes(0);
    reads.mockRestore();
    const stored = await api.readStream(stream);
    expect(stored.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    // The stream's achievement is resolved once and every event carries it, cached or not (ADR 17).
    expect(stored.map((e) => e.metadata.achievementId)).toEqual(Array(5).fill(`achievement-of-${stream}`));
    // The index is read in $all order, only below every older transaction of the cluster
    // (pg_snapshot_xmin): another test file's open transaction may hold the fresh events back a moment.
    const indexed = async () => (await api.readAchievement(`achievement-of-${stream}`)).map((e) => e.eventId);
    const found = await untilVisible(indexed, (ids) => ids.length >= stored.length);
    expect(found).toEqual(stored.map((e) => e.eventId));
  });

  it('gives the events of a stream written before events named their achievement the one its link resolves', async () => {
    const stream = `tally-${newId()}`;
    await api.append(
      stream,
      [
        {
          eventId: newId(),
          type: 'Added',
          schemaVersion: 1,
          data: { amount: 1 },
          metadata: { occurredAt: T0, actor: { userId: 'u1', role: 'inventor' }, correlationId: newId(), causationId: null },
        },
      ],
      'no_stream',
    );
    const opening: unknown[] = [];
    const link = {
      achievementOf: (_s: string, first: { data: unknown } | null) => (
        opening.push(first),
        (first?.data as { amount: number }).amount === 1 ? 'from-the-opening' : 'from-a-guess'
      ),
    };
    // otherProcess does not know the stream: it guesses it new, the store refuses, and it reads.
    await handleCommand(otherProcess, stream, tally, { type: 'Add', amount: 2 }, context(), {}, link);
    const stored = await api.readStream(stream);
    expect(stored.map((e) => e.metadata.achievementId)).toEqual([undefined, 'from-the-opening']);
    expect(stored.map((e) => e.revision)).toEqual([0, 1]);
    expect(opening.at(-1)).toEqual(expect.objectContaining({ type: 'Added', data: { amount: 1 } }));
  });

  it('answers a command refused on a guessed new stream from a fresh read of the stream that exists', async () => {
    const stream = `tally-${newId()}`;
    await run(api, stream, { type: 'Add', amount: 4 });
    const reads = jest.spyOn(otherProcess, 'readStream');
    // Guessed new (total 0) this is refused; the stream read (total 4) accepts it.
    expect(isRuleViolation(await run(otherProcess, stream, { type: 'Close', atLeast: 3 }))).toBe(false);
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    // An identical retry of a create the store already holds: answered, as before, from a read (not written).
    const command = context();
    const again = `tally-${newId()}`;
    await handleCommand(api, again, tally, { type: 'Add', amount: 1 }, command, {}, tallyAchievement);
    const retried = await handleCommand(otherProcess, again, tally, { type: 'Add', amount: 1 }, command, {}, tallyAchievement);
    expect(!isRuleViolation(retried) && retried.written).toBe(false);
    expect(await api.countEvents(again)).toBe(1);
  });

  it('decides again on a fresh read when another process moved the stream on', async () => {
    const stream = `tally-${newId()}`;
    await run(api, stream, { type: 'Add', amount: 2 });
    await run(otherProcess, stream, { type: 'Add', amount: 3 }); // the api's cached state is now stale

    const outcome = await run(api, stream, { type: 'Close', atLeast: 5 });
    // On the cached total (2) this would be refused; the fresh read (5) accepts it.
    expect(isRuleViolation(outcome)).toBe(false);
    const stored = await api.readStream(stream);
    expect(stored.map((e) => [e.revision, e.type])).toEqual([
      [0, 'Added'],
      [1, 'Added'],
      [2, 'Closed'],
    ]);
    expect(stored[2].data).toEqual({ total: 5 });
  });

  it('never appends on stale cached state: the append conflicts and the command is decided again', async () => {
    const stream = `tally-${newId()}`;
    await run(api, stream, { type: 'Add', amount: 1 });
    await run(otherProcess, stream, { type: 'Close', atLeast: 0 });

    const outcome = await run(api, stream, { type: 'Add', amount: 1 });
    expect(isRuleViolation(outcome) && outcome.code).toBe('TALLY_CLOSED');
    expect((await api.readStream(stream)).map((e) => e.type)).toEqual(['Added', 'Closed']);
  });

  it('checks a pinned expected revision against the store, not the cache', async () => {
    const stream = `tally-${newId()}`;
    await run(api, stream, { type: 'Add', amount: 1 });
    await run(otherProcess, stream, { type: 'Add', amount: 1 });

    const ok = await run(api, stream, { type: 'Add', amount: 1 }, 1);
    expect(isRuleViolation(ok)).toBe(false);
    const stale = await run(api, stream, { type: 'Add', amount: 1 }, 1);
    expect(isRuleViolation(stale) && stale.code).toBe('STALE_REVISION');
    expect(await api.countEvents(stream)).toBe(3);
  });

  it('runs concurrent commands of one process on one stream without losing any', async () => {
    const stream = `tally-${newId()}`;
    await run(api, stream, { type: 'Add', amount: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => run(api, stream, { type: 'Add', amount: 1 })));
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    // Each command either landed exactly once or was answered with a conflict; none vanished.
    expect(await api.countEvents(stream)).toBe(1 + accepted);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as Error).name).toBe('WrongExpectedRevisionError');
  });
});
