import {
  EventStore,
  GENESIS_HASH,
  GlobalPosition,
  RecordedEvent,
  WrongExpectedRevisionError,
  deterministicUuid,
} from '@chengguo/eventstore';
import {
  AUDIT_SCHEMA_VERSIONS,
  AuditCheckpointRecorded,
  CHECKPOINT_STREAM,
  CheckpointStreamSpan,
  SPAN_TAG_LENGTH,
  SerializedPosition,
  isIntegrityStream,
} from '../domain/audit.events';
import { merkleRoot } from './merkle';

const PAGE = 1000;

export const serializePosition = (p: GlobalPosition): SerializedPosition => ({
  commit: p.commit.toString(),
  prepare: p.prepare.toString(),
});
export const parsePosition = (p: SerializedPosition): GlobalPosition => ({ commit: BigInt(p.commit), prepare: BigInt(p.prepare) });

/** One covered event as a checkpoint sees it. */
export interface CoveredLink {
  streamId: string;
  revision: number;
  hash: string;
  recordedAt: string;
}

export interface CoveredRange {
  hashes: string[];
  links: CoveredLink[];
  first: RecordedEvent | null;
  last: RecordedEvent | null;
  /** Position of the last event read (checkpoint events included), the next range's start. */
  through: GlobalPosition | null;
}

/**
 * The events a checkpoint covers: $all after `after`, checkpoint and anchor events excluded (a
 * checkpoint never covers checkpoints, so a quiet system does not checkpoint forever), at most
 * `maxEvents` of them, or exactly up to `through` when verifying.
 */
export async function readCoveredRange(
  store: EventStore,
  after: GlobalPosition | undefined,
  limit: { maxEvents?: number; through?: GlobalPosition },
): Promise<CoveredRange> {
  const range: CoveredRange = { hashes: [], links: [], first: null, last: null, through: null };
  let cursor = after;
  for (;;) {
    const page = await store.readAll({ after: cursor, maxCount: PAGE });
    for (const event of page) {
      if (limit.through && isAfter(event.position, limit.through)) return range;
      range.through = event.position;
      if (!isIntegrityStream(event.streamId)) {
        range.hashes.push(event.hash ?? GENESIS_HASH);
        range.links.push({
          streamId: event.streamId,
          revision: event.revision,
          hash: event.hash ?? GENESIS_HASH,
          recordedAt: event.metadata.recordedAt,
        });
        range.first ??= event;
        range.last = event;
        if (limit.maxEvents !== undefined && range.hashes.length >= limit.maxEvents) return range;
      }
      if (limit.through && samePosition(event.position, limit.through)) return range;
    }
    if (page.length < PAGE) return range;
    cursor = page[page.length - 1].position;
  }
}

/**
 * Appends a checkpoint over the events recorded since the previous one (or nothing, when there
 * are none). Concurrent recorders meet on the checkpoint stream's expected revision; the loser
 * records nothing.
 */
export async function recordCheckpoint(
  store: EventStore,
  options: { maxEvents?: number; now?: Date } = {},
): Promise<AuditCheckpointRecorded | null> {
  const [last] = await store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
  const previous = last ? (last.data as AuditCheckpointRecorded) : null;
  const after = previous ? parsePosition(previous.throughPosition) : undefined;
  const range = await readCoveredRange(store, after, { maxEvents: options.maxEvents ?? 50_000 });
  if (range.hashes.length === 0 || !range.first || !range.last) return null;
  const sequence = (previous?.sequence ?? 0) + 1;
  const checkpoint: AuditCheckpointRecorded = {
    type: 'AuditCheckpointRecorded',
    sequence,
    afterPosition: after ? serializePosition(after) : null,
    throughPosition: serializePosition(range.last.position),
    eventCount: range.hashes.length,
    merkleRoot: merkleRoot(range.hashes),
    firstEventId: range.first.eventId,
    lastEventId: range.last.eventId,
    algorithm: 'sha256-merkle-v1',
    recordedAt: (options.now ?? new Date()).toISOString(),
    streams: streamSpans(range.links),
  };
  const { type, ...data } = checkpoint;
  try {
    const result = await store.append(
      CHECKPOINT_STREAM,
      [
        {
          eventId: deterministicUuid(
            'audit-checkpoint',
            String(sequence),
            checkpoint.throughPosition.commit,
            checkpoint.throughPosition.prepare,
          ),
          type,
          schemaVersion: AUDIT_SCHEMA_VERSIONS[type],
          data,
          metadata: {
            occurredAt: checkpoint.recordedAt,
            actor: { userId: 'audit-checkpointer', role: 'system' },
            correlationId: `audit-checkpoint-${sequence}`,
            causationId: range.last.eventId,
          },
        },
      ],
      last ? last.revision : 'no_stream',
    );
    return result.written ? checkpoint : null;
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return null;
    throw error;
  }
}

/**
 * Groups covered links by stream into runs of consecutive revisions. A stream's events normally
 * come in revision order in $all and so form one run per checkpoint; sorting and splitting keeps
 * the spans exact even where two appends' commit order and revision order could differ.
 */
export function streamSpans(links: CoveredLink[]): CheckpointStreamSpan[] {
  const byStream = new Map<string, CoveredLink[]>();
  for (const link of links) {
    const list = byStream.get(link.streamId);
    if (list) list.push(link);
    else byStream.set(link.streamId, [link]);
  }
  const spans: CheckpointStreamSpan[] = [];
  for (const [streamId, list] of byStream) {
    list.sort((a, b) => a.revision - b.revision);
    let span: CheckpointStreamSpan | null = null;
    for (const link of list) {
      const tag = link.hash.slice(0, SPAN_TAG_LENGTH);
      if (span && link.revision === span.throughRevision + 1) {
        span.throughRevision = link.revision;
        span.headHash = link.hash;
        span.tags += tag;
      } else {
        span = { streamId, fromRevision: link.revision, throughRevision: link.revision, headHash: link.hash, tags: tag };
        spans.push(span);
      }
    }
  }
  return spans;
}

/**
 * Compares a span a checkpoint recorded with the stream's hashes now (revision → stored hash):
 * the first revision whose hash no longer has the recorded tag (or is gone), with what was
 * expected and found; null when the span still holds.
 */
export function firstSpanDifference(
  span: CheckpointStreamSpan,
  current: (revision: number) => string | undefined,
): { revision: number; expected: string; found: string } | null {
  for (let revision = span.fromRevision; revision <= span.throughRevision; revision++) {
    const i = (revision - span.fromRevision) * SPAN_TAG_LENGTH;
    const head = revision === span.throughRevision;
    const expected = head ? span.headHash : span.tags.slice(i, i + SPAN_TAG_LENGTH);
    const hash = current(revision);
    const text = head ? expected : `${expected}…`;
    if (hash === undefined) return { revision, expected: text, found: 'no event' };
    if (!hash.startsWith(expected)) return { revision, expected: text, found: hash };
  }
  return null;
}

/** The last checkpoint recorded, or null. */
export async function latestCheckpoint(store: EventStore): Promise<RecordedEvent<Omit<AuditCheckpointRecorded, 'type'>> | null> {
  const [last] = await store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
  return (last as RecordedEvent<Omit<AuditCheckpointRecorded, 'type'>> | undefined) ?? null;
}

function isAfter(a: GlobalPosition, b: GlobalPosition): boolean {
  return a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
}

function samePosition(a: GlobalPosition, b: GlobalPosition): boolean {
  return a.commit === b.commit && a.prepare === b.prepare;
}
