import { CommandAccepted, ProblemException } from '@chengguo/common';
import { Decider, DomainRuleViolation } from '@chengguo/kernel';
import { createTestDatabase } from '../../../../test/support/databases';
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

/** The limit is a fact of another stream: `prepare` loads it from the store, the caller never sends it. */
const boxCommands: ProcessCommands<BoxCommand, BoxEvent, BoxState, BoxInput> = {
  process: 'box',
  decider: box,
  schemaVersions: { ItemPut: 2 },
  streamId: (id) => `box-${id}`,
  async prepare(input, context, { store, now }) {
    if (input.type === 'Seal') return { type: 'Seal', by: context.actor.userId, at: now };
    const limit = ((await store.readStream(LIMIT_STREAM)).at(-1)?.data as { limit: number }).limit;
    return { ...input, limit, by: context.actor.userId, at: now };
  },
};

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
