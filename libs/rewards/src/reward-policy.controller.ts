import { ApiCommand, CommandAccepted, CurrentActor, ProblemException, RequestActor } from '@chengguo/common';
import { EVENT_STORE, EventStore, readPolicyStream, runHttpCommand } from '@chengguo/eventstore';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { leaderRosterCommands, rewardSchemeCommands } from './commands/rewards.commands';
import {
  BeginTenureRequest,
  DeclareEquityRequest,
  EndTenureRequest,
  ProposeRewardSchemeRequest,
  USER_ID,
} from './commands/rewards.requests';
import { LeaderRosterView, REWARD_POLICY_REFUSALS, RewardSchemeView } from './commands/rewards.responses';
import { equityReleasedOn, isPrincipalLeaderOn, leaderRosterDecider } from './domain/leader-roster.decider';
import { LEADER_ROSTER_STREAM_ID } from './domain/leader-roster.events';
import { rewardSchemeDecider, rulesInForceOn } from './domain/reward-scheme.decider';
import { REWARD_ROUTES, REWARD_SCHEME_STREAM_ID } from './domain/reward-scheme.events';

/**
 * The reward scheme (XZ-13) and the principal-leader roster (R9) over HTTP. Both are single small
 * streams: their reads fold the stream itself rather than keep a read model.
 */
@ApiTags('rewards')
@Controller()
export class RewardPolicyController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post('reward-scheme/versions')
  @ApiOperation({ summary: 'Propose a version of the unit’s reward scheme after the staff consultation; adoption by sign-off (XZ-13, R8)' })
  @ApiCommand({ status: 201, refusals: REWARD_POLICY_REFUSALS })
  async propose(
    @Body() body: ProposeRewardSchemeRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    const routes = <T>(of: Record<string, T>) =>
      Object.fromEntries(REWARD_ROUTES.map((r) => [r, of[r]])) as Record<(typeof REWARD_ROUTES)[number], T>;
    const accepted = await runHttpCommand(
      this.commands,
      rewardSchemeCommands,
      REWARD_SCHEME_STREAM_ID,
      {
        type: 'ProposeRewardScheme',
        effectiveFrom: body.effectiveFrom,
        rules: {
          contributorShareBps: routes({ ...body.rules.contributorShareBps }),
          ttoShareBps: routes({ ...body.rules.ttoShareBps }),
          paymentDeadlineDays: body.rules.paymentDeadlineDays,
          publicityDays: body.rules.publicityDays,
        },
        consultation: {
          heldOn: body.consultation.heldOn,
          summary: body.consultation.summary,
          documentSha256: [...body.consultation.documentSha256],
        },
      },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', '/reward-scheme');
    return accepted;
  }

  @Get('reward-scheme')
  @ApiOperation({ summary: 'Every version of the reward scheme, its adoption, and the rules in force today (or the law’s defaults)' })
  @ApiOkResponse({ type: RewardSchemeView })
  async scheme(): Promise<unknown> {
    const { state, revision, today } = await readPolicyStream(this.store, REWARD_SCHEME_STREAM_ID, rewardSchemeDecider);
    return {
      revision,
      streamId: REWARD_SCHEME_STREAM_ID,
      versions: state.versions,
      inForceToday: Object.fromEntries(REWARD_ROUTES.map((route) => [route, rulesInForceOn(state, today, route)])),
    };
  }

  private roster(command: Parameters<typeof leaderRosterCommands.prepare>[0], actor: RequestActor, key?: string, ifMatch?: string) {
    return runHttpCommand(this.commands, leaderRosterCommands, LEADER_ROSTER_STREAM_ID, command, actor, key, ifMatch);
  }

  @Post('leader-roster/tenures')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that someone took a principal leader’s post (R9)' })
  @ApiCommand({ refusals: REWARD_POLICY_REFUSALS })
  begin(
    @Body() body: BeginTenureRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.roster(
      { type: 'BeginTenure', userId: body.userId, name: body.name, post: body.post, from: body.from },
      actor,
      key,
      ifMatch,
    );
  }

  @Post('leader-roster/tenures/:userId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the last day of someone’s principal leader’s post (R9)' })
  @ApiCommand({ refusals: REWARD_POLICY_REFUSALS })
  @ApiParam({ name: 'userId', schema: { type: 'string', pattern: USER_ID.source } })
  end(
    @Param('userId') userId: string,
    @Body() body: EndTenureRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    if (!USER_ID.test(userId)) throw new ProblemException(422, 'VALIDATION_FAILED', 'userId is a user id.');
    return this.roster({ type: 'EndTenure', userId, until: body.until }, actor, key, ifMatch);
  }

  @Post('leader-roster/equity')
  @HttpCode(200)
  @ApiOperation({ summary: 'Declare equity a principal leader held before taking office: locked for the tenure and one year after (R9)' })
  @ApiCommand({ refusals: REWARD_POLICY_REFUSALS })
  declare(
    @Body() body: DeclareEquityRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.roster(
      { type: 'DeclarePreTenureEquity', userId: body.userId, company: body.company, holding: body.holding, declaredOn: body.declaredOn },
      actor,
      key,
      ifMatch,
    );
  }

  @Get('leader-roster')
  @ApiOperation({ summary: 'Principal leaders’ tenures, and when equity held before taking office is released (R9)' })
  @ApiOkResponse({ type: LeaderRosterView })
  async leaders(): Promise<unknown> {
    const { state, revision, today } = await readPolicyStream(this.store, LEADER_ROSTER_STREAM_ID, leaderRosterDecider);
    return {
      revision,
      tenures: state.tenures.map((t) => ({ ...t, inPostToday: isPrincipalLeaderOn(state, t.userId, today) })),
      lockedEquity: state.equity.map((e) => ({
        ...e,
        releasedOn: equityReleasedOn(state, e.userId),
        locked: (equityReleasedOn(state, e.userId) ?? '9999-12-31') > today,
      })),
    };
  }
}
