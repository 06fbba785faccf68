import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Lints `source` as if it were the file at `path` (ESLint's own CLI, the project's config). */
function lint(path: string, source: string): string[] {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', path, '--format', 'json'],
    {
      cwd: ROOT,
      input: source,
      encoding: 'utf8',
    },
  );
  const [report] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return report.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** The layout's import rules (docs/architecture.md) fail `npm test`, which runs the same lint. */
describe('import boundaries', () => {
  jest.setTimeout(60_000);

  it.each([
    ['domain code importing a database driver', 'libs/disclosure/src/domain/x.ts', "import { Pool } from 'pg';"],
    ['domain code importing a Node built-in', 'libs/disclosure/src/domain/x.ts', "import { randomUUID } from 'node:crypto';"],
    ['domain code importing Nest', 'libs/sign-off/src/domain/x.ts', "import { Injectable } from '@nestjs/common';"],
    [
      'domain code importing the event-store library',
      'libs/exemption/src/domain/x.ts',
      "import { EventStore } from '@chengguo/eventstore';",
    ],
    [
      'domain code importing another library’s barrel',
      'libs/transfer-publicity/src/domain/x.ts',
      "import { signOffProcess } from '@chengguo/sign-off';",
    ],
    ['a deep import into another library', 'libs/exemption/src/x.ts', "import { x } from '../../sign-off/src/domain/sign-off.decider';"],
    [
      'a library importing workflow code',
      'libs/sign-off/src/reactions/x.ts',
      "import { signOffWorkflow } from '../../../../workflows/sign-off/sign-off.workflow';",
    ],
    ['workflow code importing a library', 'workflows/sign-off/x.ts', "import { evolveSignOff } from '@chengguo/sign-off/domain';"],
    ['workflow code importing the Temporal client', 'workflows/sign-off/x.ts', "import { Client } from '@temporalio/client';"],
    [
      'a library importing an app',
      'libs/disclosure/src/x.ts',
      "import { ACCESS_MATRIX } from '../../../apps/api/src/access/access-matrix';",
    ],
  ])('refuses %s', (_what, path, source) => {
    expect(lint(path, `${source}\nexport const used = [${source.match(/\{ (\w+)/)![1]}];\n`)).not.toEqual([]);
  });

  it.each([
    [
      'domain code importing the kernel and another process’s domain entry',
      'libs/exemption/src/domain/x.ts',
      "import { termsHash } from '@chengguo/kernel';\nimport { SignOffEvent } from '@chengguo/sign-off/domain';",
    ],
    [
      'a library importing a workflow contract',
      'libs/sign-off/src/reactions/x.ts',
      "import { SIGN_OFF_WORKFLOW_TYPE } from '../../../../workflows/sign-off/sign-off.contract';",
    ],
    [
      'workflow code importing the kernel and a contract',
      'workflows/sign-off/x.ts',
      "import { workflowId } from '@chengguo/kernel';\nimport { SIGN_OFF_WORKFLOW_TYPE } from './sign-off.contract';",
    ],
  ])('admits %s', (_what, path, source) => {
    expect(lint(path, source)).toEqual([]);
  });
});
