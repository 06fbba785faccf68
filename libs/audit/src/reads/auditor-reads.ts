import { EventStore, newId } from '@chengguo/eventstore';
import { AUDIT_SCHEMA_VERSIONS, AUDITOR_READS_PREFIX, AuditorReadRecorded, auditorReadsStreamId } from '../domain/audit.events';

/** Records one auditor read (who viewed what, when) in the day's auditor-reads stream. */
export async function recordAuditorRead(
  store: EventStore,
  read: Omit<AuditorReadRecorded, 'type' | 'viewedAt'>,
  context: { correlationId: string; now?: Date },
): Promise<AuditorReadRecorded> {
  const now = context.now ?? new Date();
  const event: AuditorReadRecorded = { type: 'AuditorReadRecorded', ...read, viewedAt: now.toISOString() };
  const { type, ...data } = event;
  await store.append(
    auditorReadsStreamId(now),
    [
      {
        eventId: newId(),
        type,
        schemaVersion: AUDIT_SCHEMA_VERSIONS[type],
        data,
        metadata: {
          occurredAt: event.viewedAt,
          actor: { userId: read.auditorId, role: read.role },
          correlationId: context.correlationId,
          causationId: null,
        },
      },
    ],
    'any',
  );
  return event;
}

/** The auditor reads of one UTC day (yyyy-mm-dd), oldest first. */
export async function auditorReadsOn(
  store: EventStore,
  day: string,
): Promise<Array<AuditorReadRecorded & { eventId: string; hash: string | null }>> {
  const events = await store.readStream(`${AUDITOR_READS_PREFIX}${day}`);
  return events.map((e) => ({
    ...(e.data as Omit<AuditorReadRecorded, 'type'>),
    type: 'AuditorReadRecorded',
    eventId: e.eventId,
    hash: e.hash ?? null,
  }));
}
