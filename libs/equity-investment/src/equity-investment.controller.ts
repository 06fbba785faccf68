import {
  ApiCommand,
  ApiProblems,
  CommandAccepted,
  CurrentActor,
  idempotencyKeyOf,
  ProblemException,
  RequestActor,
  UuidParam,
  EvidenceRequest,
} from '@chengguo/common';
import { idForCreation, runHttpCommand } from '@chengguo/eventstore';
import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { equityInvestmentCommands } from './commands/equity-investment.commands';
import {
  OpenEquityInvestmentRequest,
  RecordDividendRequest,
  RecordSaleRequest,
  RecordSharesReceivedRequest,
  RecordValuationRequest,
} from './commands/equity-investment.requests';
import {
  EQUITY_INVESTMENT_REFUSALS,
  EquityEntryRecordedAnswer,
  EquityInvestmentList,
  EquityInvestmentOpenedAnswer,
  EquityInvestmentView,
} from './commands/equity-investment.responses';
import { Evidence } from './domain/equity-investment.events';
import { EquityInvestmentRow } from './queries/equity-investments/equity-investment.entity';
import { GetEquityInvestmentQuery, ListEquityInvestmentsQuery } from './queries/equity-investments/equity-investments.queries';

// Copy only the declared fields: a DTO instance may carry nothing else into an event.
const evidenceOf = (e: EvidenceRequest): Evidence => ({ summary: e.summary, documentSha256: [...e.documentSha256] });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function view(row: EquityInvestmentRow): EquityInvestmentView {
  const { state } = row;
  return {
    investmentId: row.investmentId,
    achievementId: row.achievementId,
    caseId: row.caseId,
    status: row.status,
    company: state.company ?? { name: '', creditCode: '' },
    valuation: row.valuation
      ? {
          method: row.valuation.method,
          valueFen: row.valuation.valueFen,
          appraisal: row.valuation.appraisal as unknown as Record<string, unknown> | null,
          publicityRound: row.valuation.publicityRound,
          valuedBy: row.valuation.valuedBy,
          valuedAt: row.valuation.valuedAt,
        }
      : null,
    registeredOn: state.registeredOn,
    holding: state.holding,
    dividends: row.dividends.map((d) => ({
      dividendId: d.dividendId,
      amountFen: d.amountFen,
      receivedOn: d.receivedOn,
      recordedBy: d.recordedBy,
    })),
    sales: row.sales.map((s) => ({
      saleId: s.saleId,
      buyer: s.buyer,
      sharesSold: s.sharesSold,
      capitalContributionSoldFen: s.capitalContributionSoldFen,
      proceedsFen: s.proceedsFen,
      soldOn: s.soldOn,
      holdingAfter: s.holdingAfter,
    })),
    dividendsFen: state.dividendsFen,
    saleProceedsFen: state.saleProceedsFen,
    openedBy: row.openedBy,
    openedAt: row.openedAt.toISOString(),
    revision: Number(row.revision),
  };
}

/**
 * Equity investment of an achievement over HTTP (作价投资, R5–R7): opened on a transfer case of mode
 * equity_investment (which prices, publicises, approves and executes it), valued, the shares
 * received recorded, then dividends and sales; each yield lands in the achievement's income ledger.
 */
@ApiTags('equity-investments')
@Controller('equity-investments')
export class EquityInvestmentController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'The TTO opens an equity investment on a transfer case of mode equity_investment for the same achievement, naming the company (R5). ' +
      'The case and the register are read from the record.',
  })
  @ApiCommand({ ifMatch: false, status: 201, refusals: EQUITY_INVESTMENT_REFUSALS, response: EquityInvestmentOpenedAnswer })
  async open(
    @Body() body: OpenEquityInvestmentRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<EquityInvestmentOpenedAnswer> {
    const investmentId = idForCreation(idempotencyKeyOf(key), 'equity-investment', actor.userId);
    const accepted = await runHttpCommand(
      this.commands,
      equityInvestmentCommands,
      investmentId,
      {
        type: 'OpenEquityInvestment',
        investmentId,
        achievementId: body.achievementId,
        caseId: body.caseId,
        company: { name: body.company.name, creditCode: body.company.creditCode },
      },
      actor,
      key,
    );
    response.setHeader('Location', `/equity-investments/${investmentId}`);
    response.setHeader('ETag', `"${accepted.revision}"`);
    return { investmentId, ...accepted };
  }

  @Get()
  @ApiOperation({ summary: 'Equity investments the caller may read, optionally of one achievement (read model)' })
  @ApiQuery({ name: 'achievementId', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ type: EquityInvestmentList })
  async list(@CurrentActor() actor: RequestActor, @Query('achievementId') achievementId: unknown): Promise<EquityInvestmentList> {
    if (achievementId !== undefined && (typeof achievementId !== 'string' || !UUID.test(achievementId))) {
      throw new ProblemException(422, 'VALIDATION_FAILED', 'achievementId is a UUID.');
    }
    const rows: EquityInvestmentRow[] = await this.queries.execute(
      new ListEquityInvestmentsQuery(actor, achievementId as string | undefined),
    );
    return { items: rows.map(view) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One equity investment: company, valuation, holding, dividends and sales (read model)' })
  @ApiOkResponse({ type: EquityInvestmentView })
  @ApiProblems({ 404: ['EQUITY_INVESTMENT_NOT_FOUND'] })
  async get(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<EquityInvestmentView> {
    // One the caller may not read answers as one that does not exist (no existence leak).
    const row: EquityInvestmentRow | null = await this.queries.execute(new GetEquityInvestmentQuery(id, actor));
    if (!row) throw new ProblemException(404, 'EQUITY_INVESTMENT_NOT_FOUND', `No equity investment ${id} (yet).`);
    return view(row);
  }

  @Post(':id/valuation')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Value the investment (R6, R7): by appraisal (a valid report whose value is the case’s settled price) or by agreement pricing (the publicised price once publicity completed)',
  })
  @ApiCommand({ refusals: EQUITY_INVESTMENT_REFUSALS })
  value(
    @UuidParam('id') id: string,
    @Body() body: RecordValuationRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    const a = body.appraisal;
    return runHttpCommand(
      this.commands,
      equityInvestmentCommands,
      id,
      {
        type: 'RecordValuation',
        investmentId: id,
        method: body.method,
        appraisal: a
          ? {
              institution: a.institution,
              reportNumber: a.reportNumber,
              appraisedValueFen: a.appraisedValueFen,
              baseDate: a.baseDate,
              validUntil: a.validUntil,
              evidence: evidenceOf(a.evidence),
            }
          : null,
      },
      actor,
      key,
      ifMatch,
    );
  }

  @Post(':id/shares')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the shares or capital contribution received, once the case is executed and the equity registered (工商变更登记) (R5); it enters the income ledger as equity at the valuation',
  })
  @ApiCommand({ refusals: EQUITY_INVESTMENT_REFUSALS })
  shares(
    @UuidParam('id') id: string,
    @Body() body: RecordSharesReceivedRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    return runHttpCommand(
      this.commands,
      equityInvestmentCommands,
      id,
      {
        type: 'RecordSharesReceived',
        investmentId: id,
        registeredOn: body.registeredOn,
        shares: body.shares ?? null,
        capitalContributionFen: body.capitalContributionFen ?? null,
        shareholdingBasisPoints: body.shareholdingBasisPoints,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
    );
  }

  @Post(':id/dividends')
  @ApiOperation({ summary: 'Record a dividend received on the holding (R8, R14); it enters the income ledger as cash' })
  @ApiCommand({ status: 201, refusals: EQUITY_INVESTMENT_REFUSALS, response: EquityEntryRecordedAnswer })
  async dividend(
    @UuidParam('id') id: string,
    @Body() body: RecordDividendRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<EquityEntryRecordedAnswer> {
    const dividendId = idForCreation(idempotencyKeyOf(key), 'equity-dividend', id, actor.userId);
    const accepted = await runHttpCommand(
      this.commands,
      equityInvestmentCommands,
      id,
      {
        type: 'RecordDividend',
        investmentId: id,
        dividendId,
        amountFen: body.amountFen,
        receivedOn: body.receivedOn,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', `/equity-investments/${id}`);
    return { entryId: dividendId, ...accepted };
  }

  @Post(':id/sales')
  @ApiOperation({
    summary: 'Record the sale of part or all of the holding (R5); never more than held; the proceeds enter the income ledger',
  })
  @ApiCommand({ status: 201, refusals: EQUITY_INVESTMENT_REFUSALS, response: EquityEntryRecordedAnswer })
  async sale(
    @UuidParam('id') id: string,
    @Body() body: RecordSaleRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<EquityEntryRecordedAnswer> {
    const saleId = idForCreation(idempotencyKeyOf(key), 'equity-sale', id, actor.userId);
    const accepted = await runHttpCommand(
      this.commands,
      equityInvestmentCommands,
      id,
      {
        type: 'RecordSale',
        investmentId: id,
        saleId,
        buyer: body.buyer,
        sharesSold: body.sharesSold ?? null,
        capitalContributionSoldFen: body.capitalContributionSoldFen ?? null,
        proceedsFen: body.proceedsFen,
        soldOn: body.soldOn,
        shareholdingBasisPointsAfter: body.shareholdingBasisPointsAfter,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', `/equity-investments/${id}`);
    return { entryId: saleId, ...accepted };
  }
}
