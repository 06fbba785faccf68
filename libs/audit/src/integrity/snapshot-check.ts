import { EventStore } from '@chengguo/eventstore';
import { termsHash } from '@chengguo/kernel';
import { FoldedState, foldStream, initialFoldedState } from '../catalogue/audit-catalogue';
import { snapshotRejection } from '../replay/attestations';
import { AUDIT_FOLD_VERSION, ReplaySnapshot } from '../replay/snapshots';
import type { ChainBreak } from './verify';

export interface SnapshotCheck {
  checked: number;
  /** Rows of an older fold version: never used, not checked. */
  skipped: number;
  breaks: ChainBreak[];
}

/**
 * Holds every replay snapshot of the running fold version to a fold of its stream from revision
 * 0: the state, the event id and hash at its revision and the latest recorded-at must all be what
 * the events give, and an attestation in the event store must vouch for it. A row that fails is
 * reported (`snapshot_mismatch`); the replay ignores it anyway (no matching attestation).
 */
export async function verifySnapshots(store: EventStore, snapshots: { all(): AsyncIterable<ReplaySnapshot[]> }): Promise<SnapshotCheck> {
  const result: SnapshotCheck = { checked: 0, skipped: 0, breaks: [] };
  for await (const page of snapshots.all()) {
    for (const snapshot of page) {
      if (snapshot.foldVersion !== AUDIT_FOLD_VERSION) {
        result.skipped += 1;
        continue;
      }
      result.checked += 1;
      const problem = await snapshotProblem(store, snapshot);
      if (problem) {
        result.breaks.push({
          kind: 'snapshot_mismatch',
          streamId: snapshot.streamId,
          revision: snapshot.revision,
          eventId: snapshot.eventId,
          expected: problem.expected,
          found: problem.found,
        });
      }
    }
  }
  return result;
}

async function snapshotProblem(store: EventStore, snapshot: ReplaySnapshot): Promise<{ expected: string; found: string } | null> {
  const events = await store.readStream(snapshot.streamId, { fromRevision: 0, maxCount: snapshot.revision + 1 });
  const at = events[snapshot.revision];
  if (!at) return { expected: `an event at revision ${snapshot.revision}`, found: `a stream of ${events.length} events` };
  if (at.eventId !== snapshot.eventId || (at.hash ?? null) !== snapshot.eventHash) {
    // The stream moved on (a rewrite the chain or the checkpoints report): the replay ignores this row already.
    return {
      expected: `event ${at.eventId} hash ${at.hash ?? '(none)'}`,
      found: `event ${snapshot.eventId} hash ${snapshot.eventHash ?? '(none)'}`,
    };
  }
  let folded: FoldedState;
  try {
    folded = foldStream(snapshot.streamId, events, initialFoldedState(snapshot.streamId));
  } catch (error) {
    return { expected: 'a stream that folds', found: error instanceof Error ? error.message : String(error) };
  }
  const expected = termsHash(JSON.parse(JSON.stringify(folded)) as unknown);
  const found = termsHash(snapshot.state);
  if (expected !== found) return { expected: `state ${expected}`, found: `state ${found}` };
  const maxRecordedMs = Math.max(...events.map((e) => Date.parse(e.metadata.recordedAt)));
  if (maxRecordedMs !== snapshot.maxRecordedMs) return { expected: `max recorded-at ${maxRecordedMs}`, found: `${snapshot.maxRecordedMs}` };
  const rejection = await snapshotRejection(store, snapshot);
  return rejection ? { expected: 'an attestation in the event store', found: rejection } : null;
}
