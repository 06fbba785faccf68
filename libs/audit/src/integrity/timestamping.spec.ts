import fc from 'fast-check';
import { TimestampError, readTimestampResponse, readTimestampToken, timestampRequest } from './timestamping';

const digest = 'a'.repeat(64);

/** The DER of RFC 3161 messages, as far as this system writes and reads them (openssl cross-checks them in test/audit). */
describe('RFC 3161 messages', () => {
  it('encodes a request: version 1, SHA-256 imprint, nonce, certReq', () => {
    const der = timestampRequest(digest, Buffer.from('00a1b2c3d4e5f607', 'hex'));
    expect(der.toString('hex')).toBe(
      '3043' + // TimeStampReq, 67 bytes
        '020101' + // version 1
        '3031' +
        '300d' +
        '0609608648016503040201' +
        '0500' +
        '0420' +
        digest + // messageImprint { sha256, NULL } + 32 bytes
        '0208' +
        '00a1b2c3d4e5f607' + // nonce: leading zero byte dropped, then 0x00 again since 0xa1 has the high bit
        '0101ff', // certReq TRUE
    );
  });

  it('refuses a digest that is not SHA-256 hex', () => {
    expect(() => timestampRequest('abc')).toThrow(TimestampError);
    expect(() => timestampRequest('A'.repeat(64))).toThrow(TimestampError);
  });

  it('reads a refusal as the authority’s status and text', () => {
    // TimeStampResp { PKIStatusInfo { rejection (2), statusString { "bad alg" } } }
    const text = Buffer.from('bad alg');
    const freeText = Buffer.concat([Buffer.from([0x30, text.length + 2, 0x0c, text.length]), text]);
    const statusInfo = Buffer.concat([Buffer.from([0x30, 3 + freeText.length, 0x02, 0x01, 0x02]), freeText]);
    const response = Buffer.concat([Buffer.from([0x30, statusInfo.length]), statusInfo]);
    expect(() => readTimestampResponse(response)).toThrow('the time-stamping authority refused (status 2: bad alg)');
  });

  it('turns any bytes into a token or a TimestampError, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const read of [readTimestampResponse, readTimestampToken]) {
          try {
            read(Buffer.from(bytes));
          } catch (error) {
            if (!(error instanceof TimestampError)) throw error;
          }
        }
      }),
      { numRuns: 2_000 },
    );
    // Structured garbage: right outer tags, wrong insides.
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 120 }), (inner) => {
        const wrapped = Buffer.concat([Buffer.from([0x30, inner.length]), Buffer.from(inner)]);
        for (const read of [readTimestampResponse, readTimestampToken]) {
          try {
            read(wrapped);
          } catch (error) {
            if (!(error instanceof TimestampError)) throw error;
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
