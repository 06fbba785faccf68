import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { OPEN_CONTRACT_WORKFLOW_TYPE } from '../../workflows/abandonment-contract/open-contract.contract';
import { ANNUITY_WORKFLOW_TYPE } from '../../workflows/achievement-register/annuity.contract';
import { DISCLOSURE_DEADLINE_WORKFLOW_TYPE } from '../../workflows/disclosure/disclosure-deadline.contract';
import { LICENCE_TERM_WORKFLOW_TYPE } from '../../workflows/licensing/licence-term.contract';
import { CONCLUDE_CLAIM_WORKFLOW_TYPE } from '../../workflows/exemption/conclude-claim.contract';
import { REWARD_ANNOUNCEMENT_WORKFLOW_TYPE } from '../../workflows/rewards/reward-announcement.contract';
import { IDEMPOTENCY_RETENTION_WORKFLOW_TYPE } from '../../workflows/operations/idempotency-retention.contract';
import { SIGN_OFF_WORKFLOW_TYPE } from '../../workflows/sign-off/sign-off.contract';
import { PUBLICITY_WORKFLOW_TYPE } from '../../workflows/transfer-publicity/publicity.contract';
import { bundleWorkflowsAt, workflowBundle } from '../support/workflow-bundle-cache';
import { recordedHistories } from '../support/workflow-histories';

const CHANGED = join(__dirname, 'fixtures', 'changed-workflows');

/**
 * Every recorded history (test/workflows/histories/, written by the time-skipping specs with
 * RECORD_WORKFLOW_HISTORIES=1) is replayed against today's workflow code: a change that alters the
 * commands a running workflow issues fails here, before it can break executions in flight.
 */
describe('recorded workflow histories (replay)', () => {
  const histories = recordedHistories();

  it('hold at least one history of every workflow type', () => {
    const types = new Set(histories.map((h) => h.name.split('/')[0]));
    for (const type of [
      SIGN_OFF_WORKFLOW_TYPE,
      PUBLICITY_WORKFLOW_TYPE,
      DISCLOSURE_DEADLINE_WORKFLOW_TYPE,
      OPEN_CONTRACT_WORKFLOW_TYPE,
      CONCLUDE_CLAIM_WORKFLOW_TYPE,
      ANNUITY_WORKFLOW_TYPE,
      REWARD_ANNOUNCEMENT_WORKFLOW_TYPE,
      IDEMPOTENCY_RETENTION_WORKFLOW_TYPE,
      LICENCE_TERM_WORKFLOW_TYPE,
    ]) {
      expect(types).toContain(type);
    }
  });

  it('replay against the current workflow code without non-determinism', async () => {
    const results: Array<{ name: string; error?: string }> = [];
    const replays = Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(), replayName: 'recorded-histories' },
      histories.map((h) => ({ workflowId: h.name, history: h.history })),
    );
    for await (const result of replays)
      results.push({ name: result.workflowId, error: result.error && `${result.error.name}: ${result.error.message}` });
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results.map((r) => r.name).sort()).toEqual(histories.map((h) => h.name).sort());
  }, 120_000);

  describe('the check can fail', () => {
    const publicity = () => histories.find((h) => h.name.startsWith(`${PUBLICITY_WORKFLOW_TYPE}/`))!;

    it('a workflow changed without patched() (one more timer before its first activity) is a determinism violation', async () => {
      const changed = await bundleWorkflowsAt(join(CHANGED, 'unpatched.ts'));
      await expect(Worker.runReplayHistory({ workflowBundle: changed }, publicity().history, publicity().name)).rejects.toBeInstanceOf(
        DeterminismViolationError,
      );
    }, 120_000);

    it('the same change behind patched() replays cleanly', async () => {
      const changed = await bundleWorkflowsAt(join(CHANGED, 'patched.ts'));
      await expect(Worker.runReplayHistory({ workflowBundle: changed }, publicity().history, publicity().name)).resolves.toBeUndefined();
    }, 120_000);
  });
});
