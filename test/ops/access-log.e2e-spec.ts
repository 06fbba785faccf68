import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { devToken } from '../support/tokens';

/** One structured access-log line per request (pino), with the correlation id and the verified caller, and no token. */
describe('access log', () => {
  let apps: RunningApps;
  let lines: string[];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    apps = await startApps('accesslog', { worker: false, env: { LOG_LEVEL: 'log' } });
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  beforeEach(() => {
    lines = [];
    const original = process.stdout.write.bind(process.stdout);
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return original(chunk, ...(rest as []));
    });
  });

  afterEach(() => write.mockRestore());

  const accessLines = () =>
    lines
      .flatMap((chunk) => chunk.split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.context === 'access');

  it('logs method, declared route, status, duration, correlation id and the verified caller; never the token', async () => {
    const token = devToken('li.lei', 'inventor');
    const answer = await request(apps.api.getHttpServer())
      .get('/disclosures/mine')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Correlation-Id', 'corr-access-log-0001')
      .expect(200);
    await new Promise((r) => setTimeout(r, 50));
    const [line, ...more] = accessLines();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 'log',
      service: 'api',
      correlationId: 'corr-access-log-0001',
      route: '/disclosures/mine',
      callerId: 'li.lei',
      req: { method: 'GET', url: '/disclosures/mine' },
      res: { statusCode: 200 },
      msg: 'GET /disclosures/mine 200',
    });
    expect(typeof line.durationMs).toBe('number');
    expect(answer.headers['x-correlation-id']).toBe('corr-access-log-0001');
    expect(lines.join('')).not.toContain(token);
    expect(lines.join('')).not.toContain(token.split('.')[2]);
  });

  it('redacts credential-looking query values, and logs a refused caller without a caller id', async () => {
    const token = devToken('li.lei', 'inventor', 'internal', 'not-the-issuer-secret');
    await request(apps.api.getHttpServer())
      .get(`/disclosures/mine?access_token=${token}&x=1`)
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    await new Promise((r) => setTimeout(r, 50));
    const [line] = accessLines();
    expect(line).toMatchObject({
      level: 'log',
      route: '/disclosures/mine',
      res: { statusCode: 401 },
      req: { url: '/disclosures/mine?access_token=%5BRedacted%5D&x=1' },
    });
    expect(line.callerId).toBeUndefined();
    expect(lines.join('')).not.toContain(token.split('.')[2]);
  });
});
