import { EventStore, handleCommand, isRuleViolation } from '@chengguo/eventstore';
import type { DisclosureAcknowledgementActivities } from '../../../../workflows/disclosure/disclosure-acknowledgement.activities';
import { disclosureDecider } from '../domain/disclosure.decider';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureStreamId } from '../domain/disclosure.events';

/** Activity implementations: they append through the same decider as the HTTP commands. */
export function createDisclosureAcknowledgementActivities(store: EventStore): DisclosureAcknowledgementActivities {
  return {
    async recordAcknowledgementOverdue({ disclosureId, dueAt }) {
      const streamId = disclosureStreamId(disclosureId);
      const outcome = await handleCommand(
        store,
        streamId,
        disclosureDecider,
        { type: 'RecordAcknowledgementOverdue', disclosureId, dueAt },
        {
          // Deterministic: a retried activity derives the same event id and appends nothing new.
          commandId: `acknowledgement-overdue:${disclosureId}:${dueAt}`,
          actor: { userId: 'system:temporal', role: 'system' },
          correlationId: streamId,
          occurredAt: dueAt,
        },
        DISCLOSURE_SCHEMA_VERSIONS,
      );
      if (isRuleViolation(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
    },
  };
}
