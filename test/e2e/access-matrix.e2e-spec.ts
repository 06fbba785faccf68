import { ROLES } from '@chengguo/common';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ACCESS_MATRIX } from '../../apps/api/src/access/access-matrix';
import { RunningApps, startApps } from '../fixtures/apps';
import { as } from '../support/tokens';

/**
 * Every endpoint × every role, driven from the access matrix and checked against the OpenAPI
 * document, so neither can drift from the other: an allowed role gets past the access guard (the
 * handler may still refuse on a domain rule), a refused role gets 403 ROLE_NOT_PERMITTED, and no
 * token gets 401.
 */
describe('access matrix', () => {
  let apps: RunningApps;
  let api: INestApplication;
  let routes: Array<{ method: string; path: string; key: string }>;
  let document: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

  beforeAll(async () => {
    apps = await startApps('access', { worker: false, env: { LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '100000' } });
    api = apps.api;
    const { body } = await request(api.getHttpServer()).get('/docs-json').expect(200);
    document = body;
    routes = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path, key: `${method.toUpperCase()} ${path}` })),
    );
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  it('lists every documented endpoint, and documents every listed one', () => {
    expect(routes.map((r) => r.key).filter((key) => !(key in ACCESS_MATRIX))).toEqual([]);
    expect(Object.keys(ACCESS_MATRIX).filter((key) => !routes.some((r) => r.key === key))).toEqual([]);
  });

  it('documents the status a creating command answers with (201), and its refusals as problem+json', () => {
    for (const path of ['/disclosures', '/achievements', '/exemption-claims']) {
      const responses = Object.keys(document.paths[path].post.responses ?? {});
      expect({ path, responses }).toEqual({ path, responses: expect.arrayContaining(['201', '400', '403', '409', '422']) });
      expect({ path, has200: responses.includes('200') }).toEqual({ path, has200: false });
    }
  });

  it('keeps auditors read-only everywhere but where R13 asks audit to confirm an exemption claim', () => {
    const writable = Object.entries(ACCESS_MATRIX)
      .filter(([key, access]) => !key.startsWith('GET ') && access !== 'public' && access.includes('auditor'))
      .map(([key]) => key);
    expect(writable.filter((key) => !key.startsWith('POST /exemption-claims/{id}/'))).toEqual([]);
  });

  const sample: Record<string, string> = {
    id: '00000000-0000-4000-8000-000000000001',
    caseId: '00000000-0000-4000-8000-000000000002',
    objectionId: '00000000-0000-4000-8000-000000000003',
    claimId: '00000000-0000-4000-8000-000000000004',
    achievementId: '00000000-0000-4000-8000-000000000005',
    streamId: 'disclosure-00000000-0000-4000-8000-000000000001',
    signOffId: 'co-inventor-confirmation',
    kind: 'disclosure',
  };
  const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => sample[name] ?? 'x');

  function send(method: string, path: string, headers: Record<string, string>): request.Test {
    const agent = request(api.getHttpServer());
    const call = (agent as unknown as Record<string, (url: string) => request.Test>)[method.toLowerCase()](concrete(path));
    return method === 'GET' ? call.set(headers) : call.set(headers).send({});
  }

  it('admits exactly the listed roles to every endpoint, and nobody without a token', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const access = ACCESS_MATRIX[route.key];
      if (access === 'public') {
        const res = await send(route.method, route.path, {});
        if (res.status === 401 || res.status === 403) mismatches.push(`${route.key} public but ${res.status}`);
        continue;
      }
      const anonymous = await send(route.method, route.path, {});
      if (anonymous.status !== 401 || anonymous.body.code !== 'UNAUTHENTICATED')
        mismatches.push(`${route.key} without token: ${anonymous.status}`);
      for (const role of ROLES) {
        const res = await send(route.method, route.path, as(`user.${role}`, role));
        const refused = res.status === 403 && res.body.code === 'ROLE_NOT_PERMITTED';
        if (access.includes(role) === refused || res.status === 401)
          mismatches.push(`${route.key} as ${role}: ${res.status} ${res.body.code}`);
        if (res.status >= 500) mismatches.push(`${route.key} as ${role}: ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);

  it('refuses forged, expired and foreign tokens', async () => {
    const forged = as('li', 'admin').Authorization.replace(/\.[\w-]+$/, '.AAAA');
    const res = await request(api.getHttpServer()).get('/ledger').set({ Authorization: forged }).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    await request(api.getHttpServer()).get('/ledger').set({ Authorization: 'Bearer not-a-jwt' }).expect(401);
    await request(api.getHttpServer())
      .get('/ledger')
      .set({ Authorization: `Bearer ${as('li', 'superuser').Authorization.slice(7)}` })
      .expect(401);
  });
});
