import { EventStore, RecordedEvent, deterministicUuid } from '@chengguo/eventstore';
import { termsHash } from '@chengguo/kernel';
import { AUDIT_SCHEMA_VERSIONS, ReplaySnapshotAttested, snapshotAttestationsStreamId } from '../domain/audit.events';
import type { ReplaySnapshot } from './snapshots';

/**
 * Replay snapshots live in the read-model database, where anyone who can write it could change
 * the folded state and keep the event id and hash. So each snapshot's digest is also appended to
 * the event store (`audit-snapshots-<stream>`, hash-chained and checkpointed like everything
 * else), and a replay uses a snapshot row only if an attestation there matches it field for field.
 * Forging a snapshot then means rewriting the event store too, which verify and the anchors catch.
 */
export function snapshotStateHash(snapshot: Pick<ReplaySnapshot, 'state'>): string {
  return termsHash(snapshot.state);
}

export async function attestSnapshots(store: EventStore, snapshots: ReplaySnapshot[]): Promise<void> {
  const byStream = new Map<string, ReplaySnapshot[]>();
  for (const s of snapshots) byStream.set(s.streamId, [...(byStream.get(s.streamId) ?? []), s]);
  for (const [streamId, list] of byStream) {
    // Only what is not attested yet: the store refuses a batch that repeats some of its event ids.
    const known = new Set((await store.readStream(snapshotAttestationsStreamId(streamId))).map((e) => e.eventId));
    const events = list
      .map((s) => {
        const data: Omit<ReplaySnapshotAttested, 'type'> = {
          streamId,
          revision: s.revision,
          eventId: s.eventId,
          eventHash: s.eventHash,
          foldVersion: s.foldVersion,
          maxRecordedMs: s.maxRecordedMs,
          stateHash: snapshotStateHash(s),
        };
        return {
          eventId: deterministicUuid(
            'replay-snapshot',
            streamId,
            String(s.revision),
            s.eventHash ?? '',
            String(s.foldVersion),
            data.stateHash,
          ),
          type: 'ReplaySnapshotAttested',
          schemaVersion: AUDIT_SCHEMA_VERSIONS.ReplaySnapshotAttested,
          data,
          metadata: {
            occurredAt: new Date().toISOString(),
            actor: { userId: 'audit-replay', role: 'system' },
            correlationId: `replay-snapshot-${streamId}`,
            causationId: null,
          },
        };
      })
      .filter((e) => !known.has(e.eventId));
    if (events.length > 0) await store.append(snapshotAttestationsStreamId(streamId), events, 'any');
  }
}

/** Why a snapshot row is not used, or null when an attestation in the event store matches it. */
export async function snapshotRejection(store: EventStore, snapshot: ReplaySnapshot): Promise<string | null> {
  const attestations = (await store.readStream(snapshotAttestationsStreamId(snapshot.streamId))) as Array<
    RecordedEvent<Omit<ReplaySnapshotAttested, 'type'>>
  >;
  const stateHash = snapshotStateHash(snapshot);
  const atRevision = attestations.filter((a) => a.data.revision === snapshot.revision && a.data.foldVersion === snapshot.foldVersion);
  if (atRevision.length === 0) return `no attestation of a snapshot at revision ${snapshot.revision}`;
  const match = atRevision.some(
    (a) =>
      a.data.stateHash === stateHash &&
      a.data.eventId === snapshot.eventId &&
      a.data.eventHash === snapshot.eventHash &&
      a.data.maxRecordedMs === snapshot.maxRecordedMs,
  );
  return match ? null : `the snapshot at revision ${snapshot.revision} (state ${stateHash}) matches no attestation`;
}
