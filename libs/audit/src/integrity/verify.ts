import { ChainLink, EventStore, GENESIS_HASH, isHashChainReader } from '@chengguo/eventstore';
import { AuditCheckpointRecorded, CHECKPOINT_STREAM } from '../domain/audit.events';
import { parsePosition, readCoveredRange } from './checkpoints';
import { merkleRoot } from './merkle';

export type BreakKind =
  /** The event's bytes no longer give its stored hash: it was edited. */
  | 'hash_mismatch'
  /** The event does not chain to the one before it: an event was removed or events were reordered. */
  | 'prev_hash_mismatch'
  /** A revision is missing: an event was deleted. */
  | 'missing_revision'
  /** The stream catalogue's head disagrees with the last event found: the tail was deleted. */
  | 'head_mismatch'
  /** A checkpoint's Merkle root or count no longer matches the events it covered. */
  | 'checkpoint_mismatch';

export interface ChainBreak {
  kind: BreakKind;
  streamId: string;
  revision: number;
  eventId: string | null;
  expected: string;
  found: string;
}

export type EventVerificationStatus = 'verified' | 'broken' | 'after_break';

export interface VerificationReport {
  ok: boolean;
  scope: { streamId: string } | { store: true };
  checkedEvents: number;
  checkedStreams: number;
  checkedCheckpoints: number;
  /** The first broken link in (stream, revision) order, then checkpoints; null when intact. */
  firstBreak: ChainBreak | null;
  /** Every break found (capped at 100). */
  breaks: ChainBreak[];
  verifiedAt: string;
  /** Per-event status, only for a single-stream verification: `${streamId}@${revision}` → status. */
  events?: Record<string, EventVerificationStatus>;
}

export interface VerifyOptions {
  streamId?: string;
  /** Called after every page: events checked so far, total expected. */
  onProgress?: (checked: number, total: number) => void;
  /** Also check global checkpoints (default: for whole-store verification). */
  checkpoints?: boolean;
  pageSize?: number;
  /** Keep per-event statuses (timeline, exports). */
  perEvent?: boolean;
}

const MAX_BREAKS = 100;

/** Walks the hash chain of one stream or the whole store, then the checkpoints. */
export async function verifyStore(store: EventStore, options: VerifyOptions = {}): Promise<VerificationReport> {
  if (!isHashChainReader(store)) throw new Error('This event store adapter exposes no hash chain to verify');
  const pageSize = options.pageSize ?? 5_000;
  const heads = new Map((await store.streamHeads(options.streamId)).map((h) => [h.streamId, h.revision]));
  const total = await store.countEvents(options.streamId);
  const breaks: ChainBreak[] = [];
  const statuses: Record<string, EventVerificationStatus> = {};
  const brokenStreams = new Set<string>();
  const seenStreams = new Set<string>();
  const addBreak = (b: ChainBreak): void => {
    if (breaks.length < MAX_BREAKS) breaks.push(b);
  };

  let current: string | null = null;
  let expectedRevision = 0;
  let expectedPrev = GENESIS_HASH;
  let lastRevision = -1;
  let checked = 0;

  const finishStream = (streamId: string, lastSeen: number): void => {
    const head = heads.get(streamId);
    if (head !== undefined && head !== lastSeen) {
      addBreak({
        kind: 'head_mismatch',
        streamId,
        revision: lastSeen + 1,
        eventId: null,
        expected: `head at revision ${head}`,
        found: `last event at revision ${lastSeen}`,
      });
      brokenStreams.add(streamId);
    }
  };

  const check = (link: ChainLink): void => {
    let status: EventVerificationStatus = brokenStreams.has(link.streamId) ? 'after_break' : 'verified';
    const found = (kind: BreakKind, expected: string, actual: string): void => {
      addBreak({
        kind,
        streamId: link.streamId,
        revision: kind === 'missing_revision' ? expectedRevision : link.revision,
        eventId: link.eventId,
        expected,
        found: actual,
      });
      brokenStreams.add(link.streamId);
      status = 'broken';
    };
    if (link.revision !== expectedRevision) found('missing_revision', `revision ${expectedRevision}`, `revision ${link.revision}`);
    else if (link.storedPrevHash !== expectedPrev) found('prev_hash_mismatch', expectedPrev, link.storedPrevHash ?? '(none)');
    else if (link.storedHash !== link.computedHash) found('hash_mismatch', link.computedHash, link.storedHash ?? '(none)');
    if (options.perEvent) statuses[`${link.streamId}@${link.revision}`] = status;
    expectedRevision = link.revision + 1;
    expectedPrev = link.storedHash ?? '';
    lastRevision = link.revision;
  };

  for await (const page of store.readChain({ streamId: options.streamId, pageSize })) {
    for (const link of page) {
      if (link.streamId !== current) {
        if (current !== null) finishStream(current, lastRevision);
        current = link.streamId;
        seenStreams.add(current);
        expectedRevision = 0;
        expectedPrev = GENESIS_HASH;
        lastRevision = -1;
      }
      check(link);
      checked += 1;
    }
    options.onProgress?.(checked, Math.max(total, checked));
  }
  if (current !== null) finishStream(current, lastRevision);
  for (const [streamId, head] of heads) {
    if (!seenStreams.has(streamId) && head >= 0) {
      addBreak({ kind: 'head_mismatch', streamId, revision: 0, eventId: null, expected: `head at revision ${head}`, found: 'no events' });
    }
  }
  breaks.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.revision - b.revision));

  let checkedCheckpoints = 0;
  if (options.checkpoints ?? options.streamId === undefined) {
    const checkpointBreaks = await verifyCheckpoints(store);
    checkedCheckpoints = checkpointBreaks.checked;
    for (const b of checkpointBreaks.breaks) addBreak(b);
  }

  return {
    ok: breaks.length === 0,
    scope: options.streamId ? { streamId: options.streamId } : { store: true },
    checkedEvents: checked,
    checkedStreams: seenStreams.size,
    checkedCheckpoints,
    firstBreak: breaks[0] ?? null,
    breaks,
    verifiedAt: new Date().toISOString(),
    ...(options.perEvent ? { events: statuses } : {}),
  };
}

/** Recomputes every checkpoint's Merkle root and count from the events it covered. */
export async function verifyCheckpoints(store: EventStore): Promise<{ checked: number; breaks: ChainBreak[] }> {
  const checkpoints = await store.readStream(CHECKPOINT_STREAM);
  const breaks: ChainBreak[] = [];
  for (const recorded of checkpoints) {
    const checkpoint = recorded.data as Omit<AuditCheckpointRecorded, 'type'>;
    const range = await readCoveredRange(store, checkpoint.afterPosition ? parsePosition(checkpoint.afterPosition) : undefined, {
      through: parsePosition(checkpoint.throughPosition),
    });
    const root = merkleRoot(range.hashes);
    if (root !== checkpoint.merkleRoot || range.hashes.length !== checkpoint.eventCount) {
      breaks.push({
        kind: 'checkpoint_mismatch',
        streamId: CHECKPOINT_STREAM,
        revision: recorded.revision,
        eventId: recorded.eventId,
        expected: `${checkpoint.merkleRoot} over ${checkpoint.eventCount} events`,
        found: `${root} over ${range.hashes.length} events`,
      });
    }
  }
  return { checked: checkpoints.length, breaks };
}
