import { PROCESSES } from '@chengguo/processes';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * A read waiting for its caller's write (ADR 26) waits for the projections its endpoint names: a
 * name no projection has would make every such read time out with 503.
 */
describe('read your writes: endpoint declarations', () => {
  it('names only projections the processes run', () => {
    const projections = new Set(PROCESSES.flatMap((p) => p.projections ?? []).map((p) => p.name));
    const declared: Array<[string, string]> = [];
    for (const file of sources(join(ROOT, 'libs'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/@ReadsProjections\(([^)]*)\)/g)) {
        for (const name of match[1].matchAll(/'([^']+)'/g)) declared.push([relative(ROOT, file), name[1]]);
      }
    }
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter(([, name]) => !projections.has(name))).toEqual([]);
  });
});
