import { ProblemCodes } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Refusals shared by the audit reads: the ids' pattern (checked before the read is recorded). */
export const AUDIT_STREAM_REFUSALS: ProblemCodes = { 422: ['STREAM_ID_INVALID'] };

class ChainBreakView {
  @ApiProperty({ enum: ['hash_mismatch', 'prev_hash_mismatch', 'missing_revision', 'head_mismatch', 'checkpoint_mismatch'] })
  kind: string;
  @ApiProperty() streamId: string;
  @ApiProperty() revision: number;
  @ApiProperty({ type: String, nullable: true }) eventId: string | null;
  @ApiProperty() expected: string;
  @ApiProperty() found: string;
}

/** What verification found (ADR 7). */
export class VerificationReportView {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{ streamId } or { store: true }' })
  scope: Record<string, unknown>;
  @ApiProperty() checkedEvents: number;
  @ApiProperty() checkedStreams: number;
  @ApiProperty() checkedCheckpoints: number;
  @ApiProperty({ type: ChainBreakView, nullable: true }) firstBreak: ChainBreakView | null;
  @ApiProperty({ type: [ChainBreakView] }) breaks: ChainBreakView[];
  @ApiProperty({ format: 'date-time' }) verifiedAt: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: '`streamId@revision` → status' })
  events?: Record<string, string>;
}

class AuditedEventView {
  @ApiProperty() streamId: string;
  @ApiProperty() revision: number;
  @ApiProperty() eventId: string;
  @ApiProperty() type: string;
  @ApiProperty() schemaVersion: number;
  @ApiProperty() storedSchemaVersion: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) actor: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) correlationId: string | null;
  @ApiProperty({ type: String, nullable: true }) causationId: string | null;
  @ApiProperty({ type: [String] }) ruleKeys: string[];
  @ApiProperty({ description: 'The event as the write side reads it (upcast)' }) data: unknown;
  @ApiProperty({ type: String, nullable: true }) hash: string | null;
  @ApiProperty({ type: String, nullable: true }) prevHash: string | null;
  @ApiProperty({ enum: ['verified', 'broken', 'after_break', 'unverified'] }) verification: string;
}

export class StreamHistoryView {
  @ApiProperty() streamId: string;
  @ApiProperty({ type: [AuditedEventView] }) events: AuditedEventView[];
  @ApiProperty({ type: VerificationReportView }) verification: VerificationReportView;
}

export class StateAsOfView {
  @ApiProperty() streamId: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) asOf: string | null;
  @ApiProperty({ description: 'Revision of the last event folded; -1 when the stream did not exist yet' }) revision: number;
  @ApiProperty() eventCount: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRecordedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Where the fold started; null = revision 0' }) snapshotRevision: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The process that owns the stream' }) process: string | null;
  @ApiProperty({ description: 'The folded state, by the write side’s evolve functions', nullable: true }) state: unknown;
  @ApiProperty({ description: 'Sign-off rounds in the stream, folded by the sign-off decider' }) signOffs: unknown;
}

export class AchievementTimelineView {
  @ApiProperty() achievementId: string;
  @ApiProperty({ type: [String] }) streams: string[];
  @ApiProperty({ type: [AuditedEventView], description: 'In commit order' }) events: AuditedEventView[];
  @ApiProperty({ type: [VerificationReportView] }) verification: VerificationReportView[];
}

export class AuditorReadsView {
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'AuditorReadRecorded events' })
  reads: unknown[];
}
