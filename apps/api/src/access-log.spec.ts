import { JsonLogger } from '@chengguo/common';
import { AppMetrics } from '@chengguo/operations';
import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { accessLog } from './access-log';

/** The access log on a bare node:http server: one line per request, whatever its end. */
describe('access log lines', () => {
  let server: Server;
  let lines: Array<Record<string, unknown>>;
  let metrics: AppMetrics;
  let handle: (request: IncomingMessage, response: ServerResponse) => void;

  const start = async (level: 'log' | 'error') => {
    lines = [];
    metrics = new AppMetrics('api');
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        callback();
      },
    });
    const log = accessLog(new JsonLogger('api', level, sink), metrics, {
      routeOf: () => '/disclosures/:id/submission',
      callerOf: () => ({ userId: 'li.lei', role: 'inventor', clearance: 'internal' }),
      addressOf: (request) => request.socket.remoteAddress,
    });
    server = createServer((request, response) => log(request, response, () => handle(request, response)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  };

  const call = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'user-agent': 'spec' } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode!));
      })
        .on('error', reject)
        .end();
    });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('writes one line per answer, 5xx at level error with err, and counts it', async () => {
    await start('log');
    handle = (request, response) => {
      response.setHeader('X-Correlation-Id', 'corr-0001');
      response.statusCode = request.url!.includes('fail') ? 503 : 200;
      response.end('{}');
    };
    await call('/disclosures/d1/submission?token=secret-value');
    await call('/disclosures/d1/submission?fail=1');
    await settle();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'log',
      service: 'api',
      context: 'access',
      correlationId: 'corr-0001',
      route: '/disclosures/:id/submission',
      callerId: 'li.lei',
      req: { method: 'POST', url: '/disclosures/d1/submission?token=%5BRedacted%5D', userAgent: 'spec' },
      res: { statusCode: 200 },
      msg: 'POST /disclosures/:id/submission 200',
    });
    expect(typeof lines[0].durationMs).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('secret-value');
    expect(lines[1]).toMatchObject({ level: 'error', res: { statusCode: 503 }, err: { message: 'failed with status code 503' } });
    expect(await metrics.registry.getSingleMetricAsString('chengguo_http_requests_total')).toContain('status="503"');
  });

  it('logs a request whose connection closed before its answer, once', async () => {
    await start('log');
    handle = (request) => request.socket.destroy();
    await expect(call('/disclosures/d1/submission')).rejects.toThrow();
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ context: 'access', route: '/disclosures/:id/submission' });
  });

  it('at level error writes only the 5xx lines', async () => {
    await start('error');
    handle = (request, response) => {
      response.statusCode = request.url!.includes('fail') ? 500 : 204;
      response.end();
    };
    await call('/disclosures/d1/submission');
    await call('/disclosures/d1/submission?fail=1');
    await settle();
    expect(lines.map((line) => (line.res as { statusCode: number }).statusCode)).toEqual([500]);
  });
});
