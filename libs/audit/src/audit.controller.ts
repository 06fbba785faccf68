import { ApiProblems, CurrentActor, EnvironmentVariables, ProblemException, RequestActor, currentCorrelationId } from '@chengguo/common';
import { achievementDecider, achievementStreamId, mayRead } from '@chengguo/achievement-register/domain';
import { EVENT_STORE, EventStore, loadStream, newId } from '@chengguo/eventstore';
import { Controller, Get, Header, Inject, Logger, Optional, Param, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import {
  AchievementTimelineView,
  AUDIT_STREAM_REFUSALS,
  AuditorReadsView,
  StateAsOfView,
  StreamHistoryView,
  VerificationReportView,
} from './audit.responses';
import { ReplayFoldError } from './catalogue/audit-catalogue';
import { AuditReadAction, AuditorReadRecorded } from './domain/audit.events';
import { auditorReadsOn, recordAuditorRead } from './reads/auditor-reads';
import { ExportHeader, summarize, toCsv, toJsonLines } from './exports/exports';
import { latestAnchor } from './integrity/anchoring';
import { verifySnapshots } from './integrity/snapshot-check';
import { verifyStore } from './integrity/verify';
import { achievementTimeline, stateAsOf, streamHistory } from './replay/replay';
import { PostgresReplaySnapshots } from './replay/snapshots';
import { TIMELINE_HTML, TIMELINE_JS } from './timeline/timeline-page';

const STREAM_ID = /^[\w.@:-]{1,200}$/;
const StreamParameter = (name: string) => ApiParam({ name, schema: { type: 'string', pattern: STREAM_ID.source } });
const EXPORT_CONTENT = {
  'application/x-ndjson': {
    schema: { type: 'string' as const, description: 'A header line with the verification, then one event a line' },
  },
  'text/csv': { schema: { type: 'string' as const, description: 'UTF-8 with BOM' } },
};

/**
 * Auditor replay (read-only). Every read is itself recorded as an AuditorReadRecorded event; the
 * audit lead (an auditor whose id is in AUDIT_LEAD_IDS) can list them. Only auditors get here
 * (audit.access.ts); which auditor leads is data, so it is checked below.
 */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  private readonly leads: Set<string>;
  private readonly logger = new Logger(AuditController.name);
  /** Replay snapshots in the read-model database (`auditReadModels`); none when no DataSource is wired. */
  private readonly snapshots: PostgresReplaySnapshots | null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    config: ConfigService<EnvironmentVariables, true>,
    @Optional() @InjectDataSource() dataSource?: DataSource,
  ) {
    this.snapshots = dataSource ? PostgresReplaySnapshots.fromDataSource(dataSource) : null;
    this.leads = new Set(
      (config.get('AUDIT_LEAD_IDS', { infer: true }) ?? '')
        .split(',')
        .map((s: string) => s.trim())
        .filter(Boolean),
    );
  }

  @Get('streams/:streamId/events')
  @ApiOperation({ summary: 'Full event history of a stream, each event with its hash and verification status' })
  @StreamParameter('streamId')
  @ApiOkResponse({ type: StreamHistoryView })
  @ApiProblems(AUDIT_STREAM_REFUSALS)
  async history(@Param('streamId') streamId: string, @CurrentActor() actor: RequestActor): Promise<unknown> {
    await this.record(actor, 'history', { streamId: checkStreamId(streamId) }, {});
    return streamHistory(this.store, streamId);
  }

  @Get('streams/:streamId/state')
  @ApiOperation({
    summary: 'State of a stream as of an instant (?asOf=ISO) or a revision (?revision=n), folded by the write side’s evolve functions',
  })
  @ApiQuery({ name: 'asOf', required: false, schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'revision', required: false, schema: { type: 'string', pattern: '^\\d{1,15}$' } })
  @StreamParameter('streamId')
  @ApiOkResponse({ type: StateAsOfView })
  @ApiProblems(AUDIT_STREAM_REFUSALS, { 422: ['AS_OF_INVALID', 'REVISION_INVALID', 'AS_OF_REQUIRED', 'REPLAY_FOLD_FAILED'] })
  async state(
    @Param('streamId') streamId: string,
    @CurrentActor() actor: RequestActor,
    @Query('asOf') asOf?: string,
    @Query('revision') revision?: string,
  ): Promise<unknown> {
    const at: { asOf?: string; revision?: number } = {};
    if (asOf !== undefined) {
      if (Number.isNaN(Date.parse(asOf)) || !/^\d{4}-\d{2}-\d{2}T/.test(asOf)) {
        throw new ProblemException(422, 'AS_OF_INVALID', 'asOf must be an ISO 8601 instant, e.g. 2026-03-01T08:00:00Z.');
      }
      at.asOf = new Date(asOf).toISOString();
    }
    if (revision !== undefined) {
      if (!/^\d{1,15}$/.test(revision)) throw new ProblemException(422, 'REVISION_INVALID', 'revision must be a non-negative integer.');
      at.revision = Number(revision);
    }
    if (at.asOf === undefined && at.revision === undefined) {
      throw new ProblemException(422, 'AS_OF_REQUIRED', 'Give asOf (an ISO instant) or revision.');
    }
    await this.record(
      actor,
      'state',
      { streamId: checkStreamId(streamId) },
      { ...(asOf ? { asOf } : {}), ...(revision ? { revision } : {}) },
    );
    try {
      return await stateAsOf(this.store, streamId, at, {
        snapshots: this.snapshots,
        onSnapshotError: (error) =>
          this.logger.warn(`replay snapshots unavailable, folded without: ${error instanceof Error ? error.message : String(error)}`),
        onSnapshotRejected: (snapshot, reason) =>
          this.logger.warn(`replay snapshot ${snapshot.streamId}@${snapshot.revision} ignored, folded from revision 0: ${reason}`),
      });
    } catch (error) {
      if (!(error instanceof ReplayFoldError)) throw error;
      throw new ProblemException(422, 'REPLAY_FOLD_FAILED', error.message, { revision: error.revision, eventType: error.eventType });
    }
  }

  @Get('streams/:streamId/verification')
  @ApiOperation({ summary: 'Verify one stream’s hash chain; reports the first broken link' })
  @StreamParameter('streamId')
  @ApiOkResponse({ type: VerificationReportView })
  @ApiProblems(AUDIT_STREAM_REFUSALS)
  async verifyStream(@Param('streamId') streamId: string, @CurrentActor() actor: RequestActor): Promise<unknown> {
    await this.record(actor, 'verify', { streamId: checkStreamId(streamId) }, {});
    return verifyStore(this.store, { streamId, checkpoints: false });
  }

  @Get('verification')
  @ApiOperation({
    summary:
      'Verify the whole store: every stream’s chain, every global checkpoint (roots, per-stream spans, timestamp tokens), the unanchored tail and every replay snapshot',
  })
  @ApiOkResponse({ type: VerificationReportView })
  async verifyAll(@CurrentActor() actor: RequestActor): Promise<unknown> {
    await this.record(actor, 'verify', { scope: 'store' }, {});
    const report = await verifyStore(this.store, {});
    if (!this.snapshots) return report;
    const snapshots = await verifySnapshots(this.store, this.snapshots);
    const breaks = [...report.breaks, ...snapshots.breaks];
    return {
      ...report,
      ok: breaks.length === 0,
      firstBreak: report.firstBreak ?? breaks[0] ?? null,
      breaks,
      checkedSnapshots: snapshots.checked,
    };
  }

  @Get('achievements/:achievementId/timeline')
  @ApiOperation({
    summary:
      'Every event of one achievement in commit order (disclosure, sign-offs, contract, transfer cases, exemption claims, register), read through the achievement index',
  })
  @StreamParameter('achievementId')
  @ApiOkResponse({ type: AchievementTimelineView })
  @ApiProblems(AUDIT_STREAM_REFUSALS)
  async timeline(@Param('achievementId') achievementId: string, @CurrentActor() actor: RequestActor): Promise<unknown> {
    await this.record(actor, 'timeline', { achievementId: checkStreamId(achievementId) }, {});
    await this.requireCleared(actor, achievementId);
    return achievementTimeline(this.store, achievementId);
  }

  @Get('streams/:streamId/export')
  @ApiOperation({ summary: 'Export a stream as JSON Lines (format=jsonl) or CSV with BOM (format=csv), with its verification' })
  @ApiQuery({ name: 'format', enum: ['jsonl', 'csv'] })
  @StreamParameter('streamId')
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'The export, as an attachment', content: EXPORT_CONTENT })
  @ApiProblems(AUDIT_STREAM_REFUSALS, { 422: ['EXPORT_FORMAT_INVALID'] })
  async exportStream(
    @Param('streamId') streamId: string,
    @Query('format') format: string | undefined,
    @CurrentActor() actor: RequestActor,
    @Res() response: Response,
  ): Promise<void> {
    const kind = exportFormat(format);
    await this.record(actor, 'export', { streamId: checkStreamId(streamId) }, { format: kind });
    const history = await streamHistory(this.store, streamId);
    const header: ExportHeader = {
      kind: 'chengguo-audit-export',
      subject: { streamId },
      exportedAt: new Date().toISOString(),
      exportedBy: actor.userId,
      verification: summarize([history.verification]),
      anchor: await latestAnchor(this.store),
    };
    send(response, kind, `stream-${streamId}`, header, history.events);
  }

  @Get('achievements/:achievementId/export')
  @ApiOperation({ summary: 'Export an achievement’s timeline as JSON Lines or CSV (UTF-8 with BOM), with its verification' })
  @ApiQuery({ name: 'format', enum: ['jsonl', 'csv'] })
  @StreamParameter('achievementId')
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'The export, as an attachment', content: EXPORT_CONTENT })
  @ApiProblems(AUDIT_STREAM_REFUSALS, { 422: ['EXPORT_FORMAT_INVALID'] })
  async exportAchievement(
    @Param('achievementId') achievementId: string,
    @Query('format') format: string | undefined,
    @CurrentActor() actor: RequestActor,
    @Res() response: Response,
  ): Promise<void> {
    const kind = exportFormat(format);
    await this.record(actor, 'export', { achievementId: checkStreamId(achievementId) }, { format: kind });
    await this.requireCleared(actor, achievementId);
    const timeline = await achievementTimeline(this.store, achievementId);
    const header: ExportHeader = {
      kind: 'chengguo-audit-export',
      subject: { achievementId },
      exportedAt: new Date().toISOString(),
      exportedBy: actor.userId,
      verification: summarize(timeline.verification),
      anchor: await latestAnchor(this.store),
    };
    send(response, kind, `achievement-${achievementId}`, header, timeline.events);
  }

  /**
   * The read policy for an achievement's timeline: the auditor reads it only with the clearance the
   * register's classification demands (replayed from the register stream itself, as the auditor
   * would). Refused as "not found", like every read the policy denies; the attempt stays recorded.
   */
  private async requireCleared(actor: RequestActor, achievementId: string): Promise<void> {
    const { state } = await loadStream(this.store, achievementStreamId(achievementId), achievementDecider);
    const record = {
      kind: 'audit_timeline' as const,
      classification: state.status === 'unregistered' ? null : state.classification,
      inventorIds: state.inventors.map((i) => i.userId),
    };
    if (!mayRead(actor, record))
      throw new ProblemException(404, 'ACHIEVEMENT_NOT_FOUND', `No timeline of achievement ${achievementId} to show.`);
  }

  @Get('reads')
  @ApiOperation({ summary: 'Auditor reads of one UTC day (?day=yyyy-mm-dd, default today): audit lead only' })
  @ApiQuery({ name: 'day', required: false, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } })
  @ApiOkResponse({ type: AuditorReadsView })
  @ApiProblems({ 403: ['AUDIT_LEAD_REQUIRED'], 422: ['DAY_INVALID'] })
  async reads(@CurrentActor() actor: RequestActor, @Query('day') day?: string): Promise<unknown> {
    const date = day ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ProblemException(422, 'DAY_INVALID', 'day must be yyyy-mm-dd.');
    if (!this.leads.has(actor.userId)) {
      throw new ProblemException(403, 'AUDIT_LEAD_REQUIRED', 'Only the audit lead (AUDIT_LEAD_IDS) sees the auditor-read log.');
    }
    const reads = await auditorReadsOn(this.store, date);
    await this.record(actor, 'reads', {}, { day: date });
    return { day: date, reads };
  }

  @Get('timeline')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The auditors’ timeline page (HTML; it calls the endpoints above)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } })
  page(): string {
    return TIMELINE_HTML;
  }

  @Get('timeline.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The timeline page’s script' })
  @ApiProduces('text/javascript')
  @ApiOkResponse({ description: 'The script', content: { 'text/javascript': { schema: { type: 'string' } } } })
  script(): string {
    return TIMELINE_JS;
  }

  /** Recorded before the data is returned: a read that cannot be recorded is not served. */
  private async record(
    actor: RequestActor,
    action: AuditReadAction,
    target: AuditorReadRecorded['target'],
    query: Record<string, string>,
  ): Promise<void> {
    await recordAuditorRead(
      this.store,
      { auditorId: actor.userId, role: actor.role, auditLead: this.leads.has(actor.userId), action, target, query, channel: 'http' },
      { correlationId: currentCorrelationId() ?? newId() },
    );
  }
}

function checkStreamId(id: string): string {
  if (!STREAM_ID.test(id))
    throw new ProblemException(422, 'STREAM_ID_INVALID', 'Stream and achievement ids are 1–200 characters of [A-Za-z0-9_.@:-].');
  return id;
}

function exportFormat(format: string | undefined): 'jsonl' | 'csv' {
  if (format === 'jsonl' || format === 'csv') return format;
  throw new ProblemException(422, 'EXPORT_FORMAT_INVALID', 'format must be jsonl or csv.');
}

function send(response: Response, kind: 'jsonl' | 'csv', name: string, header: ExportHeader, events: Parameters<typeof toCsv>[1]): void {
  const safe = name.replace(/[^\w.-]/g, '_');
  if (kind === 'jsonl') {
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${safe}.jsonl"`);
    response.send(Buffer.from(toJsonLines(header, events), 'utf8'));
  } else {
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${safe}.csv"`);
    response.send(Buffer.from(toCsv(header, events), 'utf8'));
  }
}
