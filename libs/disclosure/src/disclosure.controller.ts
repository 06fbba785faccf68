import {
  ACTOR_HEADERS,
  commandContext,
  CurrentActor,
  idempotencyKeyOf,
  parseIfMatch,
  ProblemException,
  RequestActor,
} from '@chengguo/common';
import { deterministicUuid, newId } from '@chengguo/eventstore';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Response } from 'express';
import {
  acknowledgementStatusQuery,
  disclosureAcknowledgementWorkflowId,
} from '../../../workflows/disclosure/disclosure-acknowledgement.workflow';
import { AcknowledgeDisclosureCommand } from './commands/acknowledge-disclosure/acknowledge-disclosure.command';
import { CommandAccepted } from './commands/command-accepted';
import { SubmitDisclosureCommand } from './commands/submit-disclosure/submit-disclosure.command';
import { SubmitDisclosureRequest } from './commands/submit-disclosure/submit-disclosure.request';
import { TEMPORAL_CLIENT } from '@chengguo/temporal';
import { GetDisclosureQuery } from './queries/disclosure-register/get-disclosure.query';

@ApiTags('disclosures')
@Controller('disclosures')
export class DisclosureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Submit a job-related achievement disclosure (R1)' })
  @ApiHeader(ACTOR_HEADERS[0])
  @ApiHeader(ACTOR_HEADERS[1])
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async submit(
    @Body() body: SubmitDisclosureRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted & { disclosureId: string }> {
    const key = idempotencyKeyOf(idempotencyKey);
    const disclosureId = key ? deterministicUuid('disclosure', actor.userId, key) : newId();
    const inventors = body.inventors.map(({ userId, name, shareBasisPoints }) => ({ userId, name, shareBasisPoints }));
    const { title, technicalField, abstract } = body;
    const accepted = await this.commands.execute(
      new SubmitDisclosureCommand(disclosureId, { title, technicalField, abstract, inventors }, commandContext(actor, key)),
    );
    response.setHeader('Location', `/disclosures/${disclosureId}`);
    response.setHeader('ETag', `"${accepted.revision}"`);
    return { disclosureId, ...accepted };
  }

  @Post(':disclosureId/acknowledgement')
  @HttpCode(200)
  @ApiOperation({ summary: 'The TTO acknowledges a submitted disclosure' })
  @ApiHeader(ACTOR_HEADERS[0])
  @ApiHeader(ACTOR_HEADERS[1])
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream revision' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 200, type: CommandAccepted })
  async acknowledge(
    @Param('disclosureId', new ParseUUIDPipe()) disclosureId: string,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    if (actor.role !== 'tto_officer') {
      throw new ProblemException(403, 'ROLE_NOT_ALLOWED', 'Only a tto_officer acknowledges disclosures.');
    }
    return this.commands.execute(
      new AcknowledgeDisclosureCommand(disclosureId, commandContext(actor, idempotencyKeyOf(idempotencyKey)), parseIfMatch(ifMatch)),
    );
  }

  @Get(':disclosureId')
  @ApiOperation({ summary: 'A disclosure as the TTO register shows it (read model)' })
  async get(@Param('disclosureId', new ParseUUIDPipe()) disclosureId: string): Promise<unknown> {
    const row = await this.queries.execute(new GetDisclosureQuery(disclosureId));
    if (!row) throw new ProblemException(404, 'DISCLOSURE_NOT_FOUND', `No disclosure ${disclosureId} in the register (yet).`);
    return { ...row, revision: Number(row.revision) };
  }

  @Get(':disclosureId/acknowledgement-deadline')
  @ApiOperation({ summary: 'Live state of the acknowledgement deadline, queried from its Temporal workflow' })
  async deadline(@Param('disclosureId', new ParseUUIDPipe()) disclosureId: string): Promise<unknown> {
    try {
      return await this.temporal.workflow
        .getHandle(disclosureAcknowledgementWorkflowId(disclosureId))
        .query(acknowledgementStatusQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new ProblemException(404, 'DEADLINE_NOT_STARTED', `No acknowledgement deadline runs for ${disclosureId} (yet).`);
      }
      throw error;
    }
  }
}
