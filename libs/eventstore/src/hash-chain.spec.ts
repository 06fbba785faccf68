import { createHash } from 'node:crypto';
import { computeEventHash, GENESIS_HASH, HashedFields, HASH_CHAIN_VERSION } from './hash-chain';

/** The definition of ADR 7 spelled out: each field as a 4-byte big-endian byte length and its UTF-8 bytes. */
function definitionHash(fields: HashedFields): string {
  const hash = createHash('sha256');
  for (const part of [
    HASH_CHAIN_VERSION,
    fields.prevHash,
    fields.streamId,
    String(fields.revision),
    fields.eventId.toLowerCase(),
    fields.type,
    String(fields.schemaVersion),
    fields.dataText,
    fields.metadataText,
    fields.recordedAtText,
  ]) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length, 0);
    hash.update(length);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

const event: HashedFields = {
  prevHash: GENESIS_HASH,
  streamId: 'disclosure-7d0c8a52-1f3b-4c6e-9a0d-2b5e8f1c4d73',
  revision: 0,
  eventId: '3F2504E0-4F89-41D3-9A0C-0305E82C3301',
  type: 'DisclosureDrafted',
  schemaVersion: 2,
  dataText: JSON.stringify({ title: '一种低温固态电池电解质', note: 'é \u{1F600} "q" \\ x' }),
  metadataText: '{"actor":{"userId":"li.lei","role":"inventor"}}',
  recordedAtText: '2026-11-30T14:57:09.576000Z',
};

describe('the event hash (ADR 7)', () => {
  it('is the stored definition: pinned values, written before the hashing was reworked', () => {
    expect(computeEventHash(event)).toBe('1241d5e3dac3c03995525ceefbba677c91f04ad5607861a76ef3e3828922f937');
    const large = {
      ...event,
      revision: 41,
      prevHash: 'ab'.repeat(32),
      dataText: JSON.stringify({ long: '数据'.repeat(40_000) + 'x'.repeat(70_000) }),
      recordedAtText: '',
    };
    expect(computeEventHash(large)).toBe('6d989e8e34805b63b290ee388962b9c351482c4415cf6c9a70242ffd4c86545d');
  });

  it('frames every field by its UTF-8 byte length, whatever the sizes that came before (the frame buffer is reused)', () => {
    const sizes = [0, 1, 1_000, 6_000, 20_000, 300_000, 2_000_000, 10, 5_000];
    for (const [i, size] of sizes.entries()) {
      const fields = { ...event, revision: i, dataText: JSON.stringify({ text: 'é数😀a'.slice(0, 1 + (i % 4)).repeat(size / 4) }) };
      expect(computeEventHash(fields)).toBe(definitionHash(fields));
    }
    // Moving a byte from one field to the next changes the hash: the lengths are part of it.
    expect(computeEventHash({ ...event, type: 'ab', dataText: 'c' })).not.toBe(computeEventHash({ ...event, type: 'a', dataText: 'bc' }));
  });
});
