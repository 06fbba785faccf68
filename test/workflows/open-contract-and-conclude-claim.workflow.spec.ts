import { exemptionClaimCommands } from '@chengguo/exemption';
import { disclosureCommands } from '@chengguo/disclosure';
import { abandonmentContractStreamId, createOpenContractActivities, openContractWhenNotFiling } from '@chengguo/abandonment-contract';
import {
  DisclosureCommand,
  disclosureDecider,
  disclosurePolicyAt,
  DISCLOSURE_SCHEMA_VERSIONS,
  disclosureStreamId,
} from '@chengguo/disclosure';
import { commandEventId, handleCommand, newId, PostgresEventStore } from '@chengguo/eventstore';
import {
  assessSubject,
  concludeClaimWhenConfirmationCloses,
  createConcludeClaimActivities,
  EXEMPTION_CLAIM_SCHEMA_VERSIONS,
  EXEMPTION_CONFIRMATION,
  exemptionClaimDecider,
  exemptionClaimStreamId,
  exemptionListsAt,
} from '@chengguo/exemption';
import { isRuleViolation } from '@chengguo/kernel';
import { handleSignOffCommand } from '@chengguo/sign-off';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { openContractWorkflowId } from '../../workflows/abandonment-contract/open-contract.contract';
import { concludeClaimWorkflowId } from '../../workflows/exemption/conclude-claim.contract';
import { startWorkflowHarness, WorkflowHarness } from '../support/workflow-harness';

type Actor = { userId: string; role: string };
const li: Actor = { userId: 'li', role: 'inventor' };
const tto: Actor = { userId: 'wang', role: 'tto_officer' };
const agency: Actor = { userId: 'agency-1', role: 'evaluator' };
const sun: Actor = { userId: 'sun', role: 'unit_leader' };
const auditor: Actor = { userId: 'zhao', role: 'auditor' };

/**
 * The two workflows that join processes, on the time-skipping server and wired as in production:
 * a "do not file" decision opens the abandonment contract (R3); the departments' confirmation
 * closing concludes an exemption claim (R13).
 */
describe('open abandonment contract and conclude exemption claim (time-skipping)', () => {
  let harness: WorkflowHarness;
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;

  beforeAll(async () => {
    harness = await startWorkflowHarness('joinwf', {
      reactions: (taskQueue) => [openContractWhenNotFiling(taskQueue), concludeClaimWhenConfirmationCloses(taskQueue)],
      activities: (s) => ({ ...createOpenContractActivities(s, '西部大学'), ...createConcludeClaimActivities(s) }),
    });
    ({ env, store } = harness);
  }, 120_000);

  afterAll(() => harness?.close());

  const nowIso = async () => new Date(await env.currentTimeMs()).toISOString();

  type Input = DisclosureCommand extends infer C ? (C extends DisclosureCommand ? Omit<C, 'now' | 'policy' | 'actor'> : never) : never;

  async function run(disclosureId: string, actor: Actor, input: Input, commandId = newId()): Promise<void> {
    const now = await nowIso();
    const outcome = await handleCommand(
      store,
      disclosureStreamId(disclosureId),
      disclosureDecider,
      { ...input, actor, now, policy: await disclosurePolicyAt(store, now) } as DisclosureCommand,
      { commandId, actor, correlationId: disclosureId },
      DISCLOSURE_SCHEMA_VERSIONS,
      disclosureCommands.achievement,
    );
    if (isRuleViolation(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
  }

  /** A sole inventor's disclosure, evaluated and decided "do not file"; returns the decision's event id. */
  async function decidedNotToFile(disclosureId: string): Promise<string> {
    await run(disclosureId, li, {
      type: 'DraftDisclosure',
      disclosureId,
      content: {
        title: '一种低温固态电池电解质',
        abstract: '…',
        technicalField: 'materials',
        funding: { kind: 'self_funded' },
        conceptionDate: '2026-01-15',
        confidentiality: 'internal',
        involvesNationalSecurity: false,
        isKeyCoreTechnology: false,
        inventors: [{ userId: 'li', name: '李', shareBasisPoints: 10_000 }],
        attachments: [],
      },
    });
    await run(disclosureId, li, { type: 'SubmitDisclosure' });
    await run(disclosureId, tto, { type: 'AcknowledgeDisclosure' });
    await run(disclosureId, tto, { type: 'AssignEvaluator', evaluator: { kind: 'tto_staff', userId: agency.userId } });
    const evaluation = newId();
    const evaluationId = commandEventId(evaluation, disclosureStreamId(disclosureId), 0);
    await run(
      disclosureId,
      agency,
      {
        type: 'RecordEvaluation',
        evaluationId,
        patentability: { novelty: 'yes', inventiveness: 'no', practicalApplicability: 'yes', notes: '' },
        technologyReadinessLevel: 3,
        marketAssessment: 'niche',
        recommendation: 'do_not_file',
      },
      evaluation,
    );
    const decision = newId();
    await run(disclosureId, sun, { type: 'DecideOnFiling', decision: 'do_not_file', reasons: '创造性不足', evaluationId }, decision);
    return commandEventId(decision, disclosureStreamId(disclosureId), 0);
  }

  it('a "do not file" decision opens the abandonment contract with the inventors (R3)', async () => {
    const disclosureId = newId();
    const decisionEventId = await decidedNotToFile(disclosureId);
    await harness.settle(disclosureStreamId(disclosureId));

    const handle = env.client.workflow.getHandle(openContractWorkflowId(disclosureStreamId(disclosureId)));
    await expect(handle.result()).resolves.toBe(abandonmentContractStreamId(disclosureId));
    const [opened] = await store.readStream(abandonmentContractStreamId(disclosureId));
    expect(opened).toMatchObject({ type: 'AbandonmentContractOpened', data: expect.objectContaining({ disclosureId, decisionEventId }) });
  });

  it('a rejected confirmation concludes the exemption claim as denied (R13)', async () => {
    const disclosureId = newId();
    const decisionEventId = await decidedNotToFile(disclosureId);
    const claimId = newId();
    const streamId = exemptionClaimStreamId(claimId);
    const now = await nowIso();
    const subject = { kind: 'abandonment_decision' as const, streamId: disclosureStreamId(disclosureId), eventId: decisionEventId };
    const decisionMakers = [{ userId: sun.userId }];
    const filed = await handleCommand(
      store,
      streamId,
      exemptionClaimDecider,
      {
        type: 'FileExemptionClaim',
        claimId,
        subject,
        decisionMakers,
        lossOrValueChangeFen: 0,
        description: '放弃申请专利的决定经评估作出',
        assertedPositiveItemIds: ['P6'],
        route: 'abandonment',
        assessment: await assessSubject(store, subject, decisionMakers),
        lists: await exemptionListsAt(store, now),
        actor: sun,
        now,
      },
      { commandId: newId(), actor: sun, correlationId: claimId },
      EXEMPTION_CLAIM_SCHEMA_VERSIONS,
      exemptionClaimCommands.achievement,
    );
    if (isRuleViolation(filed)) throw new Error(`${filed.code}: ${filed.detail}`);

    const rejected = await handleSignOffCommand(
      store,
      streamId,
      { type: 'Reject', signOffId: EXEMPTION_CONFIRMATION, reason: '材料不全', actor: auditor, now: await nowIso() },
      { commandId: newId(), actor: auditor, correlationId: claimId },
    );
    if (isRuleViolation(rejected)) throw new Error(`${rejected.code}: ${rejected.detail}`);
    await harness.settle(streamId);

    await expect(env.client.workflow.getHandle(concludeClaimWorkflowId(streamId, 1)).result()).resolves.toBe('denied');
    const denied = (await store.readStream(streamId)).find((e) => e.type === 'ExemptionDenied');
    expect(denied?.data).toMatchObject({ claimId, grounds: 'confirmation_rejected', confirmationRound: 1 });
  });
});
