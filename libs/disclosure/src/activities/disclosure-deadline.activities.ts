import { Notifier } from '@chengguo/common';
import { deterministicUuid, EventStore, handleCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import type { DisclosureDeadlineActivities } from '../../../../workflows/disclosure/disclosure-deadline.contract';
import { disclosureCommands } from '../commands/disclosure.commands';
import { disclosureDecider } from '../domain/disclosure.decider';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureStreamId } from '../domain/disclosure.events';

export function createDisclosureDeadlineActivities(store: EventStore, notifier: Notifier): DisclosureDeadlineActivities {
  return {
    async recordDisclosureDeadlineMissed({ disclosureId, deadline, dueAt, policyVersion, now }) {
      const streamId = disclosureStreamId(disclosureId);
      // Deterministic: a retried activity derives the same event id and appends nothing new.
      const commandId = `deadline-missed:${disclosureId}:${deadline}:${dueAt}`;
      const outcome = await handleCommand(
        store,
        streamId,
        disclosureDecider,
        { type: 'RecordDeadlineMissed', deadline, dueAt, policyVersion, now },
        { commandId, actor: { userId: 'system:temporal', role: 'system' }, correlationId: streamId, occurredAt: now },
        DISCLOSURE_SCHEMA_VERSIONS,
        disclosureCommands.achievement,
      );
      if (isRuleViolation(outcome)) return false;
      const eventId = deterministicUuid(commandId, streamId, '0');
      const recorded = (await store.readStream(streamId, { direction: 'backwards', maxCount: 50 })).find((e) => e.eventId === eventId);
      if (!recorded) return false; // the step happened in time after all
      const title =
        ((await store.readStream(streamId, { maxCount: 1 }))[0]?.data as { content?: { title?: string } })?.content?.title ?? disclosureId;
      await notifier.notify({
        idempotencyKey: eventId,
        kind: `disclosure-${deadline}-overdue`,
        recipients: { userIds: [], roles: ['unit_leader'] },
        subject: `逾期 / Overdue ${deadline}: ${title}`,
        body: `The ${deadline} of disclosure "${title}" was due at ${dueAt} and has not happened (${deadline === 'acknowledgement' ? 'R1' : 'R2'}).`,
        context: { streamId, disclosureId, deadline, eventId },
      });
      return true;
    },
  };
}
