import { hash as sha256 } from 'node:crypto';
import { ChainLink, HASH_CHAIN_VERSION } from '../hash-chain';

/**
 * The hash chain as PostgreSQL streams it for verification (ADR 7): one binary `COPY … TO STDOUT`
 * of these columns, in (stream, revision) order. The order is chosen so that the hashed fields
 * arrive exactly as the canonical serialization lays them out: binary COPY sends every field as a
 * 4-byte big-endian length followed by its bytes, and for `text` values those bytes are the
 * server's text (UTF-8, the database encoding) — `data::text`/`metadata::text` are the jsonb text
 * output the chain was computed from. So columns 0–7 of a row, as received, ARE the canonical
 * fields prevHash … metadataText; Node prefixes the version tag, appends recordedAt (formatted here
 * from the raw timestamp, not by SQL) and hashes — no string decoding, no re-encoding. Strings are
 * decoded only for what the report needs (ids, revision, type, the two stored hashes).
 */
export const CHAIN_COPY_COLUMNS = `e.prev_hash, e.stream_id, e.stream_revision::text AS revision_text, e.event_id::text AS event_id_text,
  e.event_type, e.schema_version::text AS schema_version_text, e.data::text AS data_text, e.metadata::text AS metadata_text,
  e.recorded_at, e.hash`;

const FIELDS = 10;
const F_PREV_HASH = 0;
const F_STREAM_ID = 1;
const F_REVISION = 2;
const F_EVENT_ID = 3;
const F_TYPE = 4;
/** Last of the fields that are hashed exactly as received (schema version, data, metadata before it). */
const F_METADATA = 7;
const F_RECORDED_AT = 8;
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

const US_PER_DAY = 86_400_000_000;
/** Days from 0000-03-01 (civil algorithm epoch) to 2000-01-01, PostgreSQL's timestamp epoch. */
const DAYS_TO_PG_EPOCH = 730_425;

/**
 * Incremental parser of a binary COPY of CHAIN_COPY_COLUMNS: feed it the stream's chunks in order
 * (rows may be split anywhere across chunks); it calls `sink` with one rehashed link per row.
 */
export class ChainCopyParser {
  private rest: Buffer | null = null;
  private headerSeen = false;
  private trailerSeen = false;
  private scratch = Buffer.allocUnsafe(16 * 1024);
  private readonly starts = new Int32Array(FIELDS);
  private readonly lengths = new Int32Array(FIELDS);
  private dayCached = NaN;
  private dayText = Buffer.alloc(0);
  // Consecutive rows mostly repeat the stream id and type, and carry the previous row's hash as
  // their prevHash: those strings are reused instead of decoded again.
  private readonly lastStreamId = new RepeatedText();
  private readonly lastType = new RepeatedText();
  private readonly lastHash = new RepeatedText();

  constructor(private readonly sink: (link: ChainLink) => void) {
    TAG_FIELD.copy(this.scratch, 0);
  }

  push(chunk: Buffer): void {
    if (this.trailerSeen) {
      if (chunk.length > 0) throw new Error('binary COPY: data after the trailer');
      return;
    }
    if (!this.headerSeen) {
      const buf = this.rest === null ? chunk : Buffer.concat([this.rest, chunk]);
      this.rest = null;
      if (buf.length < HEADER_BYTES) {
        this.rest = buf;
        return;
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('binary COPY: bad signature');
      const extension = buf.readUInt32BE(SIGNATURE.length + 4);
      if (buf.length < HEADER_BYTES + extension) {
        this.rest = buf;
        return;
      }
      this.headerSeen = true;
      chunk = buf.subarray(HEADER_BYTES + extension);
    }
    if (this.rest !== null) {
      // A row split across chunks: complete it from a small joined buffer (not a copy of the whole
      // chunk), then go on parsing the chunk in place.
      const rest = this.rest;
      let take = Math.min(chunk.length, rest.length + 4096);
      for (;;) {
        const joined = Buffer.concat([rest, chunk.subarray(0, take)]);
        const pos = this.parseRows(joined);
        if (pos > rest.length || (this.trailerSeen && pos === joined.length)) {
          this.rest = null;
          chunk = chunk.subarray(pos - rest.length);
          break;
        }
        if (take === chunk.length) {
          this.rest = joined;
          return;
        }
        take = Math.min(chunk.length, take * 2);
      }
    }
    const pos = this.parseRows(chunk);
    this.rest = pos < chunk.length ? chunk.subarray(pos) : null;
  }

  /** Parses every complete row (and the trailer) of `buf`; returns where the incomplete rest begins. */
  private parseRows(buf: Buffer): number {
    const { starts, lengths } = this;
    const end = buf.length;
    let pos = 0;
    while (!this.trailerSeen) {
      if (end - pos < 2) break;
      const count = buf.readInt16BE(pos);
      if (count === -1) {
        this.trailerSeen = true;
        pos += 2;
        if (pos !== end) throw new Error('binary COPY: data after the trailer');
        break;
      }
      if (count !== FIELDS) throw new Error(`binary COPY: expected ${FIELDS} fields per row, got ${count}`);
      let p = pos + 2;
      let complete = true;
      for (let f = 0; f < FIELDS; f++) {
        if (end - p < 4) {
          complete = false;
          break;
        }
        const length = buf.readInt32BE(p);
        starts[f] = p;
        lengths[f] = length;
        p += length > 0 ? 4 + length : 4;
        if (p > end) {
          complete = false;
          break;
        }
      }
      if (!complete) break;
      this.sink(this.link(buf));
      pos = p;
    }
    return pos;
  }

  /** Throws unless the whole COPY, trailer included, has been pushed. */
  end(): void {
    if (!this.trailerSeen || this.rest !== null) throw new Error('binary COPY ended in the middle of a row');
  }

  private link(buf: Buffer): ChainLink {
    const { starts, lengths } = this;
    // The fields prevHash … metadataText, exactly as received, after the version tag.
    const from = starts[F_PREV_HASH];
    const to = starts[F_RECORDED_AT];
    const span = to - from;
    const needed = TAG_FIELD.length + span + 4 + 64;
    if (this.scratch.length < needed) {
      this.scratch = Buffer.allocUnsafe(Math.max(needed, this.scratch.length * 2));
      TAG_FIELD.copy(this.scratch, 0);
    }
    const out = this.scratch;
    buf.copy(out, TAG_FIELD.length, from, to);
    // A NULL field is its length word -1 and no bytes; the canonical form hashes it as '' (length 0).
    for (let f = F_PREV_HASH; f <= F_METADATA; f++) {
      if (lengths[f] < 0) out.writeInt32BE(0, TAG_FIELD.length + starts[f] - from);
    }
    const n = this.writeRecordedAt(buf, out, TAG_FIELD.length + span);
    const storedPrevHash = this.lastHash.read(buf, starts[F_PREV_HASH], lengths[F_PREV_HASH]);
    return {
      streamId: this.lastStreamId.read(buf, starts[F_STREAM_ID], lengths[F_STREAM_ID]) ?? '',
      revision: decimal(buf, starts[F_REVISION], lengths[F_REVISION]),
      eventId: text(buf, starts[F_EVENT_ID], lengths[F_EVENT_ID]) ?? '',
      type: this.lastType.read(buf, starts[F_TYPE], lengths[F_TYPE]) ?? '',
      storedHash: this.lastHash.read(buf, starts[F_HASH], lengths[F_HASH]),
      storedPrevHash,
      computedHash: sha256('sha256', out.subarray(0, n), 'hex'),
    };
  }

  /**
   * recordedAt as the chain defines it, `to_char(recorded_at AT TIME ZONE 'UTC',
   * 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, computed here from the binary timestamptz (microseconds
   * since 2000-01-01 UTC): a length word and the text at `at`; returns the end offset.
   */
  private writeRecordedAt(buf: Buffer, out: Buffer, at: number): number {
    const start = this.starts[F_RECORDED_AT];
    if (this.lengths[F_RECORDED_AT] !== 8) {
      // NULL (or not a timestamp): hashed as ''; the stored hash will not match.
      out.writeUInt32BE(0, at);
      return at + 4;
    }
    const high = buf.readInt32BE(start + 4);
    const low = buf.readUInt32BE(start + 8);
    let days: number;
    let timeOfDay: number;
    if (high > -0x200000 && high < 0x200000) {
      const us = high * 0x1_0000_0000 + low; // exact below 2^53 µs (≈ 1715–2285)
      days = Math.floor(us / US_PER_DAY);
      timeOfDay = us - days * US_PER_DAY;
    } else {
      const us = buf.readBigInt64BE(start + 4);
      if (us === 0x7fff_ffff_ffff_ffffn || us === -0x8000_0000_0000_0000n) {
        out.writeUInt32BE(0, at); // ±infinity: to_char gives NULL; hashed as ''
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
    const length = this.dayText.length + 16; // "HH:MM:SS.ffffffZ"
    out.writeUInt32BE(length, at);
    let o = at + 4;
    o += this.dayText.copy(out, o);
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
    return o;
  }
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

/** The last text field decoded at one column, returned again while the bytes are the same. */
class RepeatedText {
  private bytes = Buffer.alloc(128);
  private length = -2;
  private value: string | null = null;

  read(buf: Buffer, start: number, length: number): string | null {
    if (length === this.length && (length <= 0 || buf.compare(this.bytes, 0, length, start + 4, start + 4 + length) === 0))
      return this.value;
    this.value = text(buf, start, length);
    this.length = length;
    if (length > 0) {
      if (this.bytes.length < length) this.bytes = Buffer.alloc(length * 2);
      buf.copy(this.bytes, 0, start + 4, start + 4 + length);
    }
    return this.value;
  }
}

function text(buf: Buffer, start: number, length: number): string | null {
  return length < 0 ? null : buf.toString('utf8', start + 4, start + 4 + length);
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
