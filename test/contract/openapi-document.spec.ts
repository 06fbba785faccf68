import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ACCESS_MATRIX } from '../../apps/api/src/access/access-matrix';
import { RunningApps, startApps } from '../fixtures/apps';
import { as } from '../support/tokens';

type Responses = Record<string, { content?: Record<string, { schema?: unknown; examples?: Record<string, unknown> }> }>;
interface Operation {
  responses: Responses;
  requestBody?: unknown;
  parameters?: Array<{ in?: string; name?: string }>;
  'x-problem-codes'?: Record<string, string[]>;
}

const ROOT = join(__dirname, '..', '..');

/** Every `new DomainRuleViolation('CODE', status, …)` of the processes' domain code, read from the source. */
function ruleCodesInSource(): Array<{ file: string; code: string; status: number }> {
  const found: Array<{ file: string; code: string; status: number }> = [];
  for (const lib of readdirSync(join(ROOT, 'libs'))) {
    const dir = join(ROOT, 'libs', lib, 'src', 'domain');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    } catch {
      continue;
    }
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const match of source.matchAll(/DomainRuleViolation\(\s*'([A-Z0-9_]+)',\s*(\d{3})/g)) {
        found.push({ file: `libs/${lib}/src/domain/${file}`, code: match[1], status: Number(match[2]) });
      }
    }
  }
  return found;
}

/**
 * The OpenAPI document is complete (ADR 20): every operation has a 2xx answer with a schema, and
 * every refusal it documents is application/problem+json with the shared ProblemDetails schema and
 * its codes, one example each. The codes the deciders can refuse with all appear, under their status.
 */
describe('the OpenAPI document', () => {
  let apps: RunningApps;
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
        .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method, operation })),
    );

  beforeAll(async () => {
    apps = await startApps('openapi_document', { worker: false, env: { LOG_LEVEL: 'fatal' } });
    document = (await request(apps.api.getHttpServer()).get('/docs-json').expect(200)).body;
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  it('gives every operation a 2xx answer with a schema', () => {
    const missing = operations().filter(({ operation }) => {
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      return (
        success.length === 0 ||
        success.some(([, response]) => !response.content || Object.values(response.content).some((media) => !media.schema))
      );
    });
    expect(missing.map((o) => o.key)).toEqual([]);
  });

  it('documents every refusal as problem+json with the shared schema and an example per code', () => {
    expect(document.components.schemas.ProblemDetails).toBeDefined();
    const wrong: string[] = [];
    for (const { key, operation } of operations()) {
      const codes = operation['x-problem-codes'] ?? {};
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]\d\d$/.test(status) || (key === 'GET /health' && status === '503')) continue;
        const media = response.content?.['application/problem+json'];
        const refs = JSON.stringify(media?.schema ?? null);
        const examples = Object.keys(media?.examples ?? {}).sort();
        if (!refs.includes('#/components/schemas/ProblemDetails')) wrong.push(`${key} ${status}: not problem+json`);
        if (examples.length === 0 || JSON.stringify(examples) !== JSON.stringify([...(codes[status] ?? [])].sort())) {
          wrong.push(`${key} ${status}: examples ${examples.join(',')} vs codes ${(codes[status] ?? []).join(',')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('documents the platform answers of every operation, and those of every command', () => {
    const gaps: string[] = [];
    // A command takes an Idempotency-Key (ApiCommand) and may meet a concurrent change (409). Uploads
    // (idempotent by their hash) and the development sign-in append no revisioned stream event.
    const isCommand = (operation: Operation) =>
      (operation.parameters ?? []).some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key');
    for (const { key, method, operation } of operations()) {
      const statuses = Object.keys(operation.responses);
      const isPublic = ACCESS_MATRIX[key] === 'public';
      const required = isPublic ? ['422', '429', '503'] : ['401', '403', '422', '429', '503'];
      const command = method !== 'get' && isCommand(operation);
      if (command) required.push('409');
      if (operation.requestBody) required.push('400', '413', '415');
      for (const status of required) if (!statuses.includes(status)) gaps.push(`${key} lacks ${status}`);
      if (command && !(operation['x-problem-codes']?.['409'] ?? []).includes('CONCURRENT_MODIFICATION')) {
        gaps.push(`${key} lacks 409 CONCURRENT_MODIFICATION`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('documents POST /disclosures as 201 with the new id, as it answers', async () => {
    const created = document.paths['/disclosures'].post.responses;
    expect(Object.keys(created)).toContain('201');
    expect(Object.keys(created)).not.toContain('200');
    expect(JSON.stringify(created['201'])).toContain('DisclosureDraftedAnswer');
  });

  it('lists every rule code of the deciders under its status', () => {
    const documented = new Set(
      operations().flatMap(({ operation }) =>
        Object.entries(operation['x-problem-codes'] ?? {}).flatMap(([status, codes]) => codes.map((code) => `${status} ${code}`)),
      ),
    );
    const undocumented = ruleCodesInSource()
      .filter(({ code, status }) => !documented.has(`${status} ${code}`))
      .map(({ file, code, status }) => `${status} ${code} (${file})`);
    expect(undocumented).toEqual([]);
  });

  it('gives each code one status, except an unknown record: 404 by its path, 422 when named in a body', () => {
    const statuses = new Map<string, Set<string>>();
    for (const { operation } of operations()) {
      for (const [status, codes] of Object.entries(operation['x-problem-codes'] ?? {})) {
        for (const code of codes) statuses.set(code, new Set([...(statuses.get(code) ?? []), status]));
      }
    }
    const ambiguous = [...statuses]
      .filter(([code, set]) => set.size > 1 && !(code.endsWith('_NOT_REGISTERED') && [...set].sort().join() === '404,422'))
      .map(([code, set]) => `${code}: ${[...set].join(', ')}`);
    expect(ambiguous).toEqual([]);
  });

  it('answers an invalid request with a documented status and code (422 VALIDATION_FAILED)', async () => {
    const res = await request(apps.api.getHttpServer()).post('/disclosures').set(as('li.lei', 'inventor')).send({ title: 42 }).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(document.paths['/disclosures'].post['x-problem-codes']?.['422']).toContain(res.body.code);
    const malformedId = await request(apps.api.getHttpServer()).get('/disclosures/not-a-uuid').set(as('li.lei', 'inventor')).expect(422);
    expect(malformedId.body.code).toBe('VALIDATION_FAILED');
  });
});
