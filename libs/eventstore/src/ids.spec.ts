import { commandEventId, deterministicUuid, idForCreation } from './ids';

/** Derived ids are stored in events: the same names must give the same ids forever. */
describe('derived ids', () => {
  it('are version-5 UUIDs that never change for the same names', () => {
    expect(commandEventId('cmd-1', 'disclosure-x', 0)).toBe('00d31771-81b8-5523-99ed-41a89c890509');
    expect(idForCreation('key-1', 'disclosure', 'li.lei')).toBe('bcc1ff34-a31f-5996-a8fc-a23cbdaa5d66');
    expect(deterministicUuid('disclosure', 'li.lei', 'key-1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(deterministicUuid('a', 'b')).toBe(deterministicUuid('a', 'b'));
  });

  it('are the same whatever names came before (the hashing buffer is reused and grows)', () => {
    // Pinned before the hashing was reworked.
    expect(deterministicUuid('成果', 'x'.repeat(2_000))).toBe('77f2b99a-83c8-540a-8ac4-6dc0b5af8efa');
    expect(commandEventId('cmd-1', 'disclosure-x', 0)).toBe('00d31771-81b8-5523-99ed-41a89c890509');
    expect(deterministicUuid('成果', 'x'.repeat(2_000))).toBe('77f2b99a-83c8-540a-8ac4-6dc0b5af8efa');
  });
});
