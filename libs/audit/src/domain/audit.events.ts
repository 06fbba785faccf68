/**
 * Events of the audit process itself: global checkpoints over the hash chain, and the record of
 * every auditor read (who viewed what, when). They live in their own streams and are hash-chained
 * like every other event.
 */
export const CHECKPOINT_STREAM = 'audit-checkpoints';
/** RFC 3161 timestamp tokens over checkpoints, appended when the time-stamping authority answered. */
export const ANCHOR_STREAM = 'audit-anchors';
export const AUDITOR_READS_PREFIX = 'auditor-reads-';
/** Digests of replay snapshots (one stream per audited stream): a snapshot row is used only if it matches one. */
export const SNAPSHOT_ATTESTATIONS_PREFIX = 'audit-snapshots-';
export const auditorReadsStreamId = (at: Date): string => `${AUDITOR_READS_PREFIX}${at.toISOString().slice(0, 10)}`;
export const snapshotAttestationsStreamId = (streamId: string): string => `${SNAPSHOT_ATTESTATIONS_PREFIX}${streamId}`;
export const isAuditStream = (streamId: string): boolean =>
  isIntegrityStream(streamId) || streamId.startsWith(AUDITOR_READS_PREFIX) || streamId.startsWith(SNAPSHOT_ATTESTATIONS_PREFIX);
/**
 * Streams a checkpoint never covers: checkpoints and their anchors (else a quiet store would
 * checkpoint its own checkpoints forever). Both are hash-chained like every stream, and each
 * anchor binds the checkpoint stream's chain up to the checkpoint it stamps.
 */
export const isIntegrityStream = (streamId: string): boolean => streamId === CHECKPOINT_STREAM || streamId === ANCHOR_STREAM;

export interface SerializedPosition {
  commit: string;
  prepare: string;
}

/**
 * What a checkpoint saw of one stream: its events fromRevision…throughRevision (contiguous: a
 * stream's events are in revision order in $all), the full hash of the last, and a 16-hex-digit
 * tag of each one's hash. The Merkle root detects a change; the spans name the stream and the
 * revision a rewrite touched even when the rewriter re-hashed the rest of the stream (ADR 7).
 */
export interface CheckpointStreamSpan {
  streamId: string;
  fromRevision: number;
  throughRevision: number;
  headHash: string;
  /** The first 16 hex digits of each event's hash, in revision order, concatenated. */
  tags: string;
}

export const SPAN_TAG_LENGTH = 16;

/** Merkle root over the hashes of every event after `afterPosition` up to `throughPosition` ($all order). */
export interface AuditCheckpointRecorded {
  type: 'AuditCheckpointRecorded';
  sequence: number;
  afterPosition: SerializedPosition | null;
  throughPosition: SerializedPosition;
  eventCount: number;
  merkleRoot: string;
  firstEventId: string;
  lastEventId: string;
  algorithm: 'sha256-merkle-v1';
  recordedAt: string;
  /** Per-stream spans (schema version 2; absent on version-1 checkpoints). */
  streams?: CheckpointStreamSpan[];
}

/**
 * An RFC 3161 timestamp token over a checkpoint, from an authority outside the database. The
 * digest stamped is the checkpoint event's own chain hash, which commits to its Merkle root, its
 * spans and (through prev_hash) every earlier checkpoint.
 */
export interface AuditCheckpointAnchored {
  type: 'AuditCheckpointAnchored';
  sequence: number;
  checkpointEventId: string;
  /** SHA-256 (hex) that was stamped: the checkpoint event's stored hash. */
  digest: string;
  merkleRoot: string;
  tsaUrl: string;
  /** The TimeStampToken (CMS ContentInfo), DER, base64. */
  token: string;
  /** The authority's genTime and serial number, as read from the token. */
  genTime: string;
  serialNumber: string;
  anchoredAt: string;
}

/** A replay snapshot's digest (SHA-256 of the canonical JSON of its folded state), kept in the event store. */
export interface ReplaySnapshotAttested {
  type: 'ReplaySnapshotAttested';
  streamId: string;
  revision: number;
  eventId: string;
  eventHash: string | null;
  foldVersion: number;
  maxRecordedMs: number;
  stateHash: string;
}

export type AuditReadAction = 'history' | 'state' | 'timeline' | 'verify' | 'export' | 'reads';

export interface AuditorReadRecorded {
  type: 'AuditorReadRecorded';
  auditorId: string;
  role: string;
  auditLead: boolean;
  action: AuditReadAction;
  target: { streamId?: string; achievementId?: string; scope?: 'store' };
  query: Record<string, string>;
  channel: 'http' | 'cli';
  viewedAt: string;
}

export type AuditEvent = AuditCheckpointRecorded | AuditCheckpointAnchored | AuditorReadRecorded | ReplaySnapshotAttested;

export const AUDIT_SCHEMA_VERSIONS: Record<AuditEvent['type'], number> = {
  // 2: carries per-stream spans (`streams`); version-1 checkpoints have only the root.
  AuditCheckpointRecorded: 2,
  AuditCheckpointAnchored: 1,
  AuditorReadRecorded: 1,
  ReplaySnapshotAttested: 1,
};
