import { hash as sha256 } from 'node:crypto';
import { ChainFinding, ChainLink, GENESIS_HASH, HASH_CHAIN_VERSION, StreamHead } from '../hash-chain';

/**
 * The hash chain as PostgreSQL streams it for verification (ADR 7): one binary `COPY … TO STDOUT`
 * of these columns. In binary COPY every field is a 4-byte big-endian length followed by its bytes,
 * and a text or json value's bytes are its stored text (UTF-8, the database encoding) — exactly a
 * field of the canonical serialization. So the columns are laid out so that, from prev_hash to
 * recorded_at, a row as received IS the canonical serialization but for its two ends: the version
 * tag before prev_hash, and recorded-at's text where the binary timestamp is. Node writes those two
 * over bytes it has done with — the tag over the 15 bytes before the row (the message header and
 * the previous row's stored hash, both read already), recorded-at's text over the timestamp and the
 * start of this row's stored hash, which comes last and is read first — and hashes the row where it
 * lies: no copy of the event, no bytes put back, no string but the digest and the stored hashes,
 * for the comparison. Recorded-at is formatted here (as `to_char(… AT TIME ZONE 'UTC',
 * 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` does) because to_char costs PostgreSQL more than a few integer
 * divisions cost Node; the revision, event id and schema version come as text because their text is
 * in the middle of the hashed bytes.
 */
export const CHAIN_COPY_COLUMNS = `e.prev_hash, e.stream_id, e.stream_revision::text AS revision_text, e.event_id::text AS event_id_text,
  e.event_type, e.schema_version::text AS schema_version_text, e.data::text AS data_text, e.metadata::text AS metadata_text, e.recorded_at,
  e.hash`;

const FIELDS = 10;
const F_PREV_HASH = 0;
const F_STREAM_ID = 1;
const F_REVISION = 2;
const F_EVENT_ID = 3;
const F_TYPE = 4;
/** Last of the fields hashed exactly as received (schema version, data, metadata before it). */
const F_METADATA = 7;
const F_RECORDED_AT = 8;
/** The stored hash, last: read before the digest, whose recorded-at text is written over its start. */
const F_HASH = 9;

/** "PGCOPY\n\377\r\n\0", then a 32-bit flags word and a 32-bit header-extension length. */
const SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);
const HEADER_BYTES = SIGNATURE.length + 8;

const TAG_FIELD = (() => {
  const text = Buffer.from(HASH_CHAIN_VERSION, 'utf8');
  const field = Buffer.alloc(4 + text.length);
  field.writeUInt32BE(text.length, 0);
  text.copy(field, 4);
  return field;
})();

/** Recorded-at's canonical field at most: a length word and "YYYYYY-MM-DDTHH:MM:SS.ffffffZ". */
const RECORDED_AT_MAX = 4 + 29;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

const US_PER_DAY = 86_400_000_000;
/** Days from 0000-03-01 (civil algorithm epoch) to 2000-01-01, PostgreSQL's timestamp epoch. */
const DAYS_TO_PG_EPOCH = 730_425;

/**
 * Incremental parser of a binary COPY of CHAIN_COPY_COLUMNS: `push` the COPY's bytes in order (rows
 * may be split anywhere); each complete row is handed to `row` while its bytes are still where
 * they arrived (`starts`/`lengths` locate its fields), so most rows are never copied but once, into
 * the buffer they are hashed from. The bytes pushed are the parser's to overwrite: `digest` writes
 * over the 15 bytes before a row and over its stored hash.
 */
abstract class ChainRowParser {
  /** Where each field's length word is, and its length (-1: NULL), for the row being handled. */
  protected readonly starts = new Int32Array(FIELDS);
  protected readonly lengths = new Int32Array(FIELDS);
  private pending: Buffer | null = null;
  private headerSeen = false;
  private trailerSeen = false;
  private scratch = Buffer.allocUnsafe(16 * 1024);
  private dayCached = Number.NaN;
  private dayText = Buffer.alloc(0);
  /** The last recorded-at formatted (its length word and text) and the timestamp it was formatted from. */
  private readonly recordedAtText = new Uint8Array(RECORDED_AT_MAX);
  private recordedAtLength = 0;
  private recordedAtHigh = Number.NaN;
  private recordedAtLow = Number.NaN;

  constructor() {
    TAG_FIELD.copy(this.scratch, 0);
  }

  /**
   * The next bytes of the COPY: `buf[start, end)` (a CopySink). `buf` up to `end` is the parser's
   * to overwrite from then on, as a socket read is once read: rows are hashed in place.
   */
  readonly push = (buf: Buffer, start = 0, end = buf.length): void => {
    if (!this.headerSeen) {
      const joined = this.pending === null ? buf.subarray(start, end) : Buffer.concat([this.pending, buf.subarray(start, end)]);
      const pos = this.header(joined);
      if (pos === 0) {
        this.pending = Buffer.from(joined);
        return;
      }
      this.pending = null;
      buf = joined;
      start = pos;
      end = joined.length;
    }
    if (this.trailerSeen) {
      if (end > start) throw new Error('binary COPY: data after the trailer');
      return;
    }
    if (this.pending !== null) {
      // A row split across pieces: join exactly that row (its length read across both), handle it,
      // and go on in place.
      const rest = this.pending;
      const size = this.rowSize(rest, buf, start, end);
      if (size < 0 || size - rest.length > end - start) {
        this.pending = Buffer.concat([rest, buf.subarray(start, end)]);
        return;
      }
      // Room before the row for the tag, so that it too is hashed in place.
      const joined = Buffer.allocUnsafe(TAG_FIELD.length + size);
      rest.copy(joined, TAG_FIELD.length);
      buf.copy(joined, TAG_FIELD.length + rest.length, start, start + size - rest.length);
      this.pending = null;
      this.rows(joined, TAG_FIELD.length, joined.length);
      start += size - rest.length;
      if (this.trailerSeen) {
        if (start < end) throw new Error('binary COPY: data after the trailer');
        return;
      }
    }
    const pos = this.rows(buf, start, end);
    if (pos < end) this.pending = Buffer.from(buf.subarray(pos, end));
  };

  /**
   * The byte size of the row (or trailer) that starts `rest` and goes on at `buf[start, end)`;
   * -1 while that cannot be told yet.
   */
  private rowSize(rest: Buffer, buf: Buffer, start: number, end: number): number {
    const available = rest.length + end - start;
    const byte = (v: number): number => (v < rest.length ? rest[v] : buf[start + v - rest.length]);
    if (available < 2) return -1;
    const count = ((byte(0) << 24) >> 16) | byte(1);
    if (count === -1) return 2;
    if (count !== FIELDS) throw new Error(`binary COPY: expected ${FIELDS} fields per row, got ${count}`);
    let v = 2;
    for (let f = 0; f < FIELDS; f++) {
      if (available - v < 4) return -1;
      const length = (byte(v) << 24) | (byte(v + 1) << 16) | (byte(v + 2) << 8) | byte(v + 3);
      v += length > 0 ? 4 + length : 4;
    }
    return v;
  }

  /** Takes the next bytes as a new COPY (header first). */
  protected restart(): void {
    this.end();
    this.pending = null;
    this.headerSeen = false;
    this.trailerSeen = false;
  }

  /** Throws unless the whole COPY, trailer included, has been pushed. */
  end(): void {
    if (!this.trailerSeen || this.pending !== null) throw new Error('binary COPY ended in the middle of a row');
  }

  /** Handles the row whose fields `starts`/`lengths` locate in `buf`. */
  protected abstract row(buf: Buffer): void;

  /** Reads the file header at the start of `buf`: the offset after it, or 0 if incomplete. */
  private header(buf: Buffer): number {
    const signed = Math.min(buf.length, SIGNATURE.length);
    if (!buf.subarray(0, signed).equals(SIGNATURE.subarray(0, signed))) throw new Error('binary COPY: bad signature');
    if (buf.length < HEADER_BYTES) return 0;
    const extension = buf.readUInt32BE(SIGNATURE.length + 4);
    if (buf.length < HEADER_BYTES + extension) return 0;
    this.headerSeen = true;
    return HEADER_BYTES + extension;
  }

  /** Handles every complete row (and the trailer) of `buf[pos, end)`; returns where the incomplete rest begins. */
  private rows(buf: Buffer, pos: number, end: number): number {
    const { starts, lengths } = this;
    while (end - pos >= 2) {
      const count = ((buf[pos] << 24) >> 16) | buf[pos + 1];
      if (count === -1) {
        this.trailerSeen = true;
        pos += 2;
        if (pos !== end) throw new Error('binary COPY: data after the trailer');
        break;
      }
      if (count !== FIELDS) throw new Error(`binary COPY: expected ${FIELDS} fields per row, got ${count}`);
      let p = pos + 2;
      let f = 0;
      for (; f < FIELDS; f++) {
        if (end - p < 4) break;
        const length = (buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
        starts[f] = p;
        lengths[f] = length;
        p += length > 0 ? 4 + length : 4;
        if (p > end) break;
      }
      if (f < FIELDS) break;
      if (lengths[F_RECORDED_AT] !== 8 && lengths[F_RECORDED_AT] !== -1) {
        throw new Error(`binary COPY: recorded_at is ${lengths[F_RECORDED_AT]} bytes, not a timestamptz`);
      }
      this.row(buf);
      pos = p;
    }
    return pos;
  }

  /**
   * SHA-256 (hex) of the row's canonical serialization (hash-chain.ts). Call it after the stored
   * hash has been read: the row's bytes from its stored hash on, and the 15 bytes before the row,
   * are overwritten. In place when those 15 bytes are in `buf`, recorded-at's text fits before the
   * row's end and no hashed field is NULL: the tag is written before prev_hash, recorded-at's text
   * over the binary timestamp and the start of the stored hash, and the span is hashed. Otherwise
   * the fields are copied into a scratch buffer.
   */
  protected digest(buf: Buffer): string {
    const { starts, lengths } = this;
    const from = starts[F_PREV_HASH] - TAG_FIELD.length;
    const at = starts[F_RECORDED_AT];
    let inPlace = from >= 0 && at + RECORDED_AT_MAX <= starts[F_HASH] + 4 + lengths[F_HASH];
    for (let f = F_PREV_HASH; inPlace && f <= F_METADATA; f++) inPlace = lengths[f] >= 0;
    if (!inPlace) return this.copiedDigest(buf);
    for (let i = 0; i < TAG_FIELD.length; i++) buf[from + i] = TAG_FIELD[i];
    const to = this.writeRecordedAt(buf, buf, at);
    // A plain Uint8Array view: cheaper to make than a Buffer (subarray), and all crypto.hash needs.
    return sha256('sha256', new Uint8Array(buf.buffer, buf.byteOffset + from, to - from), 'hex');
  }

  private copiedDigest(buf: Buffer): string {
    const { starts, lengths } = this;
    const from = starts[F_PREV_HASH];
    const to = starts[F_RECORDED_AT];
    const needed = TAG_FIELD.length + (to - from) + RECORDED_AT_MAX;
    if (this.scratch.length < needed) {
      this.scratch = Buffer.allocUnsafe(Math.max(needed, this.scratch.length * 2));
      TAG_FIELD.copy(this.scratch, 0);
    }
    const out = this.scratch;
    const o = TAG_FIELD.length;
    buf.copy(out, o, from, to);
    // A NULL field is its length word -1 and no bytes; the canonical form hashes it as '' (length 0).
    for (let f = F_PREV_HASH; f <= F_METADATA; f++) {
      if (lengths[f] < 0) writeUint32(out, o + starts[f] - from, 0);
    }
    const end = this.writeRecordedAt(buf, out, o + to - from);
    return sha256('sha256', out.subarray(0, end), 'hex');
  }

  /** The revision (NaN when it is not a bigint's text). */
  protected revision(buf: Buffer): number {
    return decimal(buf, this.starts[F_REVISION], this.lengths[F_REVISION]);
  }

  protected text(buf: Buffer, field: number): string | null {
    const length = this.lengths[field];
    const start = this.starts[field] + 4;
    return length < 0 ? null : buf.toString('utf8', start, start + length);
  }

  /** The field's bytes as a latin1 string: equal to an ASCII text exactly when the field holds that text. */
  protected bytes(buf: Buffer, field: number): string | null {
    const length = this.lengths[field];
    const start = this.starts[field] + 4;
    return length < 0 ? null : (buf as unknown as Latin1Sliceable).latin1Slice(start, start + length);
  }

  /**
   * recordedAt as the chain defines it, `to_char(recorded_at AT TIME ZONE 'UTC',
   * 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, computed here from the binary timestamptz (microseconds
   * since 2000-01-01 UTC): a length word and the text at `at`; returns the end offset.
   */
  private writeRecordedAt(buf: Buffer, out: Buffer, at: number): number {
    const start = this.starts[F_RECORDED_AT];
    if (this.lengths[F_RECORDED_AT] < 0) {
      // NULL: hashed as ''; the stored hash will not match.
      writeUint32(out, at, 0);
      return at + 4;
    }
    // Read before anything is written: `out` may be `buf`, and `at` the timestamp's own place.
    const high = buf.readInt32BE(start + 4);
    const low = buf.readUInt32BE(start + 8);
    const cached = this.recordedAtText;
    if (low === this.recordedAtLow && high === this.recordedAtHigh) {
      // The events of one append share its transaction's timestamp: its text again, as bytes.
      const length = this.recordedAtLength;
      for (let i = 0; i < length; i++) out[at + i] = cached[i];
      return at + length;
    }
    let days: number;
    let timeOfDay: number;
    if (high > -0x200000 && high < 0x200000) {
      const us = high * 0x1_0000_0000 + low; // exact below 2^53 µs (≈ 1715–2285)
      days = Math.floor(us / US_PER_DAY);
      timeOfDay = us - days * US_PER_DAY;
    } else {
      const us = buf.readBigInt64BE(start + 4);
      if (us === 0x7fff_ffff_ffff_ffffn || us === -0x8000_0000_0000_0000n) {
        writeUint32(out, at, 0); // ±infinity: to_char gives NULL; hashed as ''
        return at + 4;
      }
      const day = BigInt(US_PER_DAY);
      let d = us / day;
      if (us % day < 0n) d -= 1n;
      days = Number(d);
      timeOfDay = Number(us - d * day);
    }
    if (days !== this.dayCached) {
      this.dayText = Buffer.from(civilDate(days), 'latin1');
      this.dayCached = days;
    }
    writeUint32(out, at, this.dayText.length + 16); // "…THH:MM:SS.ffffffZ"
    let o = at + 4;
    const day = this.dayText;
    for (let i = 0; i < day.length; i++) out[o + i] = day[i];
    o += day.length;
    const micros = timeOfDay % 1_000_000;
    const secondsOfDay = (timeOfDay - micros) / 1_000_000;
    const hours = Math.floor(secondsOfDay / 3600);
    const minutes = Math.floor(secondsOfDay / 60) % 60;
    const seconds = secondsOfDay % 60;
    o = twoDigits(out, o, hours);
    out[o++] = 0x3a; // :
    o = twoDigits(out, o, minutes);
    out[o++] = 0x3a;
    o = twoDigits(out, o, seconds);
    out[o++] = 0x2e; // .
    let rest = micros;
    for (let i = 5; i >= 0; i--) {
      out[o + i] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    o += 6;
    out[o++] = 0x5a; // Z
    this.recordedAtHigh = high;
    this.recordedAtLow = low;
    this.recordedAtLength = o - at;
    for (let i = 0; i < o - at; i++) cached[i] = out[at + i];
    return o;
  }
}

/**
 * Rehashes every row into a ChainLink (`readChain`: one stream, or a whole store for adapters'
 * callers that want the links themselves).
 */
export class ChainCopyParser extends ChainRowParser {
  // Consecutive rows mostly repeat the stream id and type, and carry the previous row's hash as
  // their prevHash: those strings are reused instead of decoded again.
  private readonly lastStreamId = new RepeatedText();
  private readonly lastType = new RepeatedText();
  private readonly lastHash = new RepeatedText();

  constructor(private readonly sink: (link: ChainLink) => void) {
    super();
  }

  protected row(buf: Buffer): void {
    const { starts, lengths } = this;
    const storedPrevHash = this.lastHash.read(buf, starts[F_PREV_HASH], lengths[F_PREV_HASH]);
    const storedHash = this.lastHash.read(buf, starts[F_HASH], lengths[F_HASH]);
    const computedHash = this.digest(buf); // overwrites the stored hash's bytes: read before
    this.sink({
      streamId: this.lastStreamId.read(buf, starts[F_STREAM_ID], lengths[F_STREAM_ID]) ?? '',
      revision: this.revision(buf),
      eventId: this.text(buf, F_EVENT_ID) ?? '',
      type: this.lastType.read(buf, starts[F_TYPE], lengths[F_TYPE]) ?? '',
      storedHash,
      storedPrevHash,
      computedHash,
    });
  }
}

/** One stream's chain as far as a walk has followed it. */
class StreamChain {
  /** The revision the next event must have, and the hash it must carry as its prevHash. */
  expected = 0;
  prev = GENESIS_HASH;
  /** `prev` is ASCII (a hex hash, as it always is unless the stored hash was edited to something else). */
  prevAscii = true;
  /** The last revision walked (-1: none). */
  last = -1;
  /** Its events did not come in revision order: this pass's findings for it are void. */
  unordered = false;
  /** Rows of this stream walked. */
  count = 0;

  constructor(readonly id: string) {}
}

export interface ChainWalkOptions {
  /** Called every `progressEvery` events with the number walked. */
  onProgress?: (events: number) => void;
  progressEvery?: number;
  /** Keep (about) the first this many findings in (stream id, revision) order; see `findings`. */
  maxFindings?: number;
}

/**
 * The whole-store walk's checks, made on the COPY bytes themselves (ADR 7): per stream the chain
 * verify defines — revisions from 0 without gaps, each event carrying its predecessor's stored hash
 * (the zero hash first) and its own bytes giving its stored hash — with nothing allocated per event
 * but the digest (compared with the stored hashes as bytes) and, when the stream changes, its id.
 *
 * The rows may come in any order of streams (a walk follows global position, so streams
 * interleave); a stream is followed by its own state. If a stream's revisions do not arrive
 * increasing (its rows were renumbered or moved), its findings from this pass are void and the
 * caller walks it again in revision order (`reopen`, then the rows of those streams ordered by
 * revision). A stream whose revisions do arrive increasing arrived in revision order, so its
 * findings are exactly those of a walk in (stream, revision) order.
 */
export class ChainWalkParser extends ChainRowParser {
  /** By the id's bytes read as latin1 (one string per byte sequence, no UTF-8 decoding per row). */
  private readonly streams = new Map<string, StreamChain>();
  private current: StreamChain | null = null;
  /** The current stream's id as bytes (`currentLength` of them): a repeat is told without decoding it. */
  private currentBytes = new Uint8Array(128);
  private currentLength = -2;
  /** false while walking streams again in revision order: every row is then checked as it comes. */
  private checkOrder = true;
  private found: ChainFinding[] = [];
  events = 0;
  private readonly progressEvery: number;
  private untilProgress: number;
  private readonly maxFindings: number;

  constructor(private readonly options: ChainWalkOptions = {}) {
    super();
    this.progressEvery = Math.max(1, options.progressEvery ?? Number.MAX_SAFE_INTEGER);
    this.untilProgress = this.progressEvery;
    this.maxFindings = Math.max(1, options.maxFindings ?? Number.MAX_SAFE_INTEGER);
  }

  /** Streams whose rows did not come in revision order: walk them again, ordered, after `reopen`. */
  unorderedStreams(): string[] {
    return [...this.streams.values()].filter((s) => s.unordered).map((s) => s.id);
  }

  /**
   * Forgets the streams whose rows did not come in revision order (and their findings) and takes
   * the next COPY as the rows of those streams, ordered by revision.
   */
  reopen(): void {
    const dropped = new Set<string>();
    for (const [key, stream] of this.streams) {
      if (!stream.unordered) continue;
      dropped.add(stream.id);
      this.events -= stream.count;
      this.streams.delete(key);
    }
    this.found = this.found.filter((f) => !dropped.has(f.streamId));
    this.current = null;
    this.checkOrder = false;
    this.restart();
  }

  /** Every stream walked: the last revision walked. */
  lastRevisions(): Map<string, number> {
    const last = new Map<string, number>();
    for (const stream of this.streams.values()) last.set(stream.id, stream.last);
    return last;
  }

  /**
   * The findings: every one when there are at most `maxFindings`, else the first `maxFindings` in
   * (stream id, revision) order (exact unless more than nine times that many came from streams
   * later found unordered and walked again).
   */
  findings(): ChainFinding[] {
    return this.truncate(this.found, this.maxFindings);
  }

  protected row(buf: Buffer): void {
    const stream = this.stream(buf);
    this.events += 1;
    stream.count += 1;
    if (--this.untilProgress === 0) {
      this.untilProgress = this.progressEvery;
      this.options.onProgress?.(this.events);
    }
    if (stream.unordered) return;
    const revision = this.revision(buf);
    if (this.checkOrder && !(revision > stream.last)) {
      stream.unordered = true;
      return;
    }
    // Hex digests and hashes are ASCII, whose bytes read as latin1 are their text: compared as
    // strings of bytes, without decoding UTF-8, unless something else was stored. Read before the
    // digest, which writes over the stored hash's bytes.
    const stored = this.bytes(buf, F_HASH);
    const computed = this.digest(buf);
    const hashed = stored === computed;
    if (revision !== stream.expected) {
      this.find('missing_revision', stream, stream.expected, buf, `revision ${stream.expected}`, `revision ${revision}`);
    } else if (!(stream.prevAscii ? this.bytes(buf, F_PREV_HASH) === stream.prev : this.text(buf, F_PREV_HASH) === stream.prev)) {
      this.find('prev_hash_mismatch', stream, revision, buf, stream.prev, this.text(buf, F_PREV_HASH) ?? '(none)');
    } else if (!hashed) {
      this.find('hash_mismatch', stream, revision, buf, computed, utf8(stored) ?? '(none)');
    }
    stream.expected = revision + 1;
    if (hashed) {
      stream.prev = computed;
      stream.prevAscii = true;
    } else {
      stream.prev = utf8(stored) ?? '';
      stream.prevAscii = !NON_ASCII.test(stream.prev);
    }
    stream.last = revision;
  }

  /**
   * The state of the row's stream, looked up by the id's bytes: the last one again while they
   * repeat (compared where they lie, from the end, where ids of one kind differ), else by the
   * bytes read as a latin1 string.
   */
  private stream(buf: Buffer): StreamChain {
    const start = this.starts[F_STREAM_ID] + 4;
    const length = this.lengths[F_STREAM_ID];
    const current = this.currentBytes;
    if (this.current !== null && length === this.currentLength) {
      let i = length - 1;
      while (i >= 0 && buf[start + i] === current[i]) i--;
      if (i < 0) return this.current;
    }
    const key = this.bytes(buf, F_STREAM_ID) ?? '';
    let stream = this.streams.get(key);
    if (stream === undefined) {
      stream = new StreamChain(this.text(buf, F_STREAM_ID) ?? '');
      this.streams.set(key, stream);
    }
    this.current = stream;
    this.currentLength = length;
    if (length > current.length) this.currentBytes = new Uint8Array(length * 2);
    for (let i = 0; i < length; i++) this.currentBytes[i] = buf[start + i];
    return stream;
  }

  private find(kind: ChainFinding['kind'], stream: StreamChain, revision: number, buf: Buffer, expected: string, found: string): void {
    this.found.push({ kind, streamId: stream.id, revision, eventId: this.text(buf, F_EVENT_ID) ?? '', expected, found });
    if (this.found.length >= 20 * this.maxFindings) this.found = this.truncate(this.found, 10 * this.maxFindings);
  }

  private truncate(findings: ChainFinding[], max: number): ChainFinding[] {
    if (findings.length <= max) return findings;
    return [...findings].sort(compareFindings).slice(0, max);
  }
}

/** The stream catalogue as the walk reads it: a binary COPY of these columns (`HeadsCopy`). */
export const HEADS_COPY_COLUMNS = 's.stream_id, s.revision';

/**
 * The stream catalogue's heads from a binary COPY of HEADS_COPY_COLUMNS (a CopySink): the bytes are
 * kept and read in one go at `heads()`. Half the Node time of pg's row objects (9–15 against 25–30
 * ms per 10,000 streams warm; 20–30 against ≈ 85 ms in a process's first walk).
 */
export class HeadsCopy {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private length = 0;

  /** Copied (the reads' buffer is reused) into one growing buffer: one copy per row, no Buffer per row. */
  readonly push = (buf: Buffer, start = 0, end = buf.length): void => {
    if (this.length + end - start > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.length + end - start));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.length += buf.copy(this.bytes, this.length, start, end);
  };

  heads(): StreamHead[] {
    const buf = this.bytes.subarray(0, this.length);
    if (buf.length < HEADER_BYTES || !buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('binary COPY: bad signature');
    let pos = HEADER_BYTES + buf.readUInt32BE(SIGNATURE.length + 4);
    const heads: StreamHead[] = [];
    for (;;) {
      const count = buf.readInt16BE(pos);
      pos += 2;
      if (count === -1) break;
      if (count !== 2) throw new Error(`binary COPY: expected 2 fields per row, got ${count}`);
      const idLength = buf.readInt32BE(pos);
      const streamId = buf.toString('utf8', pos + 4, pos + 4 + idLength);
      pos += 4 + idLength;
      if (buf.readInt32BE(pos) !== 8) throw new Error('binary COPY: a stream revision is not a bigint');
      heads.push({ streamId, revision: Number(buf.readBigInt64BE(pos + 4)) });
      pos += 12;
    }
    if (pos !== buf.length) throw new Error('binary COPY: data after the trailer');
    return heads;
  }
}

/** (stream id, revision) order, the order verify reports breaks in. */
export function compareFindings(a: { streamId: string; revision: number }, b: { streamId: string; revision: number }): number {
  return a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.revision - b.revision;
}

function writeUint32(out: Buffer, at: number, value: number): void {
  out[at] = value >>> 24;
  out[at + 1] = (value >>> 16) & 0xff;
  out[at + 2] = (value >>> 8) & 0xff;
  out[at + 3] = value & 0xff;
}

function twoDigits(out: Buffer, o: number, value: number): number {
  out[o] = 0x30 + Math.floor(value / 10);
  out[o + 1] = 0x30 + (value % 10);
  return o + 2;
}

/**
 * "YYYY-MM-DDT" for a day number counted from 2000-01-01, proleptic Gregorian as PostgreSQL
 * computes it; years as to_char's YYYY prints them (at least four digits, BC years as their
 * positive number).
 */
export function civilDate(daysSince2000: number): string {
  // Howard Hinnant's civil_from_days, shifted to the 0000-03-01 epoch.
  const z = daysSince2000 + DAYS_TO_PG_EPOCH;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const shown = year <= 0 ? 1 - year : year; // astronomical year 0 is 1 BC
  return `${String(shown).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T`;
}

/**
 * Buffer's latin1 slice without `toString`'s encoding dispatch (≈ 25 ns of ≈ 125 per call, twice
 * per event): the method `toString('latin1')` itself ends in, on every Buffer since Node 0.x.
 */
interface Latin1Sliceable {
  latin1Slice(start: number, end: number): string;
}

/** The last text field decoded at one column, returned again while the bytes are the same. */
class RepeatedText {
  private bytes = Buffer.alloc(128);
  private length = -2;
  private value: string | null = null;

  read(buf: Buffer, start: number, length: number): string | null {
    if (length === this.length && (length <= 0 || buf.compare(this.bytes, 0, length, start + 4, start + 4 + length) === 0))
      return this.value;
    this.value = length < 0 ? null : buf.toString('utf8', start + 4, start + 4 + length);
    this.length = length;
    if (length > 0) {
      if (this.bytes.length < length) this.bytes = Buffer.alloc(length * 2);
      buf.copy(this.bytes, 0, start + 4, start + 4 + length);
    }
    return this.value;
  }
}

/** The text of bytes held as a latin1 string (`bytes`), decoded as UTF-8 (a field's `text`). */
function utf8(bytes: string | null): string | null {
  return bytes === null ? null : Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A bigint's text form; NaN when it is not one (the revision check then reports it). */
function decimal(buf: Buffer, start: number, length: number): number {
  if (length <= 0 || length > 20) return Number.NaN;
  let i = start + 4;
  const end = i + length;
  const negative = buf[i] === 0x2d;
  if (negative) i += 1;
  if (i === end) return Number.NaN;
  let value = 0;
  for (; i < end; i++) {
    const digit = buf[i] - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}
