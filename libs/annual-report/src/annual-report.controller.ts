import {
  ApiCommand,
  ApiProblems,
  CommandAccepted,
  commandContext,
  CurrentActor,
  idempotencyKeyOf,
  parseIfMatch,
  ProblemException,
  RequestActor,
} from '@chengguo/common';
import { EVENT_STORE, EventStore, loadStream, RunCommand } from '@chengguo/eventstore';
import { Controller, Get, Header, Headers, Inject, Param, PipeTransform, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { annualReportCsv, annualReportPage } from './annual-report.view';
import { annualReportCommands } from './commands/annual-report.commands';
import { AnnualReportPreparedAnswer, AnnualReportView, PREPARE_REFUSALS, READ_REFUSALS } from './commands/annual-report.responses';
import { annualReportDecider, AnnualReportErrors, AnnualReportState } from './domain/annual-report.decider';
import { ANNUAL_REPORT_FILING, annualReportStreamId } from './domain/annual-report.events';
import { AnnualReportContent } from './domain/annual-report.figures';

/** A report year in the route: four digits, within the years the system can hold events for. */
class ReportYearPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // The global ValidationPipe may already have turned the segment into a number (transform: true).
    const year = typeof value === 'number' || (typeof value === 'string' && /^\d{4}$/.test(value)) ? Number(value) : NaN;
    if (!(Number.isInteger(year) && year >= 1990 && year <= 2200))
      throw new ProblemException(422, 'YEAR_INVALID', 'The year is four digits, 1990–2200.');
    return year;
  }
}

type PreparedReport = AnnualReportState & { content: AnnualReportContent; contentHash: string; preparedAt: string };

/**
 * The annual report over HTTP (R14): the TTO prepares a past year's report from the history; the
 * unit leader files it by signing its content hash through the sign-off routes; the offices and
 * oversight read it as JSON, export it as CSV or open a printable page. The report is one small
 * stream read and folded here, as the policies are.
 */
@ApiTags('annual-report')
@ApiParam({ name: 'year', schema: { type: 'string', pattern: '^\\d{4}$', example: '2025' } })
@Controller('annual-reports/:year')
export class AnnualReportController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  private async report(year: number): Promise<PreparedReport> {
    const { state } = await loadStream(this.store, annualReportStreamId(year), annualReportDecider);
    if (state.status === 'none' || !state.content || !state.contentHash || !state.preparedAt) {
      const missing = AnnualReportErrors.notFound(year);
      throw new ProblemException(missing.status, missing.code, missing.detail, missing.extensions);
    }
    return state as PreparedReport;
  }

  @Post()
  @ApiOperation({ summary: 'Prepare a past year’s report from the event history and send it to the unit leader to sign (R14)' })
  @ApiCommand({ status: 201, refusals: PREPARE_REFUSALS, response: AnnualReportPreparedAnswer })
  async prepare(
    @Param('year', ReportYearPipe) year: number,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted & { year: number }> {
    const accepted: CommandAccepted = await this.commands.execute(
      new RunCommand(
        annualReportCommands,
        String(year),
        { type: 'PrepareAnnualReport', year },
        commandContext(actor, idempotencyKeyOf(key)),
        parseIfMatch(ifMatch),
      ),
    );
    response.status(201).setHeader('Location', `/annual-reports/${year}`);
    return { year, ...accepted };
  }

  @Get()
  @ApiOperation({ summary: 'The year’s report: its figures, content hash, status and the sign-off that files it (R14)' })
  @ApiOkResponse({ type: AnnualReportView })
  @ApiProblems(READ_REFUSALS)
  async get(@Param('year', ReportYearPipe) year: number): Promise<AnnualReportView> {
    const r = await this.report(year);
    const streamId = annualReportStreamId(year);
    return {
      year,
      status: r.status,
      round: r.round,
      preparedAt: r.preparedAt,
      contentHash: r.contentHash,
      content: r.content,
      signOff: { streamId, signOffId: ANNUAL_REPORT_FILING, round: r.round, href: `/sign-offs/${streamId}/${ANNUAL_REPORT_FILING}` },
    };
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The year’s report as CSV with BOM: one figure a line, money in yuan, and the content hash (R14)' })
  @ApiOkResponse({ description: 'figure,zh,en,value rows (CRLF), the hash last', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiProblems(READ_REFUSALS)
  async csv(@Param('year', ReportYearPipe) year: number, @Res({ passthrough: true }) response: Response): Promise<string> {
    const r = await this.report(year);
    response.setHeader('Content-Disposition', `attachment; filename="annual-report-${year}.csv"`);
    return annualReportCsv(r.content, r.contentHash);
  }

  @Get('print')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiQuery({ name: 'lang', required: false, enum: ['zh-CN', 'en'] })
  @ApiOperation({ summary: 'The year’s report as a printable page in Simplified Chinese or English, no script (R14)' })
  @ApiOkResponse({ description: 'A page to print (or save as PDF)', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(READ_REFUSALS, { 422: ['REPORT_LANGUAGE_INVALID'] })
  async print(@Param('year', ReportYearPipe) year: number, @Query('lang') lang?: unknown): Promise<string> {
    const language = lang === undefined ? 'zh-CN' : lang;
    if (language !== 'zh-CN' && language !== 'en') throw new ProblemException(422, 'REPORT_LANGUAGE_INVALID', 'lang is zh-CN or en.');
    const r = await this.report(year);
    return annualReportPage(r.content, { contentHash: r.contentHash, status: r.status, preparedAt: r.preparedAt }, language);
  }
}
