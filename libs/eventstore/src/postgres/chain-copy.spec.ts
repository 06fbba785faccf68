import fc from 'fast-check';
import { ChainLink, computeEventHash, GENESIS_HASH } from '../hash-chain';
import { ChainCopyParser, ChainWalkParser, civilDate, HeadsCopy } from './chain-copy';

/** Binary COPY of CHAIN_COPY_COLUMNS, built by hand the way PostgreSQL sends it. */
interface Row {
  prevHash: string | null;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: string | null;
  metadata: string;
  /** Microseconds since 2000-01-01 UTC (the binary timestamptz). */
  recordedAt: bigint | null;
  hash: string | null;
}

const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

function field(value: string | Buffer | null): Buffer {
  if (value === null) return Buffer.from([0xff, 0xff, 0xff, 0xff]);
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length, 0);
  return Buffer.concat([length, bytes]);
}

function encodeRow(row: Row): Buffer {
  const count = Buffer.alloc(2);
  count.writeInt16BE(10, 0);
  let timestamp: Buffer | null = null;
  if (row.recordedAt !== null) {
    timestamp = Buffer.alloc(8);
    timestamp.writeBigInt64BE(row.recordedAt, 0);
  }
  return Buffer.concat([
    count,
    ...[row.prevHash, row.streamId, String(row.revision), row.eventId, row.type, String(row.schemaVersion), row.data, row.metadata].map(
      field,
    ),
    field(timestamp),
    field(row.hash),
  ]);
}

function copyOf(rows: Row[]): Buffer {
  return Buffer.concat([HEADER, ...rows.map(encodeRow), TRAILER]);
}

/** to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') for years 1–9999, via Date. */
function recordedAtText(micros: bigint): string {
  const ms = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
  const iso = new Date(PG_EPOCH_MS + Number(ms)).toISOString(); // 2026-11-25T08:00:00.123Z
  return `${iso.slice(0, 23)}${String(micros - ms * 1000n).padStart(3, '0')}Z`;
}
const YEAR_1 = BigInt(Date.parse('0001-01-01T00:00:00Z') - PG_EPOCH_MS) * 1000n;
const YEAR_10000 = BigInt(Date.parse('+010000-01-01T00:00:00Z') - PG_EPOCH_MS) * 1000n;

function aRow(overrides: Partial<Row> = {}): Row {
  const row: Row = {
    prevHash: GENESIS_HASH,
    streamId: 'disclosure-一',
    revision: 0,
    eventId: '0b6a2c1e-5f3a-4c8e-9b1d-7f2e4a6c8d0e',
    type: 'DisclosureDrafted',
    schemaVersion: 2,
    data: '{"title": "一种低温固态电池", "note": "tab\\t newline\\n quote\\" backslash\\\\ \\u0001"}',
    metadata: '{"actor": {"role": "inventor", "userId": "li.lei"}}',
    recordedAt: 848_217_600_123_456n, // 2026-11-17T08:00:00.123456Z
    hash: null,
    ...overrides,
  };
  return row;
}

/** Fills in the hash the chain defines (what append_events stores). */
function hashed(row: Row): Row {
  return {
    ...row,
    hash: computeEventHash({
      prevHash: row.prevHash ?? '',
      streamId: row.streamId,
      revision: row.revision,
      eventId: row.eventId,
      type: row.type,
      schemaVersion: row.schemaVersion,
      dataText: row.data ?? '',
      metadataText: row.metadata,
      recordedAtText: row.recordedAt === null ? '' : recordedAtText(row.recordedAt),
    }),
  };
}

function parse(chunks: Buffer[]): ChainLink[] {
  const links: ChainLink[] = [];
  const parser = new ChainCopyParser((link) => links.push(link));
  // A copy of each chunk: the parser writes over the bytes it is given, and the specs reuse theirs.
  for (const chunk of chunks) parser.push(Buffer.from(chunk));
  parser.end();
  return links;
}

function chain(n: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(
      hashed(
        aRow({
          prevHash: i === 0 ? GENESIS_HASH : rows[i - 1].hash,
          revision: i,
          eventId: `0b6a2c1e-5f3a-4c8e-9b1d-7f2e4a6c8d${String(i).padStart(2, '0')}`,
          data: `{"i": ${i}, "text": "第${i}步 \\\\ \\"quoted\\" \\t\\n"}`,
          recordedAt: 848_217_600_000_000n + BigInt(i) * 86_399_999_999n,
        }),
      ),
    );
  }
  return rows;
}

describe('ChainCopyParser (binary COPY of the hash chain)', () => {
  it('rehashes each row from the received bytes exactly as computeEventHash does', () => {
    const rows = chain(3);
    const links = parse([copyOf(rows)]);
    expect(links).toEqual(
      rows.map((r) => ({
        streamId: r.streamId,
        revision: r.revision,
        eventId: r.eventId,
        type: r.type,
        storedHash: r.hash,
        storedPrevHash: r.prevHash,
        computedHash: r.hash,
      })),
    );
  });

  it('gives the same links however the stream is cut into chunks', () => {
    const rows = chain(3);
    const bytes = copyOf(rows);
    const expected = parse([bytes]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
    const single = [...bytes].map((b) => Buffer.from([b]));
    expect(parse(single)).toEqual(expected);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const chunks = [0, ...sorted].map((from, i) => bytes.subarray(from, i < sorted.length ? sorted[i] : bytes.length));
        expect(parse(chunks)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('detects an edit of any hashed byte', () => {
    const [row] = chain(1);
    for (const edit of [
      { data: row.data!.replace('\\\\', '\\\\\\\\') },
      { data: row.data!.replace('第0步', '第1步') },
      { metadata: row.metadata.replace('li.lei', 'mallory') },
      { type: 'DisclosureWithdrawn' },
      { schemaVersion: 3 },
      { recordedAt: row.recordedAt! + 1n },
      { eventId: row.eventId.replace(/.$/, 'f') },
    ]) {
      const [link] = parse([copyOf([{ ...row, ...edit }])]);
      expect(link.storedHash).toBe(row.hash);
      expect(link.computedHash).not.toBe(row.hash);
    }
  });

  it('hashes a NULL text as the empty string and reports the NULL stored hashes as null', () => {
    const row = hashed(aRow({ prevHash: null, data: null }));
    const [link] = parse([copyOf([{ ...row, hash: null }])]);
    expect(link).toMatchObject({ storedHash: null, storedPrevHash: null, computedHash: row.hash });
  });

  it('formats recorded-at like to_char, microseconds included', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: YEAR_1, max: YEAR_10000 - 1n }), (micros) => {
        const row = hashed(aRow({ recordedAt: micros }));
        // Alone (hashed from a copy: nothing after it) and followed by a row (hashed in place).
        expect(parse([copyOf([row])])[0].computedHash).toBe(row.hash);
        expect(parse([copyOf([row, row])])[0].computedHash).toBe(row.hash);
      }),
      { numRuns: 2_000 },
    );
  });

  it('formats each row its own recorded-at when rows share one, or all of it but one word', () => {
    // The last text is reused while the timestamp repeats (one append's events): a neighbour 1 µs or
    // 2^32 µs away (the same low word) must not get it.
    const shared = 848_217_600_123_456n;
    const times = [shared, shared, shared + 1n, shared, shared + (1n << 32n), shared, shared, shared - 1n, shared];
    const rows = times.map((micros) => hashed(aRow({ recordedAt: micros })));
    expect(parse([copyOf(rows)]).map((l) => l.computedHash)).toEqual(rows.map((r) => r.hash));
    const edited = rows.map((r, i) => (i === 2 ? { ...r, recordedAt: shared } : r));
    expect(parse([copyOf(edited)]).map((l) => l.computedHash === l.storedHash)).toEqual(times.map((_, i) => i !== 2));
  });

  it('numbers days like the proleptic Gregorian calendar, BC years as to_char prints them', () => {
    expect(civilDate(0)).toBe('2000-01-01T');
    expect(civilDate(-1)).toBe('1999-12-31T');
    expect(civilDate(59)).toBe('2000-02-29T');
    expect(civilDate(36_584)).toBe('2100-03-01T'); // 2100 is not a leap year
    expect(civilDate(-730_119)).toBe('0001-01-01T');
    expect(civilDate(-730_120)).toBe('0001-12-31T'); // 1 BC
    expect(civilDate(2_921_939)).toBe('9999-12-31T');
    expect(civilDate(2_921_940)).toBe('10000-01-01T');
  });

  it('rejects what is not a whole binary COPY of the chain columns', () => {
    const bytes = copyOf(chain(2));
    expect(() => parse([Buffer.from('not a copy stream at all')])).toThrow(/signature/);
    expect(() => parse([bytes.subarray(0, bytes.length - 1)])).toThrow(/middle of a row/);
    expect(() => parse([bytes.subarray(0, bytes.length - 2)])).toThrow(/middle of a row/);
    const wrongWidth = Buffer.from(bytes);
    wrongWidth.writeInt16BE(9, HEADER.length);
    expect(() => parse([wrongWidth])).toThrow(/expected 10 fields/);
    const row = chain(1)[0];
    const notATimestamp = Buffer.concat([HEADER, encodeRow(row).subarray(0, -(12 + 68)), field('2026'), field(row.hash), TRAILER]);
    expect(() => parse([notATimestamp])).toThrow(/recorded_at/);
    expect(() => parse([bytes, Buffer.from([0])])).toThrow(/after the trailer/);
  });
});

/** What verify's link walk (libs/audit, per ChainLink in (stream, revision) order) reports for these rows. */
function linkWalk(rows: Row[]): { findings: unknown[]; last: Map<string, number> } {
  const links = parse([
    copyOf([...rows].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.revision - b.revision))),
  ]);
  const findings: unknown[] = [];
  const last = new Map<string, number>();
  let current: string | null = null;
  let expected = 0;
  let prev: string = GENESIS_HASH;
  for (const link of links) {
    if (link.streamId !== current) {
      current = link.streamId;
      expected = 0;
      prev = GENESIS_HASH;
    }
    const at = (kind: string, revision: number, e: string, f: string) =>
      findings.push({ kind, streamId: link.streamId, revision, eventId: link.eventId, expected: e, found: f });
    if (link.revision !== expected) at('missing_revision', expected, `revision ${expected}`, `revision ${link.revision}`);
    else if (link.storedPrevHash !== prev) at('prev_hash_mismatch', link.revision, prev, link.storedPrevHash ?? '(none)');
    else if (link.storedHash !== link.computedHash) at('hash_mismatch', link.revision, link.computedHash, link.storedHash ?? '(none)');
    expected = link.revision + 1;
    prev = link.storedHash ?? '';
    last.set(link.streamId, link.revision);
  }
  return { findings, last };
}

/** The whole-store walk over rows in the given (global) order, walking again in revision order what it asks for. */
function storeWalk(rows: Row[], cuts: number[] = []): { findings: unknown[]; last: Map<string, number>; events: number; again: string[] } {
  const walk = new ChainWalkParser({ maxFindings: 1_000 });
  const bytes = copyOf(rows);
  const sorted = [...cuts].map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  [0, ...sorted].forEach((from, i) => walk.push(bytes, from, i < sorted.length ? sorted[i] : bytes.length));
  walk.end();
  const again = walk.unorderedStreams();
  if (again.length > 0) {
    walk.reopen();
    const ordered = rows
      .filter((r) => again.includes(r.streamId))
      .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.revision - b.revision));
    walk.push(copyOf(ordered));
    walk.end();
  }
  const byKey = (a: { streamId: string; revision: number }, b: { streamId: string; revision: number }) =>
    a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.revision - b.revision;
  return { findings: walk.findings().sort(byKey), last: walk.lastRevisions(), events: walk.events, again };
}

/** Streams of hashed rows, interleaved as concurrent appends leave them in $all. */
function store(sizes: number[]): Row[] {
  const streams = sizes.map((n, s) =>
    chain(n).map((r, i) => ({
      ...r,
      streamId: `stream-${s}-流`,
      eventId: r.eventId.replace(/....$/, `${s}`.padStart(2, '0') + String(i).padStart(2, '0')),
    })),
  );
  // Re-chain each stream under its own id.
  const rechained = streams.map((rows) => {
    const out: Row[] = [];
    for (const r of rows) out.push(hashed({ ...r, prevHash: out.length === 0 ? GENESIS_HASH : out[out.length - 1].hash }));
    return out;
  });
  const all: Row[] = [];
  for (let i = 0; rechained.some((rows) => i < rows.length); i++) for (const rows of rechained) if (i < rows.length) all.push(rows[i]);
  return all;
}

describe('ChainWalkParser (the whole-store walk on the COPY bytes)', () => {
  it('finds nothing in intact interleaved streams, however the bytes are cut', () => {
    const rows = store([1, 4, 7]);
    expect(storeWalk(rows)).toEqual({ findings: [], last: new Map(rows.map((r) => [r.streamId, r.revision])), events: 12, again: [] });
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), (cuts) => {
        expect(storeWalk(rows, cuts).findings).toEqual([]);
        expect(storeWalk(rows, cuts).events).toBe(12);
      }),
      { numRuns: 200 },
    );
  });

  it('reports exactly what the link walk reports, for edited, deleted, swapped, renumbered, re-hashed and emptied rows', () => {
    const base = store([3, 5, 6]);
    type Tamper = (rows: Row[], i: number, j: number) => Row[];
    const tampers: Tamper[] = [
      (rows, i) => rows.map((r, k) => (k === i ? { ...r, data: `${r.data} ` } : r)), // edited
      (rows, i) => rows.filter((_, k) => k !== i), // deleted
      (rows, i, j) => rows.map((r, k) => (k === i ? rows[j] : k === j ? rows[i] : r)), // moved in $all
      (rows, i, j) =>
        rows.map((r, k) => (k === i && rows[j].streamId === r.streamId ? { ...r, revision: rows[j].revision, hash: r.hash } : r)), // renumbered
      (rows, i) => rows.map((r, k) => (k === i ? hashed({ ...r, metadata: '{"rewritten":true}' }) : r)), // edited and re-hashed
      (rows, i) => rows.map((r, k) => (k === i ? { ...r, hash: null, prevHash: null } : r)), // hashes stripped
      (rows, i) => rows.map((r, k) => (k === i ? { ...r, prevHash: 'é'.repeat(64) } : r)), // not even hex
      (rows, i) => rows.map((r, k) => (k === i ? { ...r, hash: '哈'.repeat(64) } : r)),
      // Too short to hold recorded-at's text, which is written over the stored hash: hashed from a copy.
      (rows, i) => rows.map((r, k) => (k === i ? { ...r, hash: (r.hash ?? '').slice(0, 5) } : r)),
      (rows, i) => rows.map((r, k) => (k === i ? { ...r, hash: '' } : r)),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(tampers.length - 1), fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (edits, cuts) => {
          let rows = base;
          for (const [t, i, j] of edits) rows = tampers[t](rows, i % rows.length, j % rows.length);
          // Duplicate (stream, revision) pairs cannot be stored (unique index): skip those.
          fc.pre(new Set(rows.map((r) => `${r.streamId}@${r.revision}`)).size === rows.length);
          const expected = linkWalk(rows);
          const walked = storeWalk(rows, cuts);
          expect(walked.findings).toEqual(expected.findings);
          expect(walked.last).toEqual(expected.last);
          expect(walked.events).toBe(rows.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('walks again, in revision order, a stream whose rows come out of order, and only that one', () => {
    const rows = store([2, 4]);
    const b = rows.filter((r) => r.streamId === 'stream-1-流');
    const moved = [...rows.filter((r) => r !== b[1]), b[1]]; // revision 1 of stream 1 now last in $all: intact, but out of order
    const walked = storeWalk(moved);
    expect(walked.again).toEqual(['stream-1-流']);
    expect(walked).toMatchObject({ findings: [], events: 6 });
    expect(walked.last).toEqual(
      new Map([
        ['stream-0-流', 1],
        ['stream-1-流', 3],
      ]),
    );
  });

  it('keeps the first findings in (stream, revision) order when there are too many', () => {
    const rows = store([30, 30]).map((r) => ({ ...r, data: `${r.data} ` }));
    const walk = new ChainWalkParser({ maxFindings: 3 });
    walk.push(copyOf(rows));
    walk.end();
    expect(walk.findings().map((f) => [f.streamId, f.revision])).toEqual([
      ['stream-0-流', 0],
      ['stream-0-流', 1],
      ['stream-0-流', 2],
    ]);
  });
});

describe('HeadsCopy (the stream catalogue as the walk reads it)', () => {
  const headRow = (streamId: string, revision: number): Buffer => {
    const count = Buffer.alloc(2);
    count.writeInt16BE(2, 0);
    const value = Buffer.alloc(8);
    value.writeBigInt64BE(BigInt(revision), 0);
    return Buffer.concat([count, field(streamId), field(value)]);
  };

  it('reads every (stream, revision) however the bytes are cut, and rejects what is not that COPY', () => {
    const bytes = Buffer.concat([HEADER, headRow('disclosure-一', 0), headRow('stream-流', 41), headRow('x', -1), TRAILER]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const heads = new HeadsCopy();
      heads.push(bytes, 0, cut);
      heads.push(bytes, cut, bytes.length);
      expect(heads.heads()).toEqual([
        { streamId: 'disclosure-一', revision: 0 },
        { streamId: 'stream-流', revision: 41 },
        { streamId: 'x', revision: -1 },
      ]);
    }
    const notAHead = new HeadsCopy();
    notAHead.push(copyOf(chain(1)));
    expect(() => notAHead.heads()).toThrow(/expected 2 fields/);
    const trailing = new HeadsCopy();
    trailing.push(Buffer.concat([bytes, Buffer.from([0])]));
    expect(() => trailing.heads()).toThrow(/after the trailer/);
  });
});
