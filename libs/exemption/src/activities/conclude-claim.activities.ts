import { EventStore, handleCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import type { ConcludeClaimActivities } from '../../../../workflows/exemption/conclude-claim.contract';
import { exemptionClaimCommands } from '../commands/exemption.commands';
import { exemptionClaimDecider } from '../domain/exemption-claim.decider';
import { EXEMPTION_CLAIM_SCHEMA_VERSIONS, EXEMPTION_CONFIRMATION, exemptionClaimStreamId } from '../domain/exemption.events';

export function createConcludeClaimActivities(store: EventStore): ConcludeClaimActivities {
  return {
    async concludeExemptionClaim({ claimId, closedEventId }) {
      const streamId = exemptionClaimStreamId(claimId);
      const events = await store.readStream(streamId);
      const closed = events.find((e) => e.eventId === closedEventId);
      const data = closed?.data as { signOffId?: string; closedAt?: string } | undefined;
      if (!closed || closed.type !== 'SignOffRoundClosed' || data?.signOffId !== EXEMPTION_CONFIRMATION) {
        throw new Error(`Claim ${claimId} has no closed confirmation round ${closedEventId}`);
      }
      const outcome = await handleCommand(
        store,
        streamId,
        exemptionClaimDecider,
        { type: 'ConcludeExemptionClaim', now: data.closedAt! },
        // Deterministic: a retried activity derives the same event ids and appends nothing new.
        {
          commandId: `conclude-exemption-claim:${closedEventId}`,
          actor: { userId: 'system:temporal', role: 'system' },
          correlationId: closed.metadata.correlationId,
          causationId: closedEventId,
          occurredAt: data.closedAt,
        },
        EXEMPTION_CLAIM_SCHEMA_VERSIONS,
        exemptionClaimCommands.achievement,
      );
      if (isRuleViolation(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
      const after = await store.readStream(streamId);
      const concluded = after.find((e) => e.type === 'ExemptionGranted' || e.type === 'ExemptionDenied');
      if (!concluded) throw new Error(`Claim ${claimId} was not concluded`);
      return concluded.type === 'ExemptionGranted' ? 'granted' : 'denied';
    },
  };
}
