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
} from '@chengguo/common';
import { RunCommand } from '@chengguo/eventstore';
import { Body, Controller, Get, Header, Headers, HttpCode, Param, PipeTransform, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { rewardDistributionCommands, RewardDistributionInput } from './commands/rewards.commands';
import {
  ComputeRewardRequest,
  PayrollMonthRequest,
  ProposeRewardSplitRequest,
  RecordRewardPaymentRequest,
} from './commands/rewards.requests';
import {
  REWARD_DISTRIBUTION_REFUSALS,
  REWARD_YEAR_REFUSALS,
  RewardAnnouncementView,
  RewardDistributionComputedAnswer,
  RewardDistributionView,
} from './commands/rewards.responses';
import { distributionIdOf } from './domain/reward-distribution.events';
import { GetRewardDistributionQuery, RewardAnnouncementsQuery, RewardPayrollQuery } from './queries/rewards/rewards.queries';
import { announcementView, distributionView, payrollCsv } from './queries/rewards/rewards.view';

/** An income year in the route: four digits, within the years the system can hold income for (else 422, an invalid request). */
class IncomeYearPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // The global ValidationPipe may already have turned the segment into a number (transform: true).
    const year = typeof value === 'number' || (typeof value === 'string' && /^\d{4}$/.test(value)) ? Number(value) : NaN;
    if (!(Number.isInteger(year) && year >= 1990 && year <= 2200))
      throw new ProblemException(422, 'YEAR_INVALID', 'The year is four digits, 1990–2200.');
    return year;
  }
}

/**
 * Reward distributions over HTTP (R8–R10): the TTO computes, proposes a team agreement, sends for
 * approval and announces; finance records payments and exports the payroll; the notice board shows
 * what is being announced. Who may call what is the access rules'; what each caller sees, the queries'.
 */
@ApiTags('rewards')
@ApiParam({ name: 'year', schema: { type: 'integer', minimum: 1990, maximum: 2200 } })
@Controller('achievements/:id/rewards/:year')
export class RewardDistributionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private run(
    achievementId: string,
    year: number,
    command: RewardDistributionInput,
    actor: RequestActor,
    key?: string,
    ifMatch?: string,
  ): Promise<CommandAccepted> {
    return this.commands.execute(
      new RunCommand(
        rewardDistributionCommands,
        distributionIdOf(achievementId, year),
        command,
        commandContext(actor, idempotencyKeyOf(key)),
        parseIfMatch(ifMatch),
      ),
    );
  }

  @Post()
  @ApiOperation({
    summary: 'Compute the year’s reward distribution from the record (R8 registration gate, scheme by date received, R9, R10)',
  })
  @ApiCommand({ status: 201, refusals: REWARD_DISTRIBUTION_REFUSALS, response: RewardDistributionComputedAnswer })
  async compute(
    @UuidParam('id') id: string,
    @Param('year', IncomeYearPipe) year: number,
    @Body() body: ComputeRewardRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted & { distributionId: string }> {
    const distributionId = distributionIdOf(id, year);
    const accepted = await this.run(
      id,
      year,
      {
        type: 'ComputeRewardDistribution',
        distributionId,
        achievementId: id,
        year,
        waiveLeaderEquity: [...(body.waiveLeaderEquity ?? [])],
      },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', `/achievements/${id}/rewards/${year}`);
    return { distributionId, ...accepted };
  }

  @Post('split')
  @HttpCode(200)
  @ApiOperation({ summary: 'Propose other shares: a team agreement every contributor signs (R8)' })
  @ApiCommand({ refusals: REWARD_DISTRIBUTION_REFUSALS })
  split(
    @UuidParam('id') id: string,
    @Param('year', IncomeYearPipe) year: number,
    @Body() body: ProposeRewardSplitRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    const shares = body.shares.map(({ userId, shareBps }) => ({ userId, shareBps }));
    return this.run(id, year, { type: 'ProposeRewardSplit', shares, reason: body.reason }, actor, key, ifMatch);
  }

  @Post('approval')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send for approval: TTO, finance, unit leader in turn, none of them conflicted (R4, R13)' })
  @ApiCommand({ refusals: REWARD_DISTRIBUTION_REFUSALS })
  approval(
    @UuidParam('id') id: string,
    @Param('year', IncomeYearPipe) year: number,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, year, { type: 'OpenRewardApproval' }, actor, key, ifMatch);
  }

  @Post('announcement')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Announce the approved distribution inside the unit for the scheme’s days (R9: always, if a principal leader is rewarded)',
  })
  @ApiCommand({ refusals: REWARD_DISTRIBUTION_REFUSALS })
  announce(
    @UuidParam('id') id: string,
    @Param('year', IncomeYearPipe) year: number,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, year, { type: 'AnnounceRewardDistribution' }, actor, key, ifMatch);
  }

  @Post('payments')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a contributor’s reward as paid, after approval and announcement (R8, R10)' })
  @ApiCommand({ refusals: REWARD_DISTRIBUTION_REFUSALS })
  pay(
    @UuidParam('id') id: string,
    @Param('year', IncomeYearPipe) year: number,
    @Body() body: RecordRewardPaymentRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(
      id,
      year,
      { type: 'RecordRewardPayment', userId: body.userId, paidOn: body.paidOn, paymentReference: body.paymentReference },
      actor,
      key,
      ifMatch,
    );
  }

  @Get()
  @ReadsProjections('rewards')
  @ApiOperation({ summary: 'One distribution: pool, receipts and the rules each was computed under, contributors, rounds, payments' })
  @ApiOkResponse({ type: RewardDistributionView })
  @ApiProblems(REWARD_YEAR_REFUSALS, { 404: ['REWARD_NOT_FOUND'] })
  async get(
    @UuidParam('id') id: string,
    @Param('year', IncomeYearPipe) year: number,
    @CurrentActor() actor: RequestActor,
  ): Promise<unknown> {
    const row = await this.queries.execute(new GetRewardDistributionQuery(distributionIdOf(id, year), id, actor));
    if (!row) throw new ProblemException(404, 'REWARD_NOT_FOUND', `No reward distribution for achievement ${id} and ${year} (yet).`);
    return distributionView(row);
  }
}

@ApiTags('rewards')
@Controller('rewards')
export class RewardBoardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('announcements')
  @ReadsProjections('rewards')
  @ApiOperation({ summary: 'Reward distributions being announced now (公示): who receives what, until when' })
  @ApiOkResponse({ type: [RewardAnnouncementView] })
  async announcements(): Promise<unknown[]> {
    const rows = await this.queries.execute(new RewardAnnouncementsQuery(new Date()));
    return rows.map(announcementView);
  }

  @Get('payroll.csv')
  @ReadsProjections('rewards')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="reward-payroll.csv"')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Rewards paid in a month with their tax treatment (R10), CSV with BOM' })
  @ApiOkResponse({
    description: 'One header row, then one row per payment (CRLF); amounts in yuan with two decimals',
    content: { 'text/csv': { schema: { type: 'string', description: 'UTF-8 with BOM' } } },
  })
  async payroll(@Query() query: PayrollMonthRequest): Promise<string> {
    return payrollCsv(await this.queries.execute(new RewardPayrollQuery(query.month)));
  }
}
