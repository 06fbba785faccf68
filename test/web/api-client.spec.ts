import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocumentOffline } from '../../apps/api/src/openapi';
import { ROOT } from '../support/processes';

/**
 * The portal's API client is generated from the API's own OpenAPI document; this fails as soon as
 * a controller or request class changes without `npm run generate:api-client`, so the UI cannot
 * drift from the API unnoticed.
 */
describe('the portal’s generated API client', () => {
  it('is what `npm run generate:api-client` writes from the current API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chengguo-openapi-'));
    try {
      const document = await openApiDocumentOffline();
      writeFileSync(join(dir, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
          join(dir, 'openapi.json'),
          '--output',
          join(dir, 'schema.d.ts'),
          '--alphabetize',
        ],
        { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      const generated = readFileSync(join(dir, 'schema.d.ts'), 'utf8');
      const checkedIn = readFileSync(join(ROOT, 'apps/web/src/api/schema.d.ts'), 'utf8');
      // A plain equality would print 5,000 lines; the first differing line says what moved.
      const [a, b] = [generated.split('\n'), checkedIn.split('\n')];
      const line = a.findIndex((text, i) => text !== b[i]);
      const firstDifference = line === -1 && a.length === b.length ? null : { line: line + 1, generated: a[line], checkedIn: b[line] };
      expect({ firstDifference, hint: 'run npm run generate:api-client' }).toEqual({
        firstDifference: null,
        hint: 'run npm run generate:api-client',
      });
      expect(document.paths['/portal/dev-login']?.post).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
