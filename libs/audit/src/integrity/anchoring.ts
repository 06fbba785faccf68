import { EventStore, RecordedEvent, deterministicUuid } from '@chengguo/eventstore';
import {
  ANCHOR_STREAM,
  AUDIT_SCHEMA_VERSIONS,
  AuditCheckpointAnchored,
  AuditCheckpointRecorded,
  CHECKPOINT_STREAM,
} from '../domain/audit.events';
import { TimestampError, readTimestampToken, requestTimestamp } from './timestamping';

type Checkpoint = RecordedEvent<Omit<AuditCheckpointRecorded, 'type'>>;
type Anchor = RecordedEvent<Omit<AuditCheckpointAnchored, 'type'>>;

/** How far back the recorder looks for checkpoints still without a token. */
const ANCHOR_LOOKBACK = 200;

/**
 * Requests a timestamp for every recent checkpoint that has none yet (oldest first) and appends
 * it to `audit-anchors`. An authority that is down fails this call, never an append: the
 * recorder retries on its next tick, and verify lists what is still unanchored. Two recorders
 * anchoring the same checkpoint write one event (its id derives from the checkpoint).
 */
export async function anchorPendingCheckpoints(
  store: EventStore,
  tsaUrl: string,
  options: { timeoutMs?: number; now?: () => Date } = {},
): Promise<AuditCheckpointAnchored[]> {
  const checkpoints = (await store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: ANCHOR_LOOKBACK })) as Checkpoint[];
  if (checkpoints.length === 0) return [];
  const anchors = (await store.readStream(ANCHOR_STREAM, { direction: 'backwards', maxCount: ANCHOR_LOOKBACK * 2 })) as Anchor[];
  const anchored = new Set(anchors.map((a) => a.data.checkpointEventId));
  const written: AuditCheckpointAnchored[] = [];
  for (const checkpoint of checkpoints.reverse()) {
    if (anchored.has(checkpoint.eventId) || !checkpoint.hash) continue;
    const stamp = await requestTimestamp(tsaUrl, checkpoint.hash, options);
    const anchor: AuditCheckpointAnchored = {
      type: 'AuditCheckpointAnchored',
      sequence: checkpoint.data.sequence,
      checkpointEventId: checkpoint.eventId,
      digest: checkpoint.hash,
      merkleRoot: checkpoint.data.merkleRoot,
      tsaUrl,
      token: stamp.token.toString('base64'),
      genTime: stamp.genTime,
      serialNumber: stamp.serialNumber,
      anchoredAt: (options.now?.() ?? new Date()).toISOString(),
    };
    const { type, ...data } = anchor;
    await store.append(
      ANCHOR_STREAM,
      [
        {
          eventId: deterministicUuid('audit-anchor', checkpoint.eventId, checkpoint.hash),
          type,
          schemaVersion: AUDIT_SCHEMA_VERSIONS[type],
          data,
          metadata: {
            occurredAt: anchor.genTime,
            actor: { userId: 'audit-checkpointer', role: 'system' },
            correlationId: `audit-checkpoint-${anchor.sequence}`,
            causationId: checkpoint.eventId,
          },
        },
      ],
      'any',
    );
    written.push(anchor);
  }
  return written;
}

export interface AnchorBreak {
  sequence: number;
  revision: number;
  eventId: string;
  expected: string;
  found: string;
}

export interface AnchoringReport {
  /** Checkpoints with a timestamp token that stamps their current hash. */
  anchored: number;
  /** Sequences of checkpoints without a token (the authority was down, or anchoring is off); at most 100, oldest first. */
  unanchored: number[];
  unanchoredCount: number;
  /** Tokens that no longer match their checkpoint (the checkpoint was rewritten after it was stamped). */
  breaks: AnchorBreak[];
  latest: { sequence: number; genTime: string; tsaUrl: string } | null;
}

/**
 * Checks every token against the checkpoint it stamped: the token's imprint must be the
 * checkpoint event's stored hash now. The token's signature is the auditor's to check with the
 * authority's certificate (README: `openssl ts -verify`).
 */
export async function checkAnchors(store: EventStore, checkpoints: Checkpoint[]): Promise<AnchoringReport> {
  const anchors = (await store.readStream(ANCHOR_STREAM)) as Anchor[];
  const byEventId = new Map(checkpoints.map((c) => [c.eventId, c]));
  const good = new Set<string>();
  const breaks: AnchorBreak[] = [];
  let latest: AnchoringReport['latest'] = null;
  for (const anchor of anchors) {
    const checkpoint = byEventId.get(anchor.data.checkpointEventId);
    let stamped: string;
    try {
      stamped = readTimestampToken(Buffer.from(anchor.data.token, 'base64')).digest;
    } catch (error) {
      stamped = `an unreadable token (${error instanceof TimestampError ? error.message : String(error)})`;
    }
    if (!checkpoint) {
      breaks.push({
        sequence: anchor.data.sequence,
        revision: anchor.data.sequence - 1,
        eventId: anchor.data.checkpointEventId,
        expected: `checkpoint event ${anchor.data.checkpointEventId} stamped at ${anchor.data.genTime}`,
        found: 'no such checkpoint',
      });
    } else if (stamped !== checkpoint.hash) {
      breaks.push({
        sequence: checkpoint.data.sequence,
        revision: checkpoint.revision,
        eventId: checkpoint.eventId,
        expected: `checkpoint hash ${stamped} (stamped ${anchor.data.genTime} by ${anchor.data.tsaUrl})`,
        found: checkpoint.hash ?? '(none)',
      });
    } else {
      good.add(checkpoint.eventId);
      if (!latest || checkpoint.data.sequence > latest.sequence) {
        latest = { sequence: checkpoint.data.sequence, genTime: anchor.data.genTime, tsaUrl: anchor.data.tsaUrl };
      }
    }
  }
  const unanchored = checkpoints.filter((c) => !good.has(c.eventId) && !breaks.some((b) => b.eventId === c.eventId));
  return {
    anchored: good.size,
    unanchored: unanchored.slice(0, 100).map((c) => c.data.sequence),
    unanchoredCount: unanchored.length,
    breaks,
    latest,
  };
}

/** What an export carries so its reader can hold the store to it later: the latest checkpoint and its token. */
export interface ExportAnchor {
  sequence: number;
  checkpointEventId: string;
  checkpointHash: string | null;
  merkleRoot: string;
  throughPosition: AuditCheckpointRecorded['throughPosition'];
  recordedAt: string;
  timestamp: { tsaUrl: string; genTime: string; serialNumber: string; token: string } | null;
}

/** The latest checkpoint, with the timestamp token of the latest one that has one if that is the same. */
export async function latestAnchor(store: EventStore): Promise<ExportAnchor | null> {
  const [checkpoint] = (await store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 })) as Checkpoint[];
  if (!checkpoint) return null;
  const anchors = (await store.readStream(ANCHOR_STREAM, { direction: 'backwards', maxCount: 20 })) as Anchor[];
  const anchor = anchors.find((a) => a.data.checkpointEventId === checkpoint.eventId && a.data.digest === checkpoint.hash);
  return {
    sequence: checkpoint.data.sequence,
    checkpointEventId: checkpoint.eventId,
    checkpointHash: checkpoint.hash ?? null,
    merkleRoot: checkpoint.data.merkleRoot,
    throughPosition: checkpoint.data.throughPosition,
    recordedAt: checkpoint.metadata.recordedAt,
    timestamp: anchor
      ? { tsaUrl: anchor.data.tsaUrl, genTime: anchor.data.genTime, serialNumber: anchor.data.serialNumber, token: anchor.data.token }
      : null,
  };
}
