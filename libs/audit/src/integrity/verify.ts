import {
  ChainLink,
  EventStore,
  GENESIS_HASH,
  HashChainReader,
  RecordedEvent,
  isHashChainReader,
  isStoreChainWalker,
} from '@chengguo/eventstore';
import { ANCHOR_STREAM, AuditCheckpointRecorded, CHECKPOINT_STREAM, CheckpointStreamSpan, isIntegrityStream } from '../domain/audit.events';
import { AnchoringReport, checkAnchors } from './anchoring';
import { firstSpanDifference, parsePosition, readCoveredRange, streamSpans } from './checkpoints';
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
  | 'checkpoint_mismatch'
  /**
   * The event's hash differs from the one a checkpoint recorded for this stream and revision: it
   * was rewritten and re-hashed together with every later event of its stream (a consistent rewrite).
   */
  | 'checkpointed_hash_mismatch'
  /** A timestamp token no longer stamps its checkpoint's hash: the checkpoint was rewritten after it was anchored. */
  | 'anchor_mismatch'
  /** A replay snapshot's state is not the fold of its stream up to its revision. */
  | 'snapshot_mismatch';

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
  /** Checkpoint spans of this stream compared with its events (single-stream verification). */
  checkedSpans?: number;
  /** Events no checkpoint covers yet (whole-store verification): how many and since when. */
  unanchoredTail?: UnanchoredTail;
  /** Timestamp tokens over the checkpoints (whole-store verification). */
  anchoring?: AnchoringReport;
}

export interface UnanchoredTail {
  events: number;
  /** Recorded-at of the oldest event not covered by a checkpoint; null when every event is covered. */
  oldestRecordedAt: string | null;
  ageSeconds: number | null;
  /** Sequence of the last checkpoint (null: none yet). */
  afterCheckpoint: number | null;
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
  /** Single stream: compare its events with the spans checkpoints recorded of it (default true). */
  spans?: boolean;
  /** The clock for the tail's age (tests). */
  now?: () => Date;
}

const MAX_BREAKS = 100;

/** Breaks in (stream id, revision) order. */
function compareBreaks(a: ChainBreak, b: ChainBreak): number {
  return a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.revision - b.revision;
}

/** Walks the hash chain of one stream or the whole store, then the checkpoints. */
export async function verifyStore(store: EventStore, options: VerifyOptions = {}): Promise<VerificationReport> {
  if (!isHashChainReader(store)) throw new Error('This event store adapter exposes no hash chain to verify');
  const pageSize = options.pageSize ?? 5_000;
  const breaks: ChainBreak[] = [];
  const statuses: Record<string, EventVerificationStatus> = {};
  const brokenStreams = new Set<string>();
  const addBreak = (b: ChainBreak): void => {
    if (breaks.length < MAX_BREAKS) breaks.push(b);
  };
  let checked = 0;
  let checkedStreams = 0;
  const streamHashes = new Map<number, string>(); // single stream: revision → stored hash, for the spans
  let walked: StoreSnapshot | undefined; // the whole store's walk: its snapshot's event count and heads
  const headBreaks = (heads: Map<string, number>, lastRevisions: ReadonlyMap<string, number>): ChainBreak[] => {
    const found: ChainBreak[] = [];
    for (const [streamId, lastSeen] of lastRevisions) {
      const head = heads.get(streamId);
      if (head !== undefined && head !== lastSeen) {
        found.push({
          kind: 'head_mismatch',
          streamId,
          revision: lastSeen + 1,
          eventId: null,
          expected: `head at revision ${head}`,
          found: `last event at revision ${lastSeen}`,
        });
      }
    }
    for (const [streamId, head] of heads) {
      if (!lastRevisions.has(streamId) && head >= 0) {
        found.push({
          kind: 'head_mismatch',
          streamId,
          revision: 0,
          eventId: null,
          expected: `head at revision ${head}`,
          found: 'no events',
        });
      }
    }
    return found;
  };

  if (options.streamId === undefined && !options.perEvent && isStoreChainWalker(store)) {
    // The whole store, checked inside the adapter as the bytes arrive (the same checks as below,
    // per link), the catalogue read in the same snapshot.
    const total = options.onProgress ? await store.countEvents() : 0;
    const walk = await store.walkStoreChains({
      maxFindings: MAX_BREAKS,
      progressEvery: pageSize,
      onProgress: options.onProgress && ((done) => options.onProgress!(done, Math.max(total, done))),
    });
    checked = walk.events;
    checkedStreams = walk.lastRevisions.size;
    options.onProgress?.(checked, Math.max(total, checked));
    const heads = new Map(walk.heads.map((h) => [h.streamId, h.revision]));
    walked = { events: walk.events, heads };
    breaks.push(...walk.findings, ...headBreaks(heads, walk.lastRevisions));
    breaks.sort(compareBreaks);
    breaks.splice(MAX_BREAKS);
  } else {
    const heads = new Map((await store.streamHeads(options.streamId)).map((h) => [h.streamId, h.revision]));
    const total = options.onProgress ? await store.countEvents(options.streamId) : 0;
    const lastRevisions = new Map<string, number>();
    const chainBreaks: ChainBreak[] = [];
    let current: string | null = null;
    let expectedRevision = 0;
    let expectedPrev = GENESIS_HASH;
    let lastRevision = -1;

    const check = (link: ChainLink): void => {
      let status: EventVerificationStatus = brokenStreams.has(link.streamId) ? 'after_break' : 'verified';
      const found = (kind: BreakKind, expected: string, actual: string): void => {
        chainBreaks.push({
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
      if (options.streamId !== undefined && link.storedHash) streamHashes.set(link.revision, link.storedHash);
      expectedRevision = link.revision + 1;
      expectedPrev = link.storedHash ?? '';
      lastRevision = link.revision;
    };

    for await (const page of store.readChain({ streamId: options.streamId, pageSize })) {
      for (const link of page) {
        if (link.streamId !== current) {
          if (current !== null) lastRevisions.set(current, lastRevision);
          current = link.streamId;
          expectedRevision = 0;
          expectedPrev = GENESIS_HASH;
          lastRevision = -1;
        }
        check(link);
        checked += 1;
      }
      // Many breaks (a store rewritten wholesale): keep what the report can show.
      if (chainBreaks.length >= 20 * MAX_BREAKS) chainBreaks.sort(compareBreaks).splice(MAX_BREAKS);
      options.onProgress?.(checked, Math.max(total, checked));
    }
    if (current !== null) lastRevisions.set(current, lastRevision);
    checkedStreams = lastRevisions.size;
    const headFound = headBreaks(heads, lastRevisions);
    for (const b of headFound) brokenStreams.add(b.streamId);
    breaks.push(...chainBreaks, ...headFound);
    breaks.sort(compareBreaks);
    breaks.splice(MAX_BREAKS);
  }

  // An edit that was not re-hashed is a chain break already; its span difference says nothing more.
  const sameAsChainBreak = (b: ChainBreak): boolean =>
    b.kind === 'checkpointed_hash_mismatch' && breaks.some((c) => c.streamId === b.streamId && c.revision === b.revision);
  let checkedSpans: number | undefined;
  if (options.streamId !== undefined && (options.spans ?? true)) {
    const streamId = options.streamId;
    const spans = await checkStreamSpans(store, streamId, (revision) => streamHashes.get(revision));
    checkedSpans = spans.checked;
    if (spans.break && !sameAsChainBreak(spans.break)) {
      addBreak(spans.break);
      if (options.perEvent) {
        for (const key of Object.keys(statuses)) {
          const revision = Number(key.slice(streamId.length + 1));
          if (revision === spans.break.revision) statuses[key] = 'broken';
          else if (revision > spans.break.revision && statuses[key] === 'verified') statuses[key] = 'after_break';
        }
      }
    }
  }

  let checkedCheckpoints = 0;
  let unanchoredTail: UnanchoredTail | undefined;
  let anchoring: AnchoringReport | undefined;
  if (options.checkpoints ?? options.streamId === undefined) {
    const checkpointBreaks = await verifyCheckpoints(store);
    checkedCheckpoints = checkpointBreaks.checked;
    for (const b of checkpointBreaks.breaks) if (!sameAsChainBreak(b)) addBreak(b);
    anchoring = checkpointBreaks.anchoring;
    unanchoredTail = await unanchoredTailOf(store, checkpointBreaks.checkpoints, options.now?.() ?? new Date(), walked);
  }

  return {
    ok: breaks.length === 0,
    scope: options.streamId ? { streamId: options.streamId } : { store: true },
    checkedEvents: checked,
    checkedStreams,
    checkedCheckpoints,
    firstBreak: breaks[0] ?? null,
    breaks,
    verifiedAt: new Date().toISOString(),
    ...(options.perEvent ? { events: statuses } : {}),
    ...(checkedSpans !== undefined ? { checkedSpans } : {}),
    ...(unanchoredTail ? { unanchoredTail } : {}),
    ...(anchoring ? { anchoring } : {}),
  };
}

type Checkpoint = RecordedEvent<Omit<AuditCheckpointRecorded, 'type'>>;

/**
 * Compares one stream's hashes now with every span the checkpoints recorded of it, and returns the
 * earliest revision that differs. The chain walk cannot see a consistent rewrite (every later hash
 * recomputed); the spans, written before it, can.
 */
export async function checkStreamSpans(
  store: EventStore,
  streamId: string,
  current: (revision: number) => string | undefined,
): Promise<{ checked: number; break: ChainBreak | null }> {
  const checkpoints = (await store.readStream(CHECKPOINT_STREAM)) as Checkpoint[];
  let checked = 0;
  let first: ChainBreak | null = null;
  for (const checkpoint of checkpoints) {
    for (const span of checkpoint.data.streams ?? []) {
      if (span.streamId !== streamId) continue;
      checked += 1;
      const difference = firstSpanDifference(span, current);
      if (difference && (!first || difference.revision < first.revision)) {
        first = {
          kind: 'checkpointed_hash_mismatch',
          streamId,
          revision: difference.revision,
          eventId: null,
          expected: `${difference.expected} (checkpoint ${checkpoint.data.sequence})`,
          found: difference.found,
        };
      }
    }
  }
  return { checked, break: first };
}

/**
 * The events no checkpoint covers yet: how many (all events, less those in checkpoint and anchor
 * streams, less what the checkpoints counted) and how old the first of them is. Counted, not read,
 * so that a store without checkpoints costs two queries here, not a second pass over every event.
 */
/** The whole-store walk's snapshot: how many events it walked, and the stream catalogue's heads. */
interface StoreSnapshot {
  events: number;
  heads: ReadonlyMap<string, number>;
}

async function unanchoredTailOf(
  store: EventStore & HashChainReader,
  checkpoints: Checkpoint[],
  now: Date,
  walked?: StoreSnapshot,
): Promise<UnanchoredTail> {
  // In the snapshot the walk checked when there was one, rather than by another count(*) over every
  // event (25–35 ms per 100,000 events): its events, its integrity streams, the checkpoints it held.
  let counted = checkpoints;
  let total: number;
  let integrity: number;
  if (walked) {
    const head = (id: string): number => walked.heads.get(id) ?? -1;
    counted = checkpoints.filter((c) => c.revision <= head(CHECKPOINT_STREAM));
    total = walked.events;
    integrity = head(CHECKPOINT_STREAM) + 1 + head(ANCHOR_STREAM) + 1;
  } else {
    total = await store.countEvents();
    integrity = (await Promise.all([CHECKPOINT_STREAM, ANCHOR_STREAM].map((id) => store.streamHeads(id))))
      .flat()
      .reduce((n, head) => n + head.revision + 1, 0);
  }
  const covered = counted.reduce((n, c) => n + c.data.eventCount, 0);
  const events = Math.max(0, total - integrity - covered);
  const last = counted[counted.length - 1] ?? null;
  let oldest: string | null = null;
  let after = last ? parsePosition(last.data.throughPosition) : undefined;
  // The first event after the last checkpoint ($all is commit order) is the oldest uncovered one.
  for (let pages = 0; events > 0 && oldest === null && pages < 100; pages++) {
    const page = await store.readAll({ after, maxCount: 100 });
    oldest = page.find((e) => !isIntegrityStream(e.streamId))?.metadata.recordedAt ?? null;
    if (page.length < 100) break;
    after = page[page.length - 1].position;
  }
  return {
    events,
    oldestRecordedAt: oldest,
    ageSeconds: oldest === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(oldest)) / 1000)),
    afterCheckpoint: last ? last.data.sequence : null,
  };
}

/**
 * Recomputes every checkpoint's Merkle root and count from the events it covered, compares its
 * per-stream spans with those events (naming the stream and revision a rewrite touched), and checks
 * the timestamp tokens over the checkpoints.
 */
export async function verifyCheckpoints(
  store: EventStore,
): Promise<{ checked: number; breaks: ChainBreak[]; anchoring: AnchoringReport; checkpoints: Checkpoint[] }> {
  const checkpoints = (await store.readStream(CHECKPOINT_STREAM)) as Checkpoint[];
  const breaks: ChainBreak[] = [];
  const spanBreaks = new Map<string, ChainBreak>(); // the earliest per stream
  for (const recorded of checkpoints) {
    const checkpoint = recorded.data;
    const range = await readCoveredRange(store, checkpoint.afterPosition ? parsePosition(checkpoint.afterPosition) : undefined, {
      through: parsePosition(checkpoint.throughPosition),
    });
    if (checkpoint.streams) {
      const now = new Map<string, CheckpointStreamSpan>(); // the first span of each stream in the range now
      for (const span of streamSpans(range.links)) if (!now.has(span.streamId)) now.set(span.streamId, span);
      const hashes = new Map(range.links.map((l) => [`${l.streamId}\u0000${l.revision}`, l.hash]));
      for (const span of checkpoint.streams) {
        const difference = firstSpanDifference(span, (revision) => hashes.get(`${span.streamId}\u0000${revision}`));
        if (!difference) continue;
        const known = spanBreaks.get(span.streamId);
        if (known && known.revision <= difference.revision) continue;
        spanBreaks.set(span.streamId, {
          kind: 'checkpointed_hash_mismatch',
          streamId: span.streamId,
          revision: difference.revision,
          eventId: null,
          expected: `${difference.expected} (checkpoint ${checkpoint.sequence})`,
          found: difference.found,
        });
      }
      // Events in the range of a stream the checkpoint never saw: inserted afterwards.
      for (const streamId of now.keys()) {
        if (!checkpoint.streams.some((s) => s.streamId === streamId) && !spanBreaks.has(streamId)) {
          const span = now.get(streamId)!;
          spanBreaks.set(streamId, {
            kind: 'checkpointed_hash_mismatch',
            streamId,
            revision: span.fromRevision,
            eventId: null,
            expected: `no event of this stream in checkpoint ${checkpoint.sequence}`,
            found: span.headHash,
          });
        }
      }
    }
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
  const anchoring = await checkAnchors(store, checkpoints);
  for (const b of anchoring.breaks) {
    breaks.push({
      kind: 'anchor_mismatch',
      streamId: CHECKPOINT_STREAM,
      revision: b.revision,
      eventId: b.eventId,
      expected: b.expected,
      found: b.found,
    });
  }
  return {
    checked: checkpoints.length,
    // Stream-named breaks first: they say where a rewrite happened; the root mismatch only that one did.
    breaks: [...[...spanBreaks.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0)), ...breaks],
    anchoring,
    checkpoints,
  };
}
