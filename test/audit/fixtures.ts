import { EventToAppend, newId } from '@chengguo/eventstore';

/** An event with Chinese text, as the processes write them. */
export function anEvent(type = 'SomethingRecorded', data: Record<string, unknown> = {}): EventToAppend {
  return {
    eventId: newId(),
    type,
    schemaVersion: 1,
    data: { note: '成果转化 审计', amountYuan: 1200.5, ...data },
    metadata: {
      occurredAt: '2026-03-01T08:00:00.000Z',
      actor: { userId: 'wang.tto', role: 'tto_officer' },
      correlationId: `corr-${newId()}`,
      causationId: null,
    },
  };
}
