/**
 * Events of the audit process itself: global checkpoints over the hash chain, and the record of
 * every auditor read (who viewed what, when). They live in their own streams and are hash-chained
 * like every other event.
 */
export const CHECKPOINT_STREAM = 'audit-checkpoints';
export const AUDITOR_READS_PREFIX = 'auditor-reads-';
export const auditorReadsStreamId = (at: Date): string => `${AUDITOR_READS_PREFIX}${at.toISOString().slice(0, 10)}`;
export const isAuditStream = (streamId: string): boolean => streamId === CHECKPOINT_STREAM || streamId.startsWith(AUDITOR_READS_PREFIX);

export interface SerializedPosition {
  commit: string;
  prepare: string;
}

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

export type AuditEvent = AuditCheckpointRecorded | AuditorReadRecorded;

export const AUDIT_SCHEMA_VERSIONS: Record<AuditEvent['type'], number> = {
  AuditCheckpointRecorded: 1,
  AuditorReadRecorded: 1,
};
