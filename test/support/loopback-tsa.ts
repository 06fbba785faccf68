import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A real RFC 3161 time-stamping authority on loopback: a test CA and a TSA certificate made by
 * openssl in a temp dir, and a tiny HTTP server that hands each application/timestamp-query body
 * to `openssl ts -reply` and answers with what openssl wrote. `down()` makes it answer 503, as an
 * authority under maintenance would; `verify` runs `openssl ts -verify` on a stored token.
 */
export interface LoopbackTsa {
  url: string;
  dir: string;
  caFile: string;
  requests: number;
  down(): void;
  up(): void;
  /** `openssl ts -verify -digest … -in token -token_in -CAfile ca.pem`: resolves with openssl's output, rejects when it fails. */
  verify(tokenBase64: string, digestHex: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startLoopbackTsa(): Promise<LoopbackTsa> {
  const dir = mkdtempSync(join(tmpdir(), 'chengguo-tsa-'));
  const file = (name: string) => join(dir, name);
  writeFileSync(
    file('tsa-ext.cnf'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n',
  );
  writeFileSync(
    file('tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = loopback',
      '[ loopback ]',
      `serial = ${file('serial')}`,
      'crypto_device = builtin',
      `signer_cert = ${file('tsa.pem')}`,
      `certs = ${file('ca.pem')}`,
      `signer_key = ${file('tsa.key')}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  writeFileSync(file('serial'), '01\n');
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await openssl(
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Chengguo test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ); // prettier-ignore
  await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Chengguo loopback TSA');
  await openssl(
    'x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tsa.pem', '-days', '2',
    '-extfile', 'tsa-ext.cnf',
  ); // prettier-ignore

  let available = true;
  let counter = 0;
  const state = { requests: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      state.requests += 1;
      if (!available) {
        response.writeHead(503).end('down for maintenance');
        return;
      }
      if (request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query') {
        response.writeHead(415).end();
        return;
      }
      const n = ++counter;
      writeFileSync(file(`q${n}.tsq`), Buffer.concat(chunks));
      openssl('ts', '-reply', '-config', 'tsa.cnf', '-queryfile', `q${n}.tsq`, '-out', `r${n}.tsr`).then(
        () => response.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(readFileSync(file(`r${n}.tsr`))),
        (error: Error) => response.writeHead(500).end(error.message),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let verifications = 0;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    dir,
    caFile: file('ca.pem'),
    get requests() {
      return state.requests;
    },
    down: () => (available = false),
    up: () => (available = true),
    async verify(tokenBase64, digestHex) {
      const name = `token-${++verifications}.der`;
      writeFileSync(file(name), Buffer.from(tokenBase64, 'base64'));
      const { stdout, stderr } = await openssl('ts', '-verify', '-digest', digestHex, '-in', name, '-token_in', '-CAfile', 'ca.pem');
      return `${stdout}${stderr}`;
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
