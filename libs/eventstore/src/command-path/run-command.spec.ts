import { CommandAccepted, ProblemException } from '@chengguo/common';
import { Decider, DomainRuleViolation } from '@chengguo/kernel';
import { createTestDatabase } from '../../../../test/support/databases';
import { achievementIdAfterPrefix } from '../achievement-links';
import { WrongExpectedRevisionError } from '../event-store.port';
import { newId } from '../ids';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { CommandContext } from '../stream-handling';
import { ProcessCommands } from './process-commands';
import { RunCommand, RunCommandHandler } from './run-command';

// A process of its own, so these specs pin the command path, not a process's rules.
type BoxCommand = { type: 'Put'; item: string; limit: number; by: string; at: string } | { type: 'Seal'; by: string; at: string };
type BoxEvent = { type: 'ItemPut'; item: string; by: string; at: string } | { type: 'BoxSealed'; by: string; at: string };
type BoxState = { items: number; sealed: boolean };
type BoxInput = { type: 'Put'; item: string } | { type: 'Seal' };

const box: Decider<BoxCommand, BoxEvent, BoxState> = {
  initialState: { items: 0, sealed: false },
  decide(command, state) {
    if (state.sealed) return new DomainRuleViolation('BOX_SEALED', 409, 'The box is sealed.', { items: state.items });
    if (command.type === 'Seal') return [{ type: 'BoxSealed', by: command.by, at: command.at }];
    if (state.items >= command.limit) return new DomainRuleViolation('BOX_FULL', 422, `At most ${command.limit} items.`);
    return [{ type: 'ItemPut', item: command.item, by: command.by, at: command.at }];
  },
  evolve: (state, event) => (event.type === 'ItemPut' ? { ...state, items: state.items + 1 } : { ...state, sealed: true }),
};

const LIMIT_STREAM = 'box-limit';

/** The stream the limit lives in, folded like any other: its last `BoxLimitSet` wins. */
type LimitEvent = { type: 'BoxLimitSet'; limit: number };
const limits: Decider<never, LimitEvent, { limit: number }> = {
  initialState: { limit: 0 },
  decide: () => [],
  evolve: (_state, event) => ({ limit: event.limit }),
};

/**
 * The limit is a fact of another stream: `prepare` loads it through `facts.load`, the caller never
 * sends it. `between` runs after the read, standing for a writer that gets in before the append.
 */
function boxCommandsWithLimitIn(
  limitStream: string,
  between: () => Promise<void> = async () => undefined,
): ProcessCommands<BoxCommand, BoxEvent, BoxState, BoxInput> {
  return {
    process: 'box',
    decider: box,
    schemaVersions: { ItemPut: 2 },
    streamId: (id) => `box-${id}`,
    achievement: achievementIdAfterPrefix('box-'),
    async prepare(input, context, { now, load }) {
      if (input.type === 'Seal') return { type: 'Seal', by: context.actor.userId, at: now };
      const { limit } = await load(limitStream, limits);
      await between();
      return { ...input, limit, by: context.actor.userId, at: now };
    },
  };
}
const boxCommands = boxCommandsWithLimitIn(LIMIT_STREAM);

const context = (): CommandContext => ({ commandId: newId(), actor: { userId: 'li', role: 'inventor' }, correlationId: newId() });

describe('the one command path (RunCommand → prepare → load → decide → append)', () => {
  let store: PostgresEventStore;
  let handler: RunCommandHandler;
  const run = (id: string, input: BoxInput, expectedRevision?: number): Promise<CommandAccepted> =>
    handler.execute(new RunCommand(boxCommands, id, input, context(), expectedRevision));
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );

  beforeAll(async () => {
    store = new PostgresEventStore({ connectionString: await createTestDatabase('command_path') });
    await store.migrate();
    const metadata = {
      occurredAt: new Date().toISOString(),
      actor: { userId: 'admin', role: 'admin' },
      correlationId: newId(),
      causationId: null,
    };
    await store.append(
      LIMIT_STREAM,
      [{ eventId: newId(), type: 'BoxLimitSet', schemaVersion: 1, data: { limit: 2 }, metadata }],
      'no_stream',
    );
    handler = new RunCommandHandler(store);
  });

  afterAll(() => store.close());

  const setLimit = (stream: string, limit: number, expected: 'no_stream' | number) =>
    store.append(
      stream,
      [
        {
          eventId: newId(),
          type: 'BoxLimitSet',
          schemaVersion: 1,
          data: { limit },
          metadata: {
            occurredAt: new Date().toISOString(),
            actor: { userId: 'admin', role: 'admin' },
            correlationId: newId(),
            causationId: null,
          },
        },
      ],
      expected,
    );

  describe('facts from another stream, checked on append', () => {
    it('appends while the other stream stays where prepare read it', async () => {
      const limitStream = `box-limit-${newId()}`;
      await setLimit(limitStream, 1, 'no_stream');
      const id = newId();
      const commands = boxCommandsWithLimitIn(limitStream);
      const append = jest.spyOn(store, 'append');
      await handler.execute(new RunCommand(commands, id, { type: 'Put', item: 'a' }, context()));
      expect(append).toHaveBeenLastCalledWith(`box-${id}`, expect.any(Array), 'no_stream', {
        alsoExpect: [{ streamId: limitStream, revision: 0 }],
      });
      append.mockRestore();
      const full = await refusal(handler.execute(new RunCommand(commands, id, { type: 'Put', item: 'b' }, context())));
      expect(full).toMatchObject({ status: 422, code: 'BOX_FULL' });
    });

    it('refuses, naming the other stream, when that stream changes between the read and the append; nothing is appended', async () => {
      const limitStream = `box-limit-${newId()}`;
      await setLimit(limitStream, 1, 'no_stream');
      const id = newId();
      // The limit is lowered to 0 after prepare read 1: the item must not go in on the old limit.
      const racing = boxCommandsWithLimitIn(limitStream, () => setLimit(limitStream, 0, 0).then(() => undefined));
      const stale = await refusal(handler.execute(new RunCommand(racing, id, { type: 'Put', item: 'a' }, context())));
      expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
      expect(stale).toMatchObject({ streamId: limitStream, expected: 0, actual: 1 });
      expect(await store.readStream(`box-${id}`)).toEqual([]);
      // Decided again on the facts as they are now, the command is refused by the rule.
      const full = await refusal(
        handler.execute(new RunCommand(boxCommandsWithLimitIn(limitStream), id, { type: 'Put', item: 'a' }, context())),
      );
      expect(full).toMatchObject({ status: 422, code: 'BOX_FULL' });
    });

    it('a fact checked without a lock: a change committed between the read and the append still makes the command decide again', async () => {
      const limitStream = `box-limit-${newId()}`;
      await setLimit(limitStream, 1, 'no_stream');
      const id = newId();
      // Another writer (a policy publish, say) lowers the limit to 0 once, just after prepare read 1.
      let published = false;
      const commands: ProcessCommands<BoxCommand, BoxEvent, BoxState, BoxInput> = { ...boxCommandsWithLimitIn(limitStream) };
      commands.prepare = async (input, context, facts) => {
        if (input.type === 'Seal') return { type: 'Seal', by: context.actor.userId, at: facts.now };
        const { limit } = await facts.load(limitStream, limits, { locked: false });
        if (!published) {
          published = true;
          await setLimit(limitStream, 0, 0);
        }
        return { ...input, limit, by: context.actor.userId, at: facts.now };
      };
      const append = jest.spyOn(store, 'append');
      const outcome = await refusal(handler.execute(new RunCommand(commands, id, { type: 'Put', item: 'a' }, context())));
      // The first append carried the unlocked condition and was refused on it; decided again on the
      // limit now in force, the command is refused by the rule, and nothing was appended.
      expect(append.mock.calls.find((c) => c[0] === `box-${id}`)?.[3]).toEqual({
        alsoExpect: [{ streamId: limitStream, revision: 0, locked: false }],
      });
      append.mockRestore();
      expect(outcome).toMatchObject({ status: 422, code: 'BOX_FULL' });
      expect(await store.readStream(`box-${id}`)).toEqual([]);
    });

    it('reads a fact stream once per process: later commands take it from the cache, and the append still expects its revision', async () => {
      const limitStream = `box-limit-${newId()}`;
      await setLimit(limitStream, 5, 'no_stream');
      const commands = boxCommandsWithLimitIn(limitStream);
      await handler.execute(new RunCommand(commands, newId(), { type: 'Put', item: 'a' }, context()));
      const reads = jest.spyOn(store, 'readStream');
      const append = jest.spyOn(store, 'append');
      const id = newId();
      await handler.execute(new RunCommand(commands, id, { type: 'Put', item: 'b' }, context()));
      expect(reads.mock.calls.filter(([stream]) => stream === limitStream)).toHaveLength(0);
      expect(append).toHaveBeenLastCalledWith(`box-${id}`, expect.any(Array), 'no_stream', {
        alsoExpect: [{ streamId: limitStream, revision: 0 }],
      });
      // Another writer (another process) moves the fact on: the cached revision fails the append,
      // and the command is prepared again from the store and decided on the limit as it is now.
      await setLimit(limitStream, 1, 0);
      const full = await refusal(handler.execute(new RunCommand(commands, id, { type: 'Put', item: 'c' }, context())));
      expect(full).toMatchObject({ status: 422, code: 'BOX_FULL' });
      expect(reads.mock.calls.filter(([stream]) => stream === limitStream)).toHaveLength(1);
      reads.mockRestore();
      append.mockRestore();
      expect((await store.readStream(`box-${id}`)).map((e) => (e.data as { item: string }).item)).toEqual(['b']);
    });

    it('answers a refusal decided on a cached fact only after deciding again on the fact read from the store', async () => {
      const limitStream = `box-limit-${newId()}`;
      await setLimit(limitStream, 0, 'no_stream');
      const commands = boxCommandsWithLimitIn(limitStream);
      const id = newId();
      expect(await refusal(handler.execute(new RunCommand(commands, id, { type: 'Put', item: 'a' }, context())))).toMatchObject({
        code: 'BOX_FULL',
      });
      // Raised by another process: this one's cache still says 0, which must not refuse the item.
      await setLimit(limitStream, 1, 0);
      await handler.execute(new RunCommand(commands, id, { type: 'Put', item: 'a' }, context()));
      expect((await store.readStream(`box-${id}`)).map((e) => (e.data as { item: string }).item)).toEqual(['a']);
    });

    it('does not take a refusal on the other stream for a stale cache of its own stream: no re-read, no retry, cache kept', async () => {
      const limitStream = `box-limit-${newId()}`;
      await setLimit(limitStream, 5, 'no_stream');
      const id = newId();
      await handler.execute(new RunCommand(boxCommandsWithLimitIn(limitStream), id, { type: 'Put', item: 'a' }, context())); // cached now
      let racers = 0;
      const racing = boxCommandsWithLimitIn(limitStream, async () => {
        racers += 1;
        await setLimit(limitStream, 5 + racers, racers - 1);
      });
      const reads = jest.spyOn(store, 'readStream');
      const stale = await refusal(handler.execute(new RunCommand(racing, id, { type: 'Put', item: 'b' }, context())));
      expect(stale).toMatchObject({ streamId: limitStream });
      expect(reads.mock.calls.filter(([stream]) => stream === `box-${id}`)).toHaveLength(0);
      // The box stream's cached state was not contradicted: the next command is decided from it.
      await handler.execute(new RunCommand(boxCommandsWithLimitIn(limitStream), id, { type: 'Put', item: 'c' }, context()));
      expect(reads.mock.calls.filter(([stream]) => stream === `box-${id}`)).toHaveLength(0);
      reads.mockRestore();
      expect((await store.readStream(`box-${id}`)).map((e) => (e.data as { item: string }).item)).toEqual(['a', 'c']);
    });
  });

  it('answers the stream named by the key, with the facts prepare loaded and one instant for command and events', async () => {
    const id = newId();
    const accepted = await run(id, { type: 'Put', item: 'thangka' });

    expect(accepted).toEqual({ streamId: `box-${id}`, revision: 0, eventIds: [expect.any(String)] });
    const [stored] = await store.readStream(`box-${id}`);
    expect(stored).toMatchObject({ eventId: accepted.eventIds[0], type: 'ItemPut', schemaVersion: 2, data: { item: 'thangka', by: 'li' } });
    expect(stored.metadata.occurredAt).toBe((stored.data as { at: string }).at);
    expect(stored.metadata.actor).toEqual({ userId: 'li', role: 'inventor' });
  });

  it('turns a rule violation into a problem with its status, code, detail and extensions, and appends nothing', async () => {
    const id = newId();
    await run(id, { type: 'Put', item: 'a' });
    await run(id, { type: 'Put', item: 'b' });
    const full = await refusal(run(id, { type: 'Put', item: 'c' }));
    expect(full).toBeInstanceOf(ProblemException);
    expect(full).toMatchObject({ status: 422, code: 'BOX_FULL', detail: 'At most 2 items.' });

    await run(id, { type: 'Seal' });
    const sealed = await refusal(run(id, { type: 'Seal' }));
    expect(sealed).toMatchObject({ status: 409, code: 'BOX_SEALED', extensions: { items: 2 } });
    expect((await store.readStream(`box-${id}`)).map((e) => e.type)).toEqual(['ItemPut', 'ItemPut', 'BoxSealed']);
  });

  it('refuses a command whose If-Match revision is not the stream’s', async () => {
    const id = newId();
    await run(id, { type: 'Put', item: 'a' });
    const stale = await refusal(run(id, { type: 'Put', item: 'b' }, 5));
    expect(stale).toMatchObject({ status: 409, code: 'STALE_REVISION', extensions: { currentRevision: 0 } });
    await expect(run(id, { type: 'Put', item: 'b' }, 0)).resolves.toMatchObject({ revision: 1 });
  });
});
