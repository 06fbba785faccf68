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
import { Body, Controller, Get, Headers, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IncomeCommandInput, incomeLedgerCommands } from './commands/income-ledger.commands';
import {
  CorrectLedgerEntryRequest,
  RecordDeductibleCostRequest,
  RecordIncomeRequest,
  RecordTechnologyContractRegistrationRequest,
} from './commands/income-ledger.requests';
import { INCOME_LEDGER_REFUSALS, IncomeEntryRecordedAnswer, IncomeLedgerView } from './commands/income-ledger.responses';
import { Evidence } from './domain/income.events';
import { GetIncomeLedgerQuery } from './queries/income/income-ledger.queries';

// Copy only the declared fields: a DTO instance may carry nothing else into an event.
const evidenceOf = (e: EvidenceRequest): Evidence => ({ summary: e.summary, documentSha256: [...e.documentSha256] });

/**
 * The income ledger's HTTP face (R8, R14): finance records what the unit received for an achievement
 * and what it may deduct; the offices and the achievement's inventors read the lines and yearly totals.
 */
@ApiTags('income')
@Controller('achievements/:id/income')
export class IncomeLedgerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private async record(
    achievementId: string,
    entryId: string,
    command: IncomeCommandInput,
    actor: RequestActor,
    key: string | undefined,
    ifMatch: string | undefined,
    response: Response,
  ): Promise<CommandAccepted & { entryId: string }> {
    const accepted: CommandAccepted = await this.commands.execute(
      new RunCommand(incomeLedgerCommands, achievementId, command, commandContext(actor, idempotencyKeyOf(key)), parseIfMatch(ifMatch)),
    );
    response.status(201).setHeader('Location', `/achievements/${achievementId}/income`);
    return { entryId, ...accepted };
  }

  @Post('receipts')
  @ApiOperation({
    summary: 'Record income received for the achievement, with its evidence (R8, R14; R3/R5: under a case or contract on the register)',
  })
  @ApiCommand({ status: 201, refusals: INCOME_LEDGER_REFUSALS, response: IncomeEntryRecordedAnswer })
  receive(
    @UuidParam('id') id: string,
    @Body() body: RecordIncomeRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    const receiptId = idForCreation(idempotencyKeyOf(key), 'income-receipt', id, actor.userId);
    return this.record(
      id,
      receiptId,
      {
        type: 'RecordIncome',
        achievementId: id,
        receiptId,
        source: body.source,
        form: body.form,
        amountFen: body.amountFen,
        receivedOn: body.receivedOn,
        payer: body.payer,
        invoiceNumber: body.invoiceNumber ?? null,
        contractReference: body.contractReference,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
      response,
    );
  }

  @Post('costs')
  @ApiOperation({ summary: 'Record a cost deductible from the achievement’s income, with its evidence (R8)' })
  @ApiCommand({ status: 201, refusals: INCOME_LEDGER_REFUSALS, response: IncomeEntryRecordedAnswer })
  cost(
    @UuidParam('id') id: string,
    @Body() body: RecordDeductibleCostRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    const costId = idForCreation(idempotencyKeyOf(key), 'income-cost', id, actor.userId);
    return this.record(
      id,
      costId,
      {
        type: 'RecordDeductibleCost',
        achievementId: id,
        costId,
        category: body.category,
        amountFen: body.amountFen,
        incurredOn: body.incurredOn,
        description: body.description,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
      response,
    );
  }

  @Post('corrections')
  @ApiOperation({ summary: 'Correct a receipt or cost by a new entry that keeps the original on record (R14)' })
  @ApiCommand({ status: 201, refusals: INCOME_LEDGER_REFUSALS, response: IncomeEntryRecordedAnswer })
  correct(
    @UuidParam('id') id: string,
    @Body() body: CorrectLedgerEntryRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    const correctionId = idForCreation(idempotencyKeyOf(key), 'income-correction', id, actor.userId);
    return this.record(
      id,
      correctionId,
      {
        type: 'CorrectLedgerEntry',
        achievementId: id,
        correctionId,
        entryId: body.entryId,
        amountFen: body.amountFen,
        on: body.on,
        reason: body.reason,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
      response,
    );
  }

  @Post('contract-registrations')
  @ApiOperation({ summary: 'Record the registration (认定登记) of a technology development, consulting or service contract (R8)' })
  @ApiCommand({ status: 201, refusals: INCOME_LEDGER_REFUSALS, response: IncomeEntryRecordedAnswer })
  registerContract(
    @UuidParam('id') id: string,
    @Body() body: RecordTechnologyContractRegistrationRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.record(
      id,
      body.contractReference,
      {
        type: 'RecordTechnologyContractRegistration',
        achievementId: id,
        contractReference: body.contractReference,
        registrationNumber: body.registrationNumber,
        registeredOn: body.registeredOn,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
      response,
    );
  }

  @Get()
  @ReadsProjections('income-ledger')
  @ApiOperation({ summary: 'The achievement’s income ledger: every line as recorded (corrections shown as such) and net income per year' })
  @ApiOkResponse({ type: IncomeLedgerView })
  @ApiProblems({ 404: ['INCOME_LEDGER_NOT_FOUND'] })
  async get(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<unknown> {
    const row = await this.queries.execute(new GetIncomeLedgerQuery(id, actor));
    // Not visible looks the same as not there.
    if (!row) throw new ProblemException(404, 'INCOME_LEDGER_NOT_FOUND', `No income recorded for achievement ${id} (yet).`);
    return {
      achievementId: row.achievementId,
      revision: Number(row.revision),
      years: row.years,
      lines: row.lines.map(({ eventId, revision, event }) => ({ eventId, revision, ...event })),
    };
  }
}
