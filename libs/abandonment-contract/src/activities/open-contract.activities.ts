import { disclosureDecider, DisclosureEvent, disclosurePolicyAt, disclosureStreamId } from '@chengguo/disclosure';
import { achievementDecider, achievementIdOfDisclosure, achievementStreamId } from '@chengguo/achievement-register/domain';
import { EventStore, handleCommand, loadStream } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import type { OpenContractActivities } from '../../../../workflows/abandonment-contract/open-contract.contract';
import { abandonmentContractDecider } from '../domain/abandonment-contract.decider';
import { abandonmentContractCommands } from '../commands/abandonment-contract.commands';
import { ABANDONMENT_CONTRACT_SCHEMA_VERSIONS, abandonmentContractStreamId } from '../domain/abandonment-contract.events';

export function createOpenContractActivities(store: EventStore, unitName: string): OpenContractActivities {
  return {
    async openAbandonmentContract({ disclosureId, decisionEventId }) {
      const events = await store.readStream(disclosureStreamId(disclosureId));
      const decision = events.find((e) => e.eventId === decisionEventId);
      const cited = (decision?.data as { evaluationId?: string } | undefined)?.evaluationId;
      const evaluation = events.find((e) => e.type === 'EvaluationRecorded' && e.eventId === cited);
      if (
        !decision ||
        decision.type !== 'DisclosureDecided' ||
        (decision.data as { decision: string }).decision !== 'do_not_file' ||
        !evaluation
      ) {
        throw new Error(`Disclosure ${disclosureId} has no "do not file" decision ${decisionEventId} resting on an evaluation`);
      }
      const state = events.reduce(
        (s, e) => disclosureDecider.evolve(s, { ...(e.data as object), type: e.type } as DisclosureEvent),
        disclosureDecider.initialState,
      );
      const { decidedBy, decidedAt } = decision.data as { decidedBy: string; decidedAt: string };
      const streamId = abandonmentContractStreamId(disclosureId);
      // R4, R13: the register's inventors are conflicted in the signature round. Its revision is
      // expected on append; if the register moved meanwhile, the activity fails and Temporal retries it.
      const registerStreamId = achievementStreamId(achievementIdOfDisclosure(disclosureId));
      const register = await loadStream(store, registerStreamId, achievementDecider);
      const outcome = await handleCommand(
        store,
        streamId,
        abandonmentContractDecider,
        {
          type: 'OpenAbandonmentContract',
          disclosureId,
          title: state.content!.title,
          decisionEventId,
          evaluationEventId: evaluation.eventId,
          decidedBy,
          inventors: state.content!.inventors.map(({ userId, name }) => ({ userId, name })),
          unitName,
          policy: await disclosurePolicyAt(store, decidedAt),
          register: register.state,
          now: decidedAt,
        },
        // Deterministic: a retried activity derives the same event ids and appends nothing new.
        {
          commandId: `open-abandonment-contract:${decisionEventId}`,
          actor: { userId: 'system:temporal', role: 'system' },
          correlationId: disclosureStreamId(disclosureId),
          causationId: decisionEventId,
        },
        ABANDONMENT_CONTRACT_SCHEMA_VERSIONS,
        abandonmentContractCommands.achievement,
        undefined,
        [{ streamId: registerStreamId, revision: register.revision }],
      );
      if (isRuleViolation(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
      return streamId;
    },
  };
}
