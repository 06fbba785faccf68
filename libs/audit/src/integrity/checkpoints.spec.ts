import { firstSpanDifference, streamSpans } from './checkpoints';

const hash = (stream: string, revision: number): string => `${stream}${revision}`.padEnd(64, '0').replace(/[^0-9a-f]/g, 'f');
const link = (streamId: string, revision: number) => ({
  streamId,
  revision,
  hash: hash(streamId, revision),
  recordedAt: '2026-03-01T08:00:00.000Z',
});

/** Per-stream spans of a checkpoint: what lets verify name the revision a consistent rewrite touched. */
describe('checkpoint spans', () => {
  it('groups the covered events by stream into runs of consecutive revisions, whatever their order in $all', () => {
    const spans = streamSpans([link('a', 3), link('b', 0), link('a', 5), link('a', 4), link('a', 7), link('b', 1)]);
    expect(spans.map((s) => [s.streamId, s.fromRevision, s.throughRevision, s.tags.length / 16])).toEqual([
      ['a', 3, 5, 3],
      ['a', 7, 7, 1],
      ['b', 0, 1, 2],
    ]);
    expect(spans[0].headHash).toBe(hash('a', 5));
    expect(spans[0].tags).toBe([3, 4, 5].map((r) => hash('a', r).slice(0, 16)).join(''));
  });

  it('names the first revision whose hash lost its tag, or that is gone', () => {
    const [span] = streamSpans([link('a', 3), link('a', 4), link('a', 5)]);
    const now = new Map([3, 4, 5].map((r) => [r, hash('a', r)]));
    expect(firstSpanDifference(span, (r) => now.get(r))).toBeNull();
    now.set(4, 'e'.repeat(64));
    now.set(5, 'd'.repeat(64));
    expect(firstSpanDifference(span, (r) => now.get(r))).toEqual({
      revision: 4,
      expected: `${hash('a', 4).slice(0, 16)}…`,
      found: 'e'.repeat(64),
    });
    now.set(4, hash('a', 4));
    // The head is held to its full hash.
    now.set(5, hash('a', 5).slice(0, 16) + 'd'.repeat(48));
    expect(firstSpanDifference(span, (r) => now.get(r))).toMatchObject({ revision: 5, expected: hash('a', 5) });
    now.delete(5);
    expect(firstSpanDifference(span, (r) => now.get(r))).toMatchObject({ revision: 5, found: 'no event' });
  });
});
