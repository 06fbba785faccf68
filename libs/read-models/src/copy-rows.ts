import { EntityManager } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';

/**
 * Rows as the data of `COPY … FROM STDIN` (text format), for a rebuild's inserts into fresh tables
 * (ADR 27): each value the text `jsonb_populate_recordset` would hand the column's input function
 * for the row's JSON (`rowsJson`), so both ways store the same values; PostgreSQL parses no JSON
 * document of the page and Node writes no key per value. A value whose JSON form that function
 * would read differently (a number or an object in a text column, an array of objects in an array
 * column) or that neither way can store (U+0000, a lone surrogate: the jsonb parameter refuses
 * them) makes it return null: the caller writes those rows the JSON way, which stores or refuses
 * them as before.
 */
export function copyRowsText(manager: EntityManager, columns: ColumnMetadata[], rows: readonly object[]): string | null {
  const encoders = columns.map((c) => encoderFor(manager.connection.driver.normalizeType(c), c.isArray));
  if (encoders.some((e) => e === null)) return null;
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      const raw = c.getEntityValue(row);
      const value = c.transformer ? ApplyValueTransformers.transformTo(c.transformer, raw) : raw;
      const field = encoders[i]!(value);
      if (field === UNSUPPORTED) return null;
      text += i === 0 ? field : `\t${field}`;
    }
    text += '\n';
  }
  return text;
}

/** Runs `COPY … FROM STDIN` with `data` on the manager's connection (or a pooled one for the call). */
export async function copyIn(manager: EntityManager, sql: string, data: string): Promise<void> {
  const own = manager.queryRunner && !manager.queryRunner.isReleased ? null : manager.connection.createQueryRunner();
  const runner = own ?? manager.queryRunner!;
  try {
    const client = (await runner.connect()) as PoolClient;
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(sql));
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(data);
    });
  } finally {
    await own?.release();
  }
}

const UNSUPPORTED = Symbol('not encodable');
const NULL = '\\N';
type Encoder = (value: unknown) => string | typeof UNSUPPORTED;

/** Per column type; null: the type is not written by COPY (the JSON way is used). */
function encoderFor(type: string, isArray: boolean): Encoder | null {
  if (isArray) return type === 'json' || type === 'jsonb' ? null : arrayField;
  switch (type) {
    case 'jsonb':
      return jsonbField;
    case 'text':
    case 'character varying':
    case 'uuid':
      return textField;
    case 'integer':
    case 'smallint':
    case 'bigint':
    case 'numeric':
    case 'boolean':
    case 'timestamp with time zone':
    case 'date':
      return scalarField;
    default:
      return null; // `json` keeps its text as written, which the jsonb parameter would normalise
  }
}

/** What JSON.stringify makes of a value before writing it: its `toJSON` (a Date's ISO text). */
function toJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  // A plain Date directly (its toJSON is a generic slow path to the same text; null when invalid).
  if (Object.getPrototypeOf(value) === Date.prototype) {
    const date = value as Date;
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: () => unknown }).toJSON() : value;
}

/** A JSON string's or boolean's text as the input function receives it; other JSON in text is not ours. */
function textField(raw: unknown): string | typeof UNSUPPORTED {
  const value = toJson(raw);
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return UNSUPPORTED; // a number would arrive as numeric_out's text, an object as jsonb's: not reproduced here
}

/** Numbers, booleans, timestamps, dates: JSON's text of a number is one the input functions read alike. */
function scalarField(raw: unknown): string | typeof UNSUPPORTED {
  const value = toJson(raw);
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : NULL; // JSON writes NaN as null
  return UNSUPPORTED;
}

/** The value's JSON (a JSON null is SQL NULL, as jsonb_populate_recordset makes it). */
function jsonbField(value: unknown): string | typeof UNSUPPORTED {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined || json === 'null') return NULL;
  // JSON.stringify escapes every control character: only its own backslashes need doubling.
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}

/** A flat array of strings (or nulls) as an array literal, every element quoted. */
function arrayField(raw: unknown): string | typeof UNSUPPORTED {
  const value = toJson(raw);
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'string') return escapeText(value); // a JSON string is read by array_in, as here
  if (!Array.isArray(value)) return UNSUPPORTED;
  let literal = '{';
  for (let i = 0; i < value.length; i++) {
    const element = toJson(value[i]);
    if (i > 0) literal += ',';
    if (element === null || element === undefined) literal += 'NULL';
    else if (typeof element !== 'string') return UNSUPPORTED;
    else if (UNSTORABLE.test(element)) return UNSUPPORTED;
    else literal += `"${element.replace(/["\\]/g, '\\$&')}"`;
  }
  return escapeText(`${literal}}`);
}

// With the u flag a surrogate range matches only a lone surrogate (a pair is one code point).
/* eslint-disable no-control-regex -- U+0000 is looked for on purpose: neither way can store it */
const SPECIAL = /[\\\n\r\t\u0000\uD800-\uDFFF]/u;
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;
/* eslint-enable no-control-regex */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** COPY's text escaping: backslash, newline, carriage return and tab (the delimiter). */
function escapeText(value: string): string | typeof UNSUPPORTED {
  if (!SPECIAL.test(value)) return value;
  if (UNSTORABLE.test(value)) return UNSUPPORTED;
  return value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]);
}
