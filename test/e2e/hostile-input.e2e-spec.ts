import { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import { ACCESS_MATRIX } from '../../apps/api/src/access/access-matrix';
import { RunningApps, startApps } from '../fixtures/apps';
import { disclosureContent } from '../fixtures/http-flows';
import { as } from '../support/tokens';

/**
 * Property-based hostile input against every command endpoint of the OpenAPI document, sent by a
 * caller the access matrix admits: whatever arrives — wrong types, huge strings, deep nesting,
 * unknown fields, SQL and script fragments, invalid UTF-8, absurd dates and amounts — the answer is
 * a 4xx problem+json, never a 5xx, and nothing is appended.
 */
describe('hostile input on every command endpoint', () => {
  let apps: RunningApps;
  let api: INestApplication;
  let commands: Array<{ method: string; path: string; role: string }>;

  beforeAll(async () => {
    apps = await startApps('hostile', { worker: false, env: { LOG_LEVEL: 'fatal', RATE_LIMIT_PER_MINUTE: '100000' } });
    api = apps.api;
    const { body } = await request(api.getHttpServer()).get('/docs-json').expect(200);
    commands = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((m) => m !== 'get')
        .map((m) => {
          const access = ACCESS_MATRIX[`${m.toUpperCase()} ${path}`];
          return { method: m.toUpperCase(), path, role: access === 'public' || !access ? 'admin' : access[0] };
        }),
    );
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const eventCount = () => apps.eventCount();

  const ids: Record<string, string> = {
    streamId: 'disclosure-00000000-0000-4000-8000-000000000001',
    signOffId: 'co-inventor-confirmation',
    kind: 'disclosure',
  };
  const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? '00000000-0000-4000-8000-000000000001');

  const hostileString = fc.oneof(
    fc.constantFrom(
      "'; DROP TABLE event_store.events; --",
      '<script>alert(1)</script>',
      '${7*7}{{7*7}}',
      '\u0000\u0001\u0002',
      '💥'.repeat(1000),
      '9999-99-99',
      '-1e309',
      'NaN',
    ),
    fc.string({ maxLength: 50 }),
    fc.string({ minLength: 20_000, maxLength: 40_000 }),
  );
  const absurdNumber = fc.oneof(
    fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, 1e21),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
  const deep = fc.nat({ max: 2000 }).map((depth) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = { nested: value };
    return value;
  });
  const hostileValue = fc.oneof(
    hostileString,
    absurdNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(hostileString, { maxLength: 5 }),
    deep,
  );
  const hostileBody = fc.oneof(
    fc.dictionary(
      fc.constantFrom(
        'title',
        'inventors',
        'termsHash',
        'reason',
        'amountFen',
        'revenueFen',
        'newDeadline',
        'days',
        'unknown',
        '__proto__',
        'constructor',
      ),
      hostileValue,
    ),
    fc.anything(),
    deep,
  );

  it('answers 4xx problem+json and appends nothing', async () => {
    const before = await eventCount();
    const failures: string[] = [];
    for (const command of commands) {
      const send = (body: unknown, contentType = 'application/json') => {
        const agent = request(api.getHttpServer()) as unknown as Record<string, (url: string) => request.Test>;
        return agent[command.method.toLowerCase()](concrete(command.path))
          .set(as(`fuzz.${command.role}`, command.role))
          .set('Content-Type', contentType)
          .send(body as never);
      };
      await fc.assert(
        fc.asyncProperty(hostileBody, async (body) => {
          const payload = JSON.stringify(body) ?? 'null';
          const res = await send(payload);
          const ok = res.status >= 400 && res.status < 500 && /^application\/problem\+json/.test(String(res.headers['content-type']));
          if (!ok) failures.push(`${command.method} ${command.path} → ${res.status} for ${payload.slice(0, 120)}`);
          return true;
        }),
        { numRuns: 12, seed: 20261125 },
      );
      // Invalid UTF-8 and a body beyond the size limit, once per endpoint.
      for (const [body, expected] of [
        [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), [400, 404, 409, 422]],
        ['{"x":"' + 'a'.repeat(300_000) + '"}', [413]],
      ] as Array<[string | Buffer, number[]]>) {
        const res = await send(body);
        if (!expected.includes(res.status) && !(res.status >= 400 && res.status < 500))
          failures.push(`${command.method} ${command.path} raw → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await eventCount()).toBe(before);
  }, 600_000);

  describe('text PostgreSQL cannot hold: U+0000 and lone surrogates', () => {
    const inventor = as('li.lei', 'inventor');
    const content = disclosureContent([{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10000 }]);

    it('refuses a NUL in a value, a key, the path or the query, and a lone surrogate, with 422 and a stable code, and stores nothing', async () => {
      const before = await eventCount();
      const http = () => request(api.getHttpServer());
      const cases: Array<[string, () => request.Test, string?]> = [
        [
          'a value',
          () =>
            http()
              .post('/disclosures')
              .set(inventor)
              .send({ ...content, title: 'a\u0000b' }),
        ],
        [
          'a key',
          () =>
            http()
              .post('/disclosures')
              .set(inventor)
              .send({ ...content, ['x\u0000']: 1 }),
        ],
        ['the path', () => http().get('/disclosures/abc%00def').set(inventor)],
        ['the query', () => http().get('/disclosures/mine?status=%00').set(inventor)],
        [
          'a lone surrogate',
          () =>
            http()
              .post('/disclosures')
              .set(inventor)
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(content).replace('一种', '\\ud800一种')),
          'INPUT_CONTAINS_LONE_SURROGATE',
        ],
      ];
      for (const [where, send, code = 'INPUT_CONTAINS_NUL'] of cases) {
        const res = await send();
        expect({ where, status: res.status, code: res.body.code }).toEqual({ where, status: 422, code });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await eventCount()).toBe(before);
    });

    it('leaves no Idempotency-Key behind: the same key with a clean body then succeeds once', async () => {
      const key = `nul-retry-${Date.now()}`;
      const http = () => request(api.getHttpServer());
      await http()
        .post('/disclosures')
        .set(inventor)
        .set('Idempotency-Key', key)
        .send({ ...content, title: 'x\u0000' })
        .expect(422);
      const first = await http().post('/disclosures').set(inventor).set('Idempotency-Key', key).send(content).expect(201);
      const again = await http().post('/disclosures').set(inventor).set('Idempotency-Key', key).send(content).expect(201);
      expect(again.body).toEqual(first.body);
    });
  });
});
