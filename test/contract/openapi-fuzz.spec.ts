import { ROLES } from '@chengguo/common';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ACCESS_MATRIX } from '../../apps/api/src/access/access-matrix';
import { RunningApps, startApps } from '../fixtures/apps';
import { disclosureDecided } from '../fixtures/http-flows';
import { as, devToken } from '../support/tokens';

/** The version scripts/setup.sh --test installs; the venv lives outside the clone, keyed by it. */
export const SCHEMATHESIS_VERSION = '4.32.5';
const SCHEMATHESIS =
  process.env.SCHEMATHESIS_BIN ?? join(homedir(), '.cache', 'chengguo', `schemathesis-${SCHEMATHESIS_VERSION}`, 'bin', 'st');

/**
 * The OpenAPI document checked against the running API (real PostgreSQL, Temporal and worker) by
 * Schemathesis: generated valid and invalid requests on every operation, each with a token of one of
 * the roles (mostly one the access matrix admits), and these checks on every answer — no 5xx, the
 * status is one the operation documents, the content type and the body match the documented schema.
 * Bounded (examples per operation and a time budget) so it fits CI on two cores.
 */
describe('the OpenAPI document against the running API (Schemathesis)', () => {
  let apps: RunningApps;
  let baseUrl: string;
  let work: string;

  beforeAll(async () => {
    if (!existsSync(SCHEMATHESIS)) {
      throw new Error(`Schemathesis ${SCHEMATHESIS_VERSION} is not installed at ${SCHEMATHESIS}: run scripts/setup.sh --test`);
    }
    apps = await startApps('openapi_fuzz', { env: { LOG_LEVEL: 'fatal' } });
    await apps.api.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(apps.api.getHttpServer().address() as AddressInfo).port}`;
    work = mkdtempSync(join(tmpdir(), 'chengguo-fuzz-'));
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('finds no server error and no answer that contradicts the document', async () => {
    // Real records, so that reads and commands on known ids reach the deciders and the views too.
    const decided = await disclosureDecided(apps.api, {
      decision: 'do_not_file',
      leader: as('zhao.leader', 'unit_leader'),
      inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }],
    });
    const { body: document } = await request(apps.api.getHttpServer()).get('/docs-json').expect(200);
    writeFileSync(join(work, 'openapi.json'), JSON.stringify(document));
    const tokens = Object.fromEntries(ROLES.map((role) => [role, devToken(`fuzz.${role}`, role, 'state_secret')]));
    // The seeded inventor, so their own records are readable to one of the tokens.
    tokens.inventor = devToken('li.lei', 'inventor', 'internal');
    const admitted = Object.fromEntries(
      Object.entries(ACCESS_MATRIX).map(([route, access]) => [route, access === 'public' ? [...ROLES] : [...access]]),
    );
    const known = {
      id: [decided.disclosureId],
      disclosureId: [decided.disclosureId],
      achievementId: [decided.disclosureId],
      streamId: [`disclosure-${decided.disclosureId}`, `abandonment-contract-${decided.disclosureId}`],
      signOffId: ['co-inventor-confirmation', 'contract-signature'],
    };
    writeFileSync(join(work, 'tokens.json'), JSON.stringify({ tokens, admitted, known }));

    const report = join(work, 'report.junit.xml');
    const { code, output } = await run(
      SCHEMATHESIS,
      [
        'run',
        join(work, 'openapi.json'),
        '--url',
        baseUrl,
        '--checks',
        'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
        '--phases',
        'coverage,fuzzing',
        '--max-examples',
        process.env.FUZZ_MAX_EXAMPLES ?? '8',
        '--max-time',
        process.env.FUZZ_MAX_TIME ?? '100',
        // One worker: Hypothesis under CPython 3.11 fails now and then parsing lambdas from two threads.
        '--workers',
        '1',
        '--seed',
        '20261130',
        '--no-shrink',
        '--request-timeout',
        '20',
        '--suppress-health-check',
        'all',
        '--report',
        'junit',
        '--report-junit-path',
        report,
        '--output-truncate',
        'false',
      ],
      {
        ...process.env,
        PYTHONPATH: join(__dirname, 'openapi-fuzz'),
        SCHEMATHESIS_HOOKS: 'chengguo_auth',
        CHENGGUO_FUZZ_TOKENS: join(work, 'tokens.json'),
        NO_COLOR: '1',
        PYTHONDONTWRITEBYTECODE: '1',
      },
      work,
    );
    if (process.env.FUZZ_LOG) writeFileSync(process.env.FUZZ_LOG, output);
    if (code !== 0) {
      const junit = existsSync(report) ? readFileSync(report, 'utf8') : '';
      throw new Error(`Schemathesis found contradictions (exit ${code}):\n${output.slice(-20_000)}\n${junit.slice(0, 5_000)}`);
    }
    // A run that reached fewer operations than the document has proves nothing about the rest.
    const operations = Object.values(document.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(/Tested:\s+(\d+)/.exec(output)?.[1]).toBe(String(operations));
  }, 240_000);
});

/** Runs in `cwd` (a scratch directory): Schemathesis keeps its example database there. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
