import { abandonmentContractStreamId } from '@chengguo/abandonment-contract/domain';
import { disclosureStreamId } from '@chengguo/disclosure/domain';
import { exemptionClaimStreamId } from '@chengguo/exemption/domain';
import { workflowId } from '@chengguo/kernel';
import { transferCaseStreamId } from '@chengguo/transfer-publicity/domain';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openContractWorkflowId } from '../../workflows/abandonment-contract/open-contract.contract';
import { annuityWorkflowId } from '../../workflows/achievement-register/annuity.contract';
import { disclosureDeadlineWorkflowId } from '../../workflows/disclosure/disclosure-deadline.contract';
import { concludeClaimWorkflowId } from '../../workflows/exemption/conclude-claim.contract';
import { signOffWorkflowId } from '../../workflows/sign-off/sign-off.contract';
import { publicityWorkflowId } from '../../workflows/transfer-publicity/publicity.contract';

const ROOT = join(__dirname, '..', '..');
const id = '0b9e6a5c-3f0e-4d7a-9f57-2a3c1d4e5f60';

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(ROOT, dir, f));
}
const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]);

/** The workflow contracts: one id format, and the only way between the libraries and the workflows. */
describe('workflow contracts', () => {
  it('every workflow id is <process>:<streamId>:<purpose>, from the real stream id', () => {
    expect(signOffWorkflowId(transferCaseStreamId(id), 'approval')).toBe(`sign-off:transfer-case-${id}:approval`);
    expect(publicityWorkflowId(transferCaseStreamId(id), 2)).toBe(`transfer-publicity:transfer-case-${id}:2`);
    expect(disclosureDeadlineWorkflowId(id, 'evaluation')).toBe(workflowId('disclosure', disclosureStreamId(id), 'evaluation'));
    expect(disclosureDeadlineWorkflowId(id, 'evaluation')).toBe(`disclosure:disclosure-${id}:evaluation`);
    expect(openContractWorkflowId(disclosureStreamId(id))).toBe(`abandonment-contract:disclosure-${id}:open`);
    expect(concludeClaimWorkflowId(exemptionClaimStreamId(id), 1)).toBe(`exemption:exemption-claim-${id}:conclude-1`);
    expect(annuityWorkflowId(id)).toBe(`achievement-register:achievement-${id}:annuities`);
    expect(abandonmentContractStreamId(id)).not.toContain(':');
  });

  it('refuses an id part that would make the format ambiguous', () => {
    expect(() => workflowId('sign-off', 'a:b', 'x')).toThrow();
    expect(() => workflowId('sign-off', '', 'x')).toThrow();
  });

  it('workflows import only the Temporal workflow API, the kernel and contracts', () => {
    const offending = sources('workflows')
      .filter((file) => !file.endsWith('index.ts'))
      .flatMap((file) => importsOf(file).map((from) => ({ file: relative(ROOT, file), from })))
      .filter(({ from }) => from !== '@temporalio/workflow' && from !== '@chengguo/kernel' && !from.endsWith('.contract'));
    expect(offending).toEqual([]);
  });

  it('libraries reach workflows through their contracts only', () => {
    const offending = sources('libs')
      .flatMap((file) => importsOf(file).map((from) => ({ file: relative(ROOT, file), from })))
      .filter(({ from }) => /(^|\/)workflows\//.test(from) && !from.endsWith('.contract'));
    expect(offending).toEqual([]);
  });
});

describe('the workflows the processes declare', () => {
  it('are, with the platform’s own, exactly the workflows the bundle exports, each declared once', async () => {
    const { PROCESSES } = await import('@chengguo/processes');
    const { PLATFORM_WORKFLOWS } = await import('@chengguo/operations');
    const bundled = Object.entries(await import('../../workflows'))
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .sort();
    const declared = [...PROCESSES.flatMap((p) => p.workflows ?? []), ...PLATFORM_WORKFLOWS];
    expect([...declared].sort()).toEqual(bundled);
    expect(new Set(declared).size).toBe(declared.length);
  });
});
