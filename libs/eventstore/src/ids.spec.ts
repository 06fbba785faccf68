import { createHash } from 'node:crypto';
import { commandEventId, deterministicUuid, idForCreation } from './ids';

/** RFC 9562 §5.5 step by step, on bytes: what every stored derived id was computed as. */
function referenceV5(namespace: string, name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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

  it("are the RFC 9562 version-5 UUIDs of the names in Chengguo's namespace, every variant nibble included", () => {
    const variants = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const parts = [`command-${i}`, `disclosure-${i * 7}`, String(i % 3), '名称'];
      const id = deterministicUuid(...parts);
      expect(id).toBe(referenceV5('6b1f0c9e-3d55-4b8e-9b59-2f1c6e1f7a10', parts.join('\u001f')));
      variants.add(id[19]);
    }
    expect([...variants].sort()).toEqual(['8', '9', 'a', 'b']);
  });

  it('are the same whatever names came before (the hashing buffer is reused and grows)', () => {
    // Pinned before the hashing was reworked.
    expect(deterministicUuid('成果', 'x'.repeat(2_000))).toBe('77f2b99a-83c8-540a-8ac4-6dc0b5af8efa');
    expect(commandEventId('cmd-1', 'disclosure-x', 0)).toBe('00d31771-81b8-5523-99ed-41a89c890509');
    expect(deterministicUuid('成果', 'x'.repeat(2_000))).toBe('77f2b99a-83c8-540a-8ac4-6dc0b5af8efa');
  });
});
