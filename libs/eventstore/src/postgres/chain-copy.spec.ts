import fc from 'fast-check';
import { ChainLink, computeEventHash, GENESIS_HASH } from '../hash-chain';
import { ChainCopyParser, civilDate } from './chain-copy';

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
  for (const chunk of chunks) parser.push(chunk);
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
        const [link] = parse([copyOf([row])]);
        expect(link.computedHash).toBe(row.hash);
      }),
      { numRuns: 2_000 },
    );
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
    expect(() => parse([bytes, Buffer.from([0])])).toThrow(/after the trailer/);
  });
});
