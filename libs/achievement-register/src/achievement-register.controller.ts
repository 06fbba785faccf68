import { ReadsProjections } from '@chengguo/read-models';
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
  UuidParam,
  EvidenceRequest,
} from '@chengguo/common';
import { idForCreation, RunCommand } from '@chengguo/eventstore';
import { Body, Controller, Get, Header, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { achievementRegisterCommands, AchievementCommandInput } from './commands/achievement-register.commands';
import {
  ACHIEVEMENT_REFUSALS,
  AchievementDetail,
  AchievementLedgerPage,
  AchievementRegisteredAnswer,
} from './commands/achievement-register.responses';
import {
  ClassificationRequest,
  LedgerFilterRequest,
  LedgerPageRequest,
  ProposeLettingRightLapseRequest,
  ReclassifyRequest,
  RecordAnnuityPaymentRequest,
  RecordPatentApplicationRequest,
  RecordPatentGrantRequest,
  RegisterExistingAchievementRequest,
  WithdrawAchievementRequest,
} from './commands/achievement-register.requests';
import { AchievementClassification, Evidence } from './domain/achievement.events';
import { ledgerCsv, ledgerDetail, ledgerItem } from './queries/register/achievement-ledger.view';
import {
  AchievementLedgerExportQuery,
  AchievementLedgerQuery,
  GetAchievementQuery,
  LedgerFilter,
} from './queries/register/achievement-register.queries';

const CommandHeaders = () => ApiCommand({ refusals: ACHIEVEMENT_REFUSALS });

// Copy only the declared fields: a DTO instance may carry nothing else into an event.

/** No evidence sent is empty evidence: the decider refuses it with its rule code (R12_EVIDENCE_REQUIRED). */
const evidenceOf = (evidence: EvidenceRequest | undefined): Evidence => ({
  summary: evidence?.summary ?? '',
  documentSha256: [...(evidence?.documentSha256 ?? [])],
});

const classificationOf = (c: ClassificationRequest): AchievementClassification => ({
  confidentiality: c.confidentiality,
  nationalSecurity: c.nationalSecurity,
  keyCoreTechnology: c.keyCoreTechnology,
});

function ledgerFilter(query: LedgerFilterRequest): LedgerFilter {
  return {
    ...(query.inventor !== undefined ? { inventor: query.inventor } : {}),
    ...(query.kind !== undefined ? { kind: query.kind } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.confidentiality !== undefined ? { confidentiality: query.confidentiality } : {}),
    ...(query.r5FilingRequired !== undefined ? { r5FilingRequired: query.r5FilingRequired === 'true' } : {}),
    ...(query.year !== undefined ? { year: Number(query.year) } : {}),
  };
}

/**
 * The register's HTTP face (台账, R12): the TTO's commands with evidence, and the ledger. Who may
 * call what is the access rules'; what each caller sees is the query handlers'.
 */
@ApiTags('achievements')
@Controller('achievements')
export class AchievementRegisterController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private run(
    achievementId: string,
    command: AchievementCommandInput,
    actor: RequestActor,
    key?: string,
    ifMatch?: string,
  ): Promise<CommandAccepted> {
    return this.commands.execute(
      new RunCommand(
        achievementRegisterCommands,
        achievementId,
        command,
        commandContext(actor, idempotencyKeyOf(key)),
        parseIfMatch(ifMatch),
      ),
    );
  }

  @Post()
  @ApiOperation({ summary: 'Register an achievement that predates the system, with evidence (R12)' })
  @ApiCommand({ ifMatch: false, status: 201, refusals: ACHIEVEMENT_REFUSALS, response: AchievementRegisteredAnswer })
  async register(
    @Body() body: RegisterExistingAchievementRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted & { achievementId: string }> {
    const achievementId = idForCreation(idempotencyKeyOf(key), 'achievement', actor.userId);
    const rights = body.rights ?? {};
    const accepted = await this.run(
      achievementId,
      {
        type: 'RegisterExistingAchievement',
        achievementId,
        kind: body.kind,
        title: body.title,
        inventors: body.inventors.map(({ userId, name, shareBasisPoints }) => ({ userId, name, shareBasisPoints })),
        classification: classificationOf(body.classification),
        rights: {
          ...(rights.applicationNumber !== undefined ? { applicationNumber: rights.applicationNumber } : {}),
          ...(rights.filingDate !== undefined ? { filingDate: rights.filingDate } : {}),
          ...(rights.grantDate !== undefined ? { grantDate: rights.grantDate } : {}),
          ...(rights.patentNumber !== undefined ? { patentNumber: rights.patentNumber } : {}),
        },
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
    );
    response.status(201).setHeader('Location', `/achievements/${achievementId}`);
    return { achievementId, ...accepted };
  }

  @Post(':id/classification')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the classification, with reason and evidence; never lowered while a case is open (R5)' })
  @CommandHeaders()
  reclassify(
    @UuidParam('id') id: string,
    @Body() body: ReclassifyRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(
      id,
      {
        type: 'Reclassify',
        classification: classificationOf(body.classification),
        reason: body.reason,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
    );
  }

  @Post(':id/patent-application')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the unit’s patent application, with evidence (R12 rights)' })
  @CommandHeaders()
  recordApplication(
    @UuidParam('id') id: string,
    @Body() body: RecordPatentApplicationRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(
      id,
      {
        type: 'RecordPatentApplication',
        patentKind: body.patentKind ?? null,
        applicationNumber: body.applicationNumber,
        filingDate: body.filingDate,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
    );
  }

  @Post(':id/patent-grant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the grant of the recorded application, with evidence (R12 rights)' })
  @CommandHeaders()
  recordGrant(
    @UuidParam('id') id: string,
    @Body() body: RecordPatentGrantRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(
      id,
      { type: 'RecordPatentGrant', patentNumber: body.patentNumber, grantDate: body.grantDate, evidence: evidenceOf(body.evidence) },
      actor,
      key,
      ifMatch,
    );
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an achievement from the register before it is filed or transformed, with reason and evidence (R12)' })
  @CommandHeaders()
  withdraw(
    @UuidParam('id') id: string,
    @Body() body: WithdrawAchievementRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, { type: 'RecordWithdrawn', reason: body.reason, evidence: evidenceOf(body.evidence) }, actor, key, ifMatch);
  }

  @Post(':id/annuities/payments')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the next annual fee paid, with the receipt as evidence (R12 rights maintenance)' })
  @CommandHeaders()
  recordAnnuityPayment(
    @UuidParam('id') id: string,
    @Body() body: RecordAnnuityPaymentRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(
      id,
      {
        type: 'RecordAnnuityPayment',
        year: body.year,
        amountFen: body.amountFen,
        lateFeeFen: body.lateFeeFen ?? 0,
        paidOn: body.paidOn,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
    );
  }

  @Post(':id/annuities/lapse-proposal')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Propose letting the right lapse (R12 abandonment); opens the right-lapse sign-off (/sign-offs/achievement-{id}/right-lapse), where neither the proposer nor an inventor signs for the unit (R4, R13)',
  })
  @CommandHeaders()
  proposeLapse(
    @UuidParam('id') id: string,
    @Body() body: ProposeLettingRightLapseRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(
      id,
      { type: 'ProposeLettingRightLapse', reason: body.reason, evidence: evidenceOf(body.evidence) },
      actor,
      key,
      ifMatch,
    );
  }

  @Get()
  @ReadsProjections('achievement-register')
  @ApiOperation({ summary: 'The ledger (台账, R12): filters, newest registration first, cursor pages' })
  @ApiOkResponse({ type: AchievementLedgerPage })
  @ApiProblems({ 422: ['LEDGER_CURSOR_INVALID'] })
  async ledger(
    @Query() query: LedgerPageRequest,
    @CurrentActor() actor: RequestActor,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const page = await this.queries.execute(
      new AchievementLedgerQuery(actor, ledgerFilter(query), Number(query.limit ?? 50), query.cursor),
    );
    return { items: page.items.map(ledgerItem), nextCursor: page.nextCursor };
  }

  // Declared before ':id', so the export's path is never read as an id.
  @Get('export.csv')
  @ReadsProjections('achievement-register')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="achievement-ledger.csv"')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The ledger as CSV (UTF-8 with BOM), under the same filters' })
  @ApiOkResponse({
    description: 'One header row, then one row per achievement (CRLF)',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async exportCsv(@Query() query: LedgerFilterRequest, @CurrentActor() actor: RequestActor): Promise<string> {
    return ledgerCsv(await this.queries.execute(new AchievementLedgerExportQuery(actor, ledgerFilter(query))));
  }

  @Get(':id')
  @ReadsProjections('achievement-register')
  @ApiOperation({ summary: 'One achievement in the ledger' })
  @ApiOkResponse({ type: AchievementDetail })
  @ApiProblems({ 404: ['ACHIEVEMENT_NOT_FOUND'] })
  async get(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<unknown> {
    const row = await this.queries.execute(new GetAchievementQuery(id, actor));
    // Not visible looks the same as not there: the existence of a classified achievement is itself confidential.
    if (!row) throw new ProblemException(404, 'ACHIEVEMENT_NOT_FOUND', `No achievement ${id} in the ledger (yet).`);
    return ledgerDetail(row);
  }
}
