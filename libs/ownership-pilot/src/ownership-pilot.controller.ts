import { ApiCommand, CommandAccepted, CurrentActor, RequestActor, UuidParam } from '@chengguo/common';
import { EVENT_STORE, EventStore, readPolicyStream, runHttpCommand } from '@chengguo/eventstore';
import { Body, Controller, Get, Headers, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ownershipAgreementCommands, ownershipPilotPolicyCommands } from './commands/ownership-pilot.commands';
import { ProposeOwnershipAgreementRequest, PublishOwnershipPilotPolicyRequest } from './commands/ownership-pilot.requests';
import {
  AGREEMENT_REFUSALS,
  OwnershipAgreementProposedAnswer,
  OwnershipPilotPolicyView,
  POLICY_REFUSALS,
} from './commands/ownership-pilot.responses';
import { ownershipPilotPolicyDecider, pilotPolicyOn } from './domain/ownership-pilot-policy.decider';
import {
  OWNERSHIP_AGREEMENT_SIGNATURE,
  OWNERSHIP_PILOT_POLICY_STREAM_ID,
  ownershipAgreementStreamId,
  ProposedGrant,
} from './domain/ownership-pilot.events';
import { ProposedGrantRequest } from './commands/ownership-pilot.requests';

// Copy only the fields of the kind chosen; a missing number or date is left for the decider to refuse under R11.
function grantOf(body: ProposedGrantRequest): ProposedGrant {
  switch (body.kind) {
    case 'co_ownership':
      return {
        kind: 'co_ownership',
        inventorsShareBasisPoints: body.inventorsShareBasisPoints ?? 0,
        unitRevenueShareBasisPoints: body.unitRevenueShareBasisPoints ?? null,
      };
    case 'whole':
      return { kind: 'whole' };
    case 'use_right':
      return { kind: 'use_right', years: body.years ?? 0, startsOn: body.startsOn ?? '' };
  }
}

/**
 * The inventors' ownership pilot over HTTP (赋权, R11): the unit's pilot switch, and the agreement
 * per achievement that the parties then sign at /sign-offs/ownership-agreement-{id}/ownership-agreement-signature.
 * The policy is one small stream: its read folds the stream itself rather than keep a read model.
 */
@ApiTags('ownership-pilot')
@Controller()
export class OwnershipPilotController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post('ownership-pilot/policy/versions')
  @ApiOperation({ summary: 'Publish whether the unit is an ownership pilot unit from a date on (R11)' })
  @ApiCommand({ status: 201, refusals: POLICY_REFUSALS })
  async publish(
    @Body() body: PublishOwnershipPilotPolicyRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    const accepted = await runHttpCommand(
      this.commands,
      ownershipPilotPolicyCommands,
      OWNERSHIP_PILOT_POLICY_STREAM_ID,
      { type: 'PublishOwnershipPilotPolicy', pilot: body.pilot, effectiveFrom: body.effectiveFrom, basis: body.basis },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', '/ownership-pilot/policy');
    return accepted;
  }

  @Get('ownership-pilot/policy')
  @ApiOperation({ summary: 'Every version of the pilot policy and whether the unit is a pilot unit today (R11)' })
  @ApiOkResponse({ type: OwnershipPilotPolicyView })
  async policy(): Promise<OwnershipPilotPolicyView> {
    const { state, revision, today } = await readPolicyStream(this.store, OWNERSHIP_PILOT_POLICY_STREAM_ID, ownershipPilotPolicyDecider);
    return { revision, versions: state.versions, pilotToday: pilotPolicyOn(state, today)?.pilot ?? false };
  }

  @Post('achievements/:id/ownership-agreement')
  @ApiOperation({
    summary:
      'Propose the ownership agreement for an achievement (R11): co-ownership, the whole, or a use right of ≥ 10 years; opens its signing round',
  })
  @ApiCommand({ status: 201, refusals: AGREEMENT_REFUSALS, response: OwnershipAgreementProposedAnswer })
  async propose(
    @UuidParam('id') id: string,
    @Body() body: ProposeOwnershipAgreementRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<OwnershipAgreementProposedAnswer> {
    const accepted = await runHttpCommand(
      this.commands,
      ownershipAgreementCommands,
      id,
      {
        type: 'ProposeOwnershipAgreement',
        achievementId: id,
        grant: grantOf(body.grant),
        terms: {
          revenueShares: body.terms.revenueShares,
          decisionMaking: body.terms.decisionMaking,
          costSharing: body.terms.costSharing,
          ipMaintenance: body.terms.ipMaintenance,
        },
      },
      actor,
      key,
      ifMatch,
    );
    const streamId = ownershipAgreementStreamId(id);
    response.status(201).setHeader('Location', `/sign-offs/${streamId}/${OWNERSHIP_AGREEMENT_SIGNATURE}`);
    return { ...accepted, signOffId: OWNERSHIP_AGREEMENT_SIGNATURE };
  }
}
