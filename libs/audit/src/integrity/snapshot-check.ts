import { EventStore, RecordedEvent } from '@chengguo/eventstore';
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
  // Rows come in (stream, revision) order: each stream is folded once, on from one snapshot to the next.
  let fold = null as StreamFold | null;
  for await (const page of snapshots.all()) {
    for (const snapshot of page) {
      if (snapshot.foldVersion !== AUDIT_FOLD_VERSION) {
        result.skipped += 1;
        continue;
      }
      result.checked += 1;
      if (fold?.streamId !== snapshot.streamId) fold = new StreamFold(store, snapshot.streamId);
      const problem = await snapshotProblem(store, snapshot, fold);
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

/** A stream folded from revision 0 up to the revisions asked for, in increasing order. */
class StreamFold {
  state: FoldedState;
  revision = -1;
  maxRecordedMs = Number.NEGATIVE_INFINITY;
  last: RecordedEvent | null = null;
  failure: string | null = null;

  constructor(
    private readonly store: EventStore,
    readonly streamId: string,
  ) {
    this.state = initialFoldedState(streamId);
  }

  async to(revision: number): Promise<void> {
    while (this.failure === null && this.revision < revision) {
      const events = await this.store.readStream(this.streamId, {
        fromRevision: this.revision + 1,
        maxCount: Math.min(1_000, revision - this.revision),
      });
      if (events.length === 0) return;
      try {
        this.state = foldStream(this.streamId, events, this.state);
      } catch (error) {
        this.failure = error instanceof Error ? error.message : String(error);
      }
      for (const e of events) this.maxRecordedMs = Math.max(this.maxRecordedMs, Date.parse(e.metadata.recordedAt));
      this.last = events[events.length - 1];
      this.revision = this.last.revision;
    }
  }
}

async function snapshotProblem(
  store: EventStore,
  snapshot: ReplaySnapshot,
  fold: StreamFold,
): Promise<{ expected: string; found: string } | null> {
  await fold.to(snapshot.revision);
  const at = fold.revision === snapshot.revision ? fold.last : null;
  if (!at) return { expected: `an event at revision ${snapshot.revision}`, found: `a stream of ${fold.revision + 1} events` };
  if (at.eventId !== snapshot.eventId || (at.hash ?? null) !== snapshot.eventHash) {
    // The stream moved on (a rewrite the chain or the checkpoints report): the replay ignores this row already.
    return {
      expected: `event ${at.eventId} hash ${at.hash ?? '(none)'}`,
      found: `event ${snapshot.eventId} hash ${snapshot.eventHash ?? '(none)'}`,
    };
  }
  if (fold.failure !== null) return { expected: 'a stream that folds', found: fold.failure };
  const expected = termsHash(JSON.parse(JSON.stringify(fold.state)) as unknown);
  const found = termsHash(snapshot.state);
  if (expected !== found) return { expected: `state ${expected}`, found: `state ${found}` };
  if (fold.maxRecordedMs !== snapshot.maxRecordedMs)
    return { expected: `max recorded-at ${fold.maxRecordedMs}`, found: `${snapshot.maxRecordedMs}` };
  const rejection = await snapshotRejection(store, snapshot);
  return rejection ? { expected: 'an attestation in the event store', found: rejection } : null;
}
