import {
  AchievementIndex,
  achievementOfStream,
  EventStore,
  GlobalPosition,
  hasAchievementIndex,
  RecordedEvent,
} from '@chengguo/eventstore';
import { citationsOf, FoldedState, foldStream, initialFoldedState, processOfStream } from '../catalogue/audit-catalogue';
import { EventVerificationStatus, VerificationReport, verifyStore } from '../integrity/verify';
import { attestSnapshots, snapshotRejection } from './attestations';
import { AUDIT_FOLD_VERSION, DEFAULT_SNAPSHOT_EVERY, ReplaySnapshot, ReplaySnapshots } from './snapshots';

/** One event as an auditor sees it: what, when, who, under which rules, and whether it is intact. */
export interface AuditedEvent {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  storedSchemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: { userId: string; role: string } | null;
  correlationId: string | null;
  causationId: string | null;
  ruleKeys: string[];
  data: unknown;
  hash: string | null;
  prevHash: string | null;
  verification: EventVerificationStatus | 'unverified';
}

export function toAuditedEvent(event: RecordedEvent, statuses?: Record<string, EventVerificationStatus>): AuditedEvent {
  return {
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    storedSchemaVersion: event.storedSchemaVersion ?? event.schemaVersion,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    actor: event.metadata.actor ?? null,
    correlationId: event.metadata.correlationId ?? null,
    causationId: event.metadata.causationId ?? null,
    ruleKeys: citationsOf(event.streamId, event.type, event.data),
    data: event.data,
    hash: event.hash ?? null,
    prevHash: event.prevHash ?? null,
    verification: statuses ? (statuses[`${event.streamId}@${event.revision}`] ?? 'unverified') : 'unverified',
  };
}

export interface StreamHistory {
  streamId: string;
  events: AuditedEvent[];
  verification: VerificationReport;
}

export async function streamHistory(store: EventStore, streamId: string): Promise<StreamHistory> {
  const [events, verification] = await Promise.all([
    store.readStream(streamId),
    verifyStore(store, { streamId, perEvent: true, checkpoints: false }),
  ]);
  return { streamId, events: events.map((e) => toAuditedEvent(e, verification.events)), verification };
}

export interface StateAsOf extends FoldedState {
  streamId: string;
  asOf: string | null;
  /** Revision of the last event folded; -1 when the stream did not exist yet. */
  revision: number;
  eventCount: number;
  lastRecordedAt: string | null;
  /** The snapshot the fold started from (revisions 0…n already folded); null when folded from revision 0. */
  snapshotRevision: number | null;
}

export interface ReplayOptions {
  /** Snapshot store; absent or null: fold from revision 0 and store nothing. */
  snapshots?: ReplaySnapshots | null;
  /** Store a snapshot at every revision r with (r + 1) % snapshotEvery = 0 the fold passes; 0: never. */
  snapshotEvery?: number;
  /** Snapshot reads and writes are best effort: a failure is reported here and the replay goes on. */
  onSnapshotError?: (error: unknown) => void;
  /** A snapshot row that no attestation in the event store vouches for (forged or stale): not used. */
  onSnapshotRejected?: (snapshot: ReplaySnapshot, reason: string) => void;
}

const PAGE = 1_000;

/**
 * The stream as it stood at an instant or at a revision, folded by the same evolve functions the
 * write side uses (catalogue): the events from revision 0 up to `revision` and up to the last one
 * before the first event recorded after `asOf` — a state the stream really had. Instants compare at
 * millisecond precision, as the API and the read models show them.
 *
 * With `snapshots`, the fold starts from the latest snapshot at or before that point (same fold
 * version, and the stream still holds the snapshot's event id and hash at its revision — else it is
 * ignored) and reads only the events after it (`readStream(fromRevision, maxCount)`); the answer is
 * the same as folding from revision 0. A snapshot row is used only if its digest is attested in
 * the event store (replay/attestations.ts); a forged row is reported and ignored. A fold that passes a multiple of `snapshotEvery` events
 * without a snapshot there stores one (best effort, after the fold, never failing the read).
 */
export async function stateAsOf(
  store: EventStore,
  streamId: string,
  at: { asOf?: string; revision?: number },
  options: ReplayOptions = {},
): Promise<StateAsOf> {
  const snapshots = options.snapshots ?? null;
  const every = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
  const report = options.onSnapshotError ?? (() => undefined);
  const limit = at.asOf !== undefined ? Date.parse(at.asOf) : null;
  const maxRevision = at.revision ?? null;
  const beyond = (e: RecordedEvent) =>
    (maxRevision !== null && e.revision > maxRevision) || (limit !== null && Date.parse(e.metadata.recordedAt) > limit);

  let snapshot: ReplaySnapshot | null = null;
  if (snapshots && (maxRevision === null || maxRevision >= 0)) {
    snapshot = await snapshots.nearest(streamId, AUDIT_FOLD_VERSION, { maxRevision, maxRecordedMs: limit }).catch((error: unknown) => {
      report(error);
      return null;
    });
    if (snapshot && snapshot.state.process !== (processOfStream(streamId)?.name ?? null)) snapshot = null;
    if (snapshot) {
      const rejection = await snapshotRejection(store, snapshot).catch((error: unknown) => {
        report(error);
        return 'its attestations could not be read';
      });
      if (rejection) {
        options.onSnapshotRejected?.(snapshot, rejection);
        snapshot = null;
      }
    }
  }

  // Reads from `from` (inclusive) in pages up to the first event beyond the requested point.
  const read = async (from: number): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for (let next = from; ;) {
      const maxCount =
        maxRevision !== null && limit === null
          ? maxRevision - next + 1
          : Math.min(PAGE, maxRevision === null ? PAGE : maxRevision - next + 1);
      if (maxCount <= 0) return events;
      const page = await store.readStream(streamId, { fromRevision: next, maxCount });
      for (const e of page) {
        if (beyond(e)) return events;
        events.push(e);
      }
      if (page.length < maxCount) return events;
      next = page[page.length - 1].revision + 1;
    }
  };

  let events: RecordedEvent[];
  let anchor: RecordedEvent | undefined; // the event at the snapshot's revision, as stored now
  if (snapshot) {
    events = await read(snapshot.revision);
    anchor = events[0];
    if (
      anchor &&
      anchor.revision === snapshot.revision &&
      anchor.eventId === snapshot.eventId &&
      (anchor.hash ?? null) === snapshot.eventHash
    ) {
      events = events.slice(1);
    } else {
      snapshot = null; // the stream no longer holds the event the snapshot was taken at: fold it all
      anchor = undefined;
      events = await read(0);
    }
  } else {
    events = maxRevision !== null && maxRevision < 0 ? [] : await read(0);
  }

  // Fold segment by segment, capturing the state at every multiple of `every` the fold passes.
  const capture = snapshots !== null && every > 0;
  let folded = snapshot ? snapshot.state : initialFoldedState(streamId);
  let maxRecordedMs = snapshot ? snapshot.maxRecordedMs : Number.NEGATIVE_INFINITY;
  const taken: ReplaySnapshot[] = [];
  for (let i = 0; i < events.length;) {
    let j = i;
    while (capture && j < events.length - 1 && (events[j].revision + 1) % every !== 0) j++;
    if (!capture) j = events.length - 1;
    const segment = events.slice(i, j + 1);
    folded = foldStream(streamId, segment, folded);
    if (capture) {
      for (const e of segment) maxRecordedMs = Math.max(maxRecordedMs, Date.parse(e.metadata.recordedAt));
      const e = events[j];
      if ((e.revision + 1) % every === 0) {
        taken.push({
          streamId,
          revision: e.revision,
          eventId: e.eventId,
          eventHash: e.hash ?? null,
          maxRecordedMs,
          foldVersion: AUDIT_FOLD_VERSION,
          state: JSON.parse(JSON.stringify(folded)) as FoldedState,
        });
      }
    }
    i = j + 1;
  }
  // Attested in the event store first: a row saved without its attestation is never used.
  if (snapshots && taken.length > 0)
    await attestSnapshots(store, taken)
      .then(() => snapshots.save(taken))
      .catch(report);

  const last = events[events.length - 1] ?? anchor;
  return {
    streamId,
    asOf: at.asOf ?? null,
    revision: last ? last.revision : -1,
    eventCount: (snapshot ? snapshot.revision + 1 : 0) + events.length,
    lastRecordedAt: last ? last.metadata.recordedAt : null,
    snapshotRevision: snapshot ? snapshot.revision : null,
    ...folded,
  };
}

/**
 * Takes the snapshots of a stream up to its head (every `snapshotEvery` revisions; those already
 * there are kept): the CLI's `snapshot` command. Unlike a replay, a failure to store them throws.
 */
export async function takeSnapshots(
  store: EventStore,
  streamId: string,
  snapshots: ReplaySnapshots,
  snapshotEvery = DEFAULT_SNAPSHOT_EVERY,
): Promise<StateAsOf> {
  let failure: unknown;
  const result = await stateAsOf(store, streamId, {}, { snapshots, snapshotEvery, onSnapshotError: (error) => (failure ??= error) });
  if (failure !== undefined) throw failure;
  return result;
}

export interface AchievementTimeline {
  achievementId: string;
  streams: string[];
  /** Every event that concerns the achievement, in commit ($all) order. */
  events: AuditedEvent[];
  verification: VerificationReport[];
}

/**
 * Every event of one achievement, whatever process wrote it — the disclosure, its sign-off rounds,
 * the contract, every transfer case, every exemption claim, the register — in commit order, read
 * through the store's achievement index (ADR 17): each event names its achievement in metadata
 * (the command path sets it) or, written before, was mapped by the index's in-place upgrade. Nothing
 * is guessed from correlation ids, and the cost follows the achievement's events, not the store.
 * Each stream it touches is verified whole.
 */
export async function achievementTimeline(store: EventStore, achievementId: string): Promise<AchievementTimeline> {
  const indexed = hasAchievementIndex(store) && (await store.achievementIndexComplete());
  const recorded = indexed ? await readIndexed(store, achievementId) : await scanForAchievement(store, achievementId);
  const streams = [...new Set(recorded.map((e) => e.streamId))].sort();
  const verification = await Promise.all(streams.map((streamId) => verifyStore(store, { streamId, perEvent: true, checkpoints: false })));
  const statuses = Object.assign({}, ...verification.map((v) => v.events ?? {})) as Record<string, EventVerificationStatus>;
  return { achievementId, streams, events: recorded.map((e) => toAuditedEvent(e, statuses)), verification };
}

async function readIndexed(store: EventStore & AchievementIndex, achievementId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after: GlobalPosition | undefined; ;) {
    const page = await store.readAchievement(achievementId, { after, maxCount: PAGE });
    events.push(...page);
    if (page.length < PAGE) return events;
    after = page[page.length - 1].position;
  }
}

/**
 * A store without an index (EventStoreDB, ADR 17), or one whose earlier events are not mapped yet: $all is read once and each stream's achievement
 * resolved once, as the index would record it (its first event's metadata, or its process's link).
 * Complete, but its cost grows with the store.
 */
async function scanForAchievement(store: EventStore, achievementId: string): Promise<RecordedEvent[]> {
  const ofStream = new Map<string, Promise<string | null>>();
  const events: RecordedEvent[] = [];
  for (let after: GlobalPosition | undefined; ;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const e of page) {
      let achievement = e.metadata.achievementId ?? null;
      if (achievement === null) {
        if (!ofStream.has(e.streamId)) ofStream.set(e.streamId, achievementOfStream(store, e.streamId));
        achievement = await ofStream.get(e.streamId)!;
      }
      if (achievement === achievementId) events.push(e);
    }
    if (page.length < PAGE) return events;
    after = page[page.length - 1].position;
  }
}
