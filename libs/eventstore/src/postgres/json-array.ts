/** PostgreSQL's type oid of json. */
const JSON_OID = 114;

/**
 * JSON texts as a `json[]` statement parameter in PostgreSQL's binary array format (ADR 9): the
 * driver sends a Buffer as is, so each text is written as UTF-8 once. As a JavaScript array the
 * driver would render an array literal — every quote and backslash of every text escaped — and
 * then measure and encode that literal: about 4× the work for the 1.5 KB events of a command.
 * The server receives each element as json text, exactly the bytes written here (what the writer's
 * hash covers). Layout: dimensions, has-nulls flag, element oid, per dimension its length and lower
 * bound (1), then per element a 4-byte byte length and the bytes (all big-endian).
 */
export function jsonArrayParam(texts: readonly string[]): Buffer {
  if (texts.length === 0) {
    const empty = Buffer.alloc(12); // no dimensions: the empty array
    empty.writeUInt32BE(JSON_OID, 8);
    return empty;
  }
  // A UTF-16 code unit takes at most 3 UTF-8 bytes: room for every text without measuring it first.
  let room = 20;
  for (const text of texts) room += 4 + 3 * text.length;
  const buffer = Buffer.allocUnsafe(room);
  buffer.writeInt32BE(1, 0);
  buffer.writeInt32BE(0, 4);
  buffer.writeUInt32BE(JSON_OID, 8);
  buffer.writeInt32BE(texts.length, 12);
  buffer.writeInt32BE(1, 16);
  let at = 20;
  for (const text of texts) {
    const length = buffer.write(text, at + 4, 'utf8');
    buffer.writeInt32BE(length, at);
    at += 4 + length;
  }
  return buffer.subarray(0, at);
}
