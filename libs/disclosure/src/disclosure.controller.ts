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
import { idForCreation, commandEventId, RunCommand } from '@chengguo/eventstore';
import { TEMPORAL_CLIENT } from '@chengguo/temporal';
import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Response } from 'express';
import { disclosureDeadlineQuery, disclosureDeadlineWorkflowId } from '../../../workflows/disclosure/disclosure-deadline.contract';
import {
  AnswerRequest,
  AssignEvaluatorRequest,
  DecideOnFilingRequest,
  DisclosureContentRequest,
  QuestionRequest,
  ReasonRequest,
  RecordEvaluationRequest,
} from './commands/disclosure.requests';
import { disclosureCommands, DisclosureCommandInput } from './commands/disclosure.commands';
import {
  DISCLOSURE_REFUSALS,
  DisclosureDeadlinesView,
  DisclosureDraftedAnswer,
  DisclosureList,
  DisclosureView,
  EvaluationRecordedAnswer,
  FilingDecidedAnswer,
} from './commands/disclosure.responses';
import { CO_INVENTOR_CONFIRMATION, DisclosureContentInput, disclosureStreamId } from './domain/disclosure.events';
import { DisclosureRow } from './queries/disclosures/disclosure.entity';
import {
  AssignedEvaluationsQuery,
  GetDisclosureQuery,
  MyDisclosuresQuery,
  TtoWorkQueueQuery,
  UnitLedgerQuery,
} from './queries/disclosures/disclosure.queries';

const CommandHeaders = () => ApiCommand({ refusals: DISCLOSURE_REFUSALS });

/** Copies only the declared fields: the DTO class instance may carry nothing else into an event. */
function toContent(body: DisclosureContentRequest): DisclosureContentInput {
  return {
    title: body.title,
    abstract: body.abstract,
    technicalField: body.technicalField,
    funding: body.funding.projectNumber
      ? { kind: body.funding.kind, projectNumber: body.funding.projectNumber }
      : { kind: body.funding.kind },
    conceptionDate: body.conceptionDate,
    confidentiality: body.confidentiality,
    involvesNationalSecurity: body.involvesNationalSecurity,
    isKeyCoreTechnology: body.isKeyCoreTechnology,
    inventors: body.inventors.map(({ userId, name, shareBasisPoints }) => ({ userId, name, shareBasisPoints })),
    // Size and type come from the attachment record; given here, they must agree with it.
    attachments: body.attachments.map(({ name, sha256, sizeBytes, contentType }) => ({
      name,
      sha256,
      ...(sizeBytes !== undefined ? { sizeBytes } : {}),
      ...(contentType !== undefined ? { contentType } : {}),
    })),
  };
}

/** Who may see a disclosure: its inventors, its evaluator, and the unit's offices (not other inventors). */
@ApiTags('disclosures')
@Controller()
export class DisclosureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  private run(
    disclosureId: string,
    command: DisclosureCommandInput,
    actor: RequestActor,
    key?: string,
    ifMatch?: string,
  ): Promise<CommandAccepted> {
    return this.commands.execute(
      new RunCommand(disclosureCommands, disclosureId, command, commandContext(actor, idempotencyKeyOf(key)), parseIfMatch(ifMatch)),
    );
  }

  @Post('disclosures')
  @ApiOperation({ summary: 'Draft a job-related achievement disclosure (R1)' })
  @ApiCommand({ ifMatch: false, status: 201, refusals: DISCLOSURE_REFUSALS, response: DisclosureDraftedAnswer })
  async draft(
    @Body() body: DisclosureContentRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted & { disclosureId: string }> {
    const disclosureId = idForCreation(idempotencyKeyOf(key), 'disclosure', actor.userId);
    const accepted = await this.run(disclosureId, { type: 'DraftDisclosure', disclosureId, content: toContent(body) }, actor, key);
    response.status(201).setHeader('Location', `/disclosures/${disclosureId}`);
    return { disclosureId, ...accepted };
  }

  @Put('disclosures/:id/draft')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the draft (only before submission)' })
  @CommandHeaders()
  updateDraft(
    @UuidParam('id') id: string,
    @Body() body: DisclosureContentRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, { type: 'UpdateDraft', content: toContent(body) }, actor, key, ifMatch);
  }

  @Post('disclosures/:id/submission')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit the draft; co-inventors are asked to confirm their shares (R1)' })
  @CommandHeaders()
  submit(
    @UuidParam('id') id: string,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, { type: 'SubmitDisclosure' }, actor, key, ifMatch);
  }

  @Post('disclosures/:id/amendment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Amend after a dispute or an expired confirmation; confirmation restarts' })
  @CommandHeaders()
  amend(
    @UuidParam('id') id: string,
    @Body() body: DisclosureContentRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, { type: 'AmendDisclosure', content: toContent(body) }, actor, key, ifMatch);
  }

  @Post('disclosures/:id/withdrawal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw before the filing decision' })
  @CommandHeaders()
  withdraw(
    @UuidParam('id') id: string,
    @Body() body: ReasonRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, { type: 'WithdrawDisclosure', reason: body.reason }, actor, key, ifMatch);
  }

  @Post('disclosures/:id/acknowledgement')
  @HttpCode(200)
  @ApiOperation({ summary: 'The TTO acknowledges a confirmed disclosure' })
  @CommandHeaders()
  acknowledge(
    @UuidParam('id') id: string,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, { type: 'AcknowledgeDisclosure' }, actor, key, ifMatch);
  }

  @Post('disclosures/:id/clarification-requests')
  @HttpCode(200)
  @ApiOperation({ summary: 'The TTO asks the inventors a question' })
  @CommandHeaders()
  ask(
    @UuidParam('id') id: string,
    @Body() body: QuestionRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, { type: 'RequestClarification', question: body.question }, actor, key, ifMatch);
  }

  @Post('disclosures/:id/clarification-answers')
  @HttpCode(200)
  @ApiOperation({ summary: 'An inventor answers the open question' })
  @CommandHeaders()
  answer(
    @UuidParam('id') id: string,
    @Body() body: AnswerRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, { type: 'ProvideClarification', answer: body.answer }, actor, key, ifMatch);
  }

  @Post('disclosures/:id/evaluator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign the pre-filing evaluation to TTO staff or an entrusted agency (R2)' })
  @CommandHeaders()
  assign(
    @UuidParam('id') id: string,
    @Body() body: AssignEvaluatorRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    const evaluator = body.agencyName
      ? { kind: body.kind, userId: body.userId, agencyName: body.agencyName }
      : { kind: body.kind, userId: body.userId };
    return this.run(id, { type: 'AssignEvaluator', evaluator }, actor, key, ifMatch);
  }

  @Post('disclosures/:id/evaluation')
  @HttpCode(200)
  @ApiOperation({ summary: 'The assigned evaluator records the pre-filing evaluation (R2); its event id is the evaluationId' })
  @ApiCommand({ refusals: DISCLOSURE_REFUSALS, response: EvaluationRecordedAnswer })
  async evaluate(
    @UuidParam('id') id: string,
    @Body() body: RecordEvaluationRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted & { evaluationId: string }> {
    const context = commandContext(actor, idempotencyKeyOf(key));
    const evaluationId = commandEventId(context.commandId, disclosureStreamId(id), 0);
    const { novelty, inventiveness, practicalApplicability, notes } = body.patentability;
    const accepted = await this.commands.execute(
      new RunCommand(
        disclosureCommands,
        id,
        {
          type: 'RecordEvaluation',
          evaluationId,
          patentability: { novelty, inventiveness, practicalApplicability, notes },
          technologyReadinessLevel: body.technologyReadinessLevel,
          marketAssessment: body.marketAssessment,
          recommendation: body.recommendation,
        },
        context,
        parseIfMatch(ifMatch),
      ),
    );
    return { ...accepted, evaluationId };
  }

  @Post('disclosures/:id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'A unit leader decides: file, do not file (→ abandonment contract, R3) or trade secret' })
  @ApiCommand({ refusals: DISCLOSURE_REFUSALS, response: FilingDecidedAnswer })
  async decide(
    @UuidParam('id') id: string,
    @Body() body: DecideOnFilingRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<FilingDecidedAnswer> {
    const context = commandContext(actor, idempotencyKeyOf(key));
    const accepted = await this.commands.execute(
      new RunCommand(
        disclosureCommands,
        id,
        { type: 'DecideOnFiling', decision: body.decision, reasons: body.reasons, evaluationId: body.evaluationId },
        context,
        parseIfMatch(ifMatch),
      ),
    );
    // DisclosureDecided is the command's first event, so its id is the first one appended.
    return { ...accepted, decisionEventId: accepted.eventIds[0] };
  }

  @Get('disclosures/mine')
  @ReadsProjections('disclosures')
  @ApiOperation({ summary: 'The calling inventor’s own disclosures' })
  @ApiOkResponse({ type: DisclosureList })
  async mine(@CurrentActor() actor: RequestActor): Promise<{ items: unknown[] }> {
    return { items: (await this.queries.execute(new MyDisclosuresQuery(actor))).map(present) };
  }

  @Get('disclosures/assigned')
  @ReadsProjections('disclosures')
  @ApiOperation({ summary: 'The calling evaluator’s assigned evaluations (R2), open ones first' })
  @ApiOkResponse({ type: DisclosureList })
  async assigned(@CurrentActor() actor: RequestActor): Promise<{ items: unknown[] }> {
    return { items: (await this.queries.execute(new AssignedEvaluationsQuery(actor))).map(present) };
  }

  @Get('disclosures/queue')
  @ReadsProjections('disclosures')
  @ApiOperation({ summary: 'TTO work queue: open disclosures, overdue first' })
  @ApiOkResponse({ type: DisclosureList })
  async queue(@CurrentActor() actor: RequestActor): Promise<{ items: unknown[] }> {
    return { items: (await this.queries.execute(new TtoWorkQueueQuery(actor))).map(present) };
  }

  @Get('ledger')
  @ReadsProjections('disclosures')
  @ApiOperation({ summary: 'Unit ledger (台账, R12): every achievement with status and decision' })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', pattern: '^[a-z_]{1,40}$' } })
  @ApiOkResponse({ type: DisclosureList })
  async ledger(@CurrentActor() actor: RequestActor, @Query('status') status?: string): Promise<{ items: unknown[] }> {
    if (status !== undefined && !/^[a-z_]{1,40}$/.test(status))
      throw new ProblemException(422, 'VALIDATION_FAILED', 'status is a status name.');
    return { items: (await this.queries.execute(new UnitLedgerQuery(actor, status))).map(present) };
  }

  @Get('disclosures/:id')
  @ReadsProjections('disclosures')
  @ApiOperation({ summary: 'One disclosure (read model)' })
  @ApiOkResponse({ type: DisclosureView })
  @ApiProblems({ 404: ['DISCLOSURE_NOT_FOUND'] })
  async get(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<unknown> {
    const row = await this.queries.execute(new GetDisclosureQuery(id, actor));
    // Not visible looks the same as not there: existence of an invention is itself confidential.
    if (!row) throw new ProblemException(404, 'DISCLOSURE_NOT_FOUND', `No disclosure ${id} (yet).`);
    return present(row);
  }

  @Get('disclosures/:id/deadlines')
  @ApiOperation({ summary: 'Live state of the acknowledgement and evaluation deadlines (Temporal queries)' })
  @ApiOkResponse({ type: DisclosureDeadlinesView })
  @ApiProblems({ 404: ['DISCLOSURE_NOT_FOUND'] })
  async deadlines(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<Record<string, unknown>> {
    // The deadlines tell that the disclosure exists and when it is due: the same read rule as the record.
    if (!(await this.queries.execute(new GetDisclosureQuery(id, actor))))
      throw new ProblemException(404, 'DISCLOSURE_NOT_FOUND', `No disclosure ${id} (yet).`);
    const result: Record<string, unknown> = {};
    for (const deadline of ['acknowledgement', 'evaluation']) {
      try {
        result[deadline] = await this.temporal.workflow
          .getHandle(disclosureDeadlineWorkflowId(id, deadline))
          .query(disclosureDeadlineQuery);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        result[deadline] = null;
      }
    }
    return result;
  }
}

/** The API's view of a row: the content unwrapped, the revision as a number, the confirmation round to sign. */
function present(row: DisclosureRow): Record<string, unknown> {
  const { state, revision, ...rest } = row;
  const confirmation = state.signOffs[CO_INVENTOR_CONFIRMATION];
  return {
    ...rest,
    content: state.content,
    confirmation: confirmation
      ? { signOffId: CO_INVENTOR_CONFIRMATION, termsHash: confirmation.termsHash, status: confirmation.status }
      : null,
    revision: Number(revision),
  };
}
