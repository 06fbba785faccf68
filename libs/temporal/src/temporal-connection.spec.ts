import { ConfigurationError } from '@chengguo/common';
import { status } from '@grpc/grpc-js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemporalClient, temporalSettingsFrom } from './temporal-connection';

/** Temporal's standard client environment → connection settings for the client and the worker. */
describe('Temporal connection settings from the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chengguo-temporal-tls-'));
  const file = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('plain address and namespace: no TLS, no API key', () => {
    expect(temporalSettingsFrom({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'unit' })).toEqual({
      address: 'temporal:7233',
      namespace: 'unit',
    });
  });

  it('an API key turns TLS on (system CAs), as Temporal Cloud expects', () => {
    expect(temporalSettingsFrom({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-123' })).toEqual({
      address: 'ns.acct.tmprl.cloud:7233',
      namespace: 'default',
      apiKey: 'key-123',
      tls: {},
    });
  });

  it('mTLS from PEM files, with the CA and the server name', () => {
    const settings = temporalSettingsFrom({
      TEMPORAL_ADDRESS: 'temporal.unit.edu.cn:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', 'CERT'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', 'KEY'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(settings.tls).toEqual({
      serverNameOverride: 'temporal.internal',
      serverRootCACertificate: Buffer.from('CA'),
      clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
    });
  });

  it('inline PEM data wins over a path; TEMPORAL_TLS=true alone asks for TLS', () => {
    expect(temporalSettingsFrom({ TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'INLINE', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/nowhere' }).tls).toEqual({
      serverRootCACertificate: Buffer.from('INLINE'),
    });
    expect(temporalSettingsFrom({ TEMPORAL_TLS: 'true' }).tls).toEqual({});
    expect(temporalSettingsFrom({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' }).tls).toBeUndefined();
  });

  it('stops at start-up naming the variable: an unreadable file, half a key pair, TLS off with certificates', () => {
    expect(() => temporalSettingsFrom({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'missing.pem') })).toThrow(
      /TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read/,
    );
    expect(() => temporalSettingsFrom({ TEMPORAL_TLS_CLIENT_CERT_PATH: file('only.pem', 'C') })).toThrow(ConfigurationError);
    expect(() => temporalSettingsFrom({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'CA' })).toThrow(/contradicts/);
  });
});

/** Shutting down while Temporal is unreachable: the SDK's retry of a call must not outlive the channel. */
describe('Temporal client connection closed during an outage', () => {
  it('a call waiting to be retried ends CANCELLED, not "Channel has been shut down" thrown from its retry timer', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const { connection } = createTemporalClient({ address: `127.0.0.1:${port}`, namespace: 'default' });
    const call = connection.workflowService.getSystemInfo({});
    call.catch(() => undefined); // asserted below
    await new Promise((resolve) => setTimeout(resolve, 300)); // refused, and being retried
    await connection.close();
    await expect(call).rejects.toMatchObject({ code: status.CANCELLED });
    // A call made after the close fails the same way (no retry, no throw).
    await expect(connection.workflowService.getSystemInfo({})).rejects.toMatchObject({ code: status.CANCELLED });
  }, 10_000);
});
