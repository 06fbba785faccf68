import { currentCorrelationId, JsonLogger } from '@chengguo/common';
import { AppMetrics } from '@chengguo/operations';
import { createServer, IncomingHttpHeaders, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { frontDoor } from './front-door';

/** The front door on a bare node:http server: its four steps, in order, as one. */
describe('front door', () => {
  let server: Server;
  let lines: Array<Record<string, unknown>>;
  let seen: Array<string | undefined>;

  beforeEach(async () => {
    lines = [];
    seen = [];
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        callback();
      },
    });
    const enter = frontDoor(
      { logger: new JsonLogger('api', 'log', sink), metrics: new AppMetrics('api'), perAddressPerMinute: 2, env: { HSTS: 'auto' } },
      {
        routeOf: () => '/disclosures/:id/submission',
        callerOf: () => undefined,
        addressOf: (request) => request.socket.remoteAddress,
        secure: (request) => request.headers['x-test-tls'] === 'yes',
        refuse: (_request, response, problem) => {
          response.statusCode = problem.status;
          response.setHeader('Content-Type', 'application/problem+json');
          response.end(JSON.stringify({ code: problem.code, correlationId: currentCorrelationId() }));
        },
      },
    );
    server = createServer((request, response) =>
      enter(request, response, () => {
        // Past the door: the handler runs in the request's context, after an await too.
        void Promise.resolve().then(() => {
          seen.push(currentCorrelationId());
          response.end('{}');
        });
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const call = (headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      httpRequest({ host: '127.0.0.1', port, path: '/disclosures/d1/submission', method: 'POST', headers }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += String(chunk)));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      })
        .on('error', reject)
        .end();
    });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

  it('runs the request under its correlation id, sets the security headers and logs it', async () => {
    const given = await call({ 'x-correlation-id': 'corr-front-0001' });
    const fresh = await call({ 'x-correlation-id': 'bad id', 'x-test-tls': 'yes' });
    await settle();
    expect(given.status).toBe(200);
    expect(given.headers['x-correlation-id']).toBe('corr-front-0001');
    expect(fresh.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen).toEqual(['corr-front-0001', fresh.headers['x-correlation-id']]);
    expect(given.headers['content-security-policy']).toContain("script-src 'self'");
    expect(given.headers['x-frame-options']).toBe('DENY');
    expect(given.headers['permissions-policy']).toBe('camera=(), microphone=(), geolocation=()');
    expect(given.headers['strict-transport-security']).toBeUndefined();
    expect(fresh.headers['strict-transport-security']).toContain('max-age=');
    expect(lines.map((l) => [l.correlationId, (l.res as { statusCode: number }).statusCode])).toEqual([
      ['corr-front-0001', 200],
      [fresh.headers['x-correlation-id'], 200],
    ]);
  });

  it('refuses past the per-address limit with Retry-After, still with its correlation id, headers and log line', async () => {
    await call();
    await call();
    const refused = await call({ 'x-correlation-id': 'corr-front-0429' });
    await settle();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toEqual({ code: 'RATE_LIMITED', correlationId: 'corr-front-0429' });
    expect(refused.headers['x-correlation-id']).toBe('corr-front-0429');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(seen).toHaveLength(2); // the refused request never got past the door
    expect(lines.at(-1)).toMatchObject({ correlationId: 'corr-front-0429', res: { statusCode: 429 } });
  });
});
