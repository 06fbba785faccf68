import { randomBytes } from 'node:crypto';

/**
 * RFC 3161 time-stamping, the two messages this system needs and no more.
 *
 * The request is built by hand: it is one fixed shape (version 1, a SHA-256 imprint, a nonce,
 * certReq) whose DER is 59–60 bytes, so a small encoder is easier to get exactly right than a
 * child process, and the worker image needs no openssl binary. The response is read with a
 * minimal DER reader that takes what the tag-length-value structure says and nothing else: the
 * status, the token's raw bytes (stored as they came, so its signature still verifies), and from
 * the token's TSTInfo the imprint, serial number, genTime and nonce — checked against the request,
 * so an authority answering for another digest or replaying an old answer is refused. The token's
 * signature is checked by the auditor against the authority's certificate (`openssl ts -verify`,
 * README), not by the worker: trusting a CA is the auditor's decision, not the application's.
 */

const SHA256_OID = Buffer.from([0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]);
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';
const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4';

export class TimestampError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimestampError';
  }
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

/** A DER INTEGER from unsigned big-endian bytes (minimal: no leading zeros, a 0x00 if the high bit is set). */
function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** TimeStampReq { version 1, messageImprint { sha256, digest }, nonce, certReq TRUE } in DER. */
export function timestampRequest(digestHex: string, nonce: Buffer = randomBytes(8)): Buffer {
  if (!/^[0-9a-f]{64}$/.test(digestHex)) throw new TimestampError('the digest to stamp must be 64 lower-case hex digits (SHA-256)');
  const algorithm = tlv(0x30, Buffer.concat([SHA256_OID, Buffer.from([0x05, 0x00])]));
  const imprint = tlv(0x30, Buffer.concat([algorithm, tlv(0x04, Buffer.from(digestHex, 'hex'))]));
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), imprint, unsignedInteger(nonce), Buffer.from([0x01, 0x01, 0xff])]));
}

interface Node {
  tag: number;
  /** The whole element (tag, length, content). */
  raw: Buffer;
  content: Buffer;
}

function read(buffer: Buffer, offset: number): Node {
  if (offset + 2 > buffer.length) throw new TimestampError('DER: truncated element');
  const tag = buffer[offset];
  if ((tag & 0x1f) === 0x1f) throw new TimestampError('DER: multi-byte tags are not used by RFC 3161');
  let length = buffer[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new TimestampError('DER: indefinite or oversized length');
    if (offset + 2 + count > buffer.length) throw new TimestampError('DER: truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[offset + 2 + i];
    header += count;
  }
  const end = offset + header + length;
  if (end > buffer.length) throw new TimestampError('DER: element runs past its container');
  return { tag, raw: buffer.subarray(offset, end), content: buffer.subarray(offset + header, end) };
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let offset = 0; offset < node.content.length;) {
    const child = read(node.content, offset);
    out.push(child);
    offset += child.raw.length;
  }
  return out;
}

function expectTag(node: Node | undefined, tag: number, what: string): Node {
  if (!node || node.tag !== tag) throw new TimestampError(`unexpected structure: ${what}`);
  return node;
}

function oid(node: Node): string {
  const bytes = expectTag(node, 0x06, 'object identifier').content;
  const parts: number[] = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export interface TimestampTokenInfo {
  /** SHA-256 digest (hex) the authority stamped. */
  digest: string;
  genTime: string;
  serialNumber: string;
  /** Hex, or null when the authority sent none. */
  nonce: string | null;
  policy: string;
}

/** Whatever goes wrong reading bytes from outside is a TimestampError, never a crash of another kind. */
function parsing<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    throw new TimestampError(`malformed ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads a TimeStampToken (CMS SignedData over a TSTInfo): what was stamped, when, and its serial number. */
export function readTimestampToken(token: Buffer): TimestampTokenInfo {
  return parsing('timestamp token', () => readToken(token));
}

function readToken(token: Buffer): TimestampTokenInfo {
  const contentInfo = read(token, 0);
  if (contentInfo.raw.length !== token.length) throw new TimestampError('trailing bytes after the token');
  const [type, explicit] = children(expectTag(contentInfo, 0x30, 'ContentInfo'));
  if (oid(type) !== SIGNED_DATA_OID) throw new TimestampError('the token is not CMS SignedData');
  const signedData = expectTag(children(expectTag(explicit, 0xa0, 'ContentInfo content'))[0], 0x30, 'SignedData');
  const encapsulated = expectTag(children(signedData)[2], 0x30, 'EncapsulatedContentInfo');
  const [contentType, wrapped] = children(encapsulated);
  if (oid(contentType) !== TST_INFO_OID) throw new TimestampError('the token does not carry a TSTInfo');
  const octets = expectTag(children(expectTag(wrapped, 0xa0, 'eContent'))[0], 0x04, 'eContent octets');
  const tstInfo = read(octets.content, 0);
  const fields = children(expectTag(tstInfo, 0x30, 'TSTInfo'));
  const policy = oid(fields[1]);
  const [algorithm, hashed] = children(expectTag(fields[2], 0x30, 'MessageImprint'));
  const algorithmOid = children(expectTag(algorithm, 0x30, 'AlgorithmIdentifier'))[0];
  if (!algorithmOid.raw.equals(SHA256_OID)) throw new TimestampError('the token stamps a digest other than SHA-256');
  const serial = expectTag(fields[3], 0x02, 'serialNumber').content;
  const genTime = expectTag(fields[4], 0x18, 'genTime').content.toString('ascii');
  let nonce: string | null = null;
  for (const field of fields.slice(5)) {
    if (field.tag === 0x02) {
      nonce = stripZeros(field.content).toString('hex');
      break;
    }
  }
  return {
    digest: expectTag(hashed, 0x04, 'hashedMessage').content.toString('hex'),
    genTime: generalizedTimeToIso(genTime),
    serialNumber: stripZeros(serial).toString('hex'),
    nonce,
    policy,
  };
}

function stripZeros(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/** GeneralizedTime as RFC 3161 requires it (UTC, `Z`, optional fraction) → ISO 8601. */
function generalizedTimeToIso(text: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (!match) throw new TimestampError(`genTime ${JSON.stringify(text)} is not a UTC GeneralizedTime`);
  const [, y, mo, d, h, mi, s, fraction] = match;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction ? `.${fraction}` : ''}Z`;
}

/** Reads a TimeStampResp: the token when granted, else the status and its text. */
export function readTimestampResponse(response: Buffer): Buffer {
  return parsing('timestamp response', () => readResponse(response));
}

function readResponse(response: Buffer): Buffer {
  const top = read(response, 0);
  const [statusInfo, token] = children(expectTag(top, 0x30, 'TimeStampResp'));
  const statusFields = children(expectTag(statusInfo, 0x30, 'PKIStatusInfo'));
  const statusBytes = expectTag(statusFields[0], 0x02, 'PKIStatus').content;
  if (statusBytes.length !== 1) throw new TimestampError('PKIStatus is not a small integer');
  const status = statusBytes[0];
  // 0 granted, 1 grantedWithMods; anything else is a refusal.
  if (status > 1 || !token) {
    const text =
      statusFields[1]?.tag === 0x30
        ? children(statusFields[1])
            .map((n) => n.content.toString('utf8'))
            .join('; ')
        : '';
    throw new TimestampError(`the time-stamping authority refused (status ${status}${text ? `: ${text}` : ''})`);
  }
  return Buffer.from(token.raw);
}

export interface Timestamp extends TimestampTokenInfo {
  token: Buffer;
}

/**
 * Asks the authority at `url` to stamp a SHA-256 digest (HTTP POST, application/timestamp-query,
 * RFC 3161 section 3.4) and checks the answer stamps that digest with our nonce.
 */
export async function requestTimestamp(url: string, digestHex: string, options: { timeoutMs?: number } = {}): Promise<Timestamp> {
  const nonce = randomBytes(8);
  nonce[0] &= 0x7f; // a positive INTEGER without a leading zero byte
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
    body: timestampRequest(digestHex, nonce),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (!response.ok) throw new TimestampError(`the time-stamping authority answered HTTP ${response.status}`);
  const token = readTimestampResponse(Buffer.from(await response.arrayBuffer()));
  const info = readTimestampToken(token);
  if (info.digest !== digestHex) throw new TimestampError(`the authority stamped ${info.digest}, not ${digestHex}`);
  if (info.nonce !== stripZeros(nonce).toString('hex')) throw new TimestampError('the authority answered with another nonce');
  return { ...info, token };
}
