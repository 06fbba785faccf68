import { bundleWorkflows } from '@chengguo/temporal';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** Everything the bundle is made of: workflows and contracts, the kernel they import, the bundler config, the SDK versions. */
const INPUTS = ['workflows', 'libs/kernel/src', 'libs/temporal/src/workflow-bundle.ts', 'package-lock.json'];
const CACHE_DIR = join(tmpdir(), 'chengguo-workflow-bundles');

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((f) => join(full, f))
    .filter((f) => statSync(f).isFile() && /\.(ts|js|json)$/.test(f) && !f.endsWith('.spec.ts'))
    .sort();
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files)) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 24);
}

let memo: Promise<{ code: string }> | null = null;

/**
 * The workflow bundle, built once per version of its sources rather than at every worker start.
 * Jest gives each spec file a fresh module registry, so an in-memory memo would only last one file:
 * the bundle is kept in the temporary directory under a hash of its inputs (written whole, then
 * renamed, so parallel jest workers never read half a file) and a changed source makes a new one.
 */
export function workflowBundle(): Promise<{ code: string }> {
  memo ??= (async () => {
    const path = join(CACHE_DIR, `${inputsHash()}.js`);
    if (existsSync(path)) return { code: readFileSync(path, 'utf8') };
    const { code } = await bundleWorkflows();
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, path);
    return { code };
  })();
  return memo;
}

/** A bundle of other workflow sources (the deliberately changed copies the replay spec uses); not cached. */
export function bundleWorkflowsAt(workflowsPath: string): Promise<{ code: string }> {
  return bundleWorkflows(workflowsPath);
}
