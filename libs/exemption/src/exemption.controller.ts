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
import { idForCreation, EVENT_STORE, EventStore, RunCommand } from '@chengguo/eventstore';
import { signOffCommands } from '@chengguo/sign-off';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { exemptionClaimCommands, exemptionListsCommands } from './commands/exemption.commands';
import {
  CONFIRMATION_REFUSALS,
  DecisionMakerHistoryView,
  EXEMPTION_LISTS_REFUSALS,
  EXEMPTION_REFUSALS,
  ExemptionClaimFiledAnswer,
  ExemptionClaimList,
  ExemptionClaimView,
  ExemptionListsView,
} from './commands/exemption.responses';
import {
  ConfirmationRejectionRequest,
  ConfirmationSignatureRequest,
  FileExemptionClaimRequest,
  OverrideRequest,
  PublishExemptionListsRequest,
} from './commands/exemption.requests';
import { ExemptionClaimStatus } from './domain/exemption-claim.decider';
import { EXEMPTION_CONFIRMATION, exemptionClaimStreamId } from './domain/exemption.events';
import { DEFAULT_EXEMPTION_LISTS, EXEMPTION_LISTS_STREAM, listsInEffect } from './domain/exemption-lists';
import { loadExemptionLists } from './exemption-history.store';
import { ExemptionClaimByDecisionMakerRow, ExemptionClaimRow } from './queries/exemption-claims/exemption-claim.entities';
import {
  DecisionMakerHistoryQuery,
  GetExemptionClaimQuery,
  ListExemptionClaimsQuery,
} from './queries/exemption-claims/exemption-claim.queries';

const STATUSES: Array<Exclude<ExemptionClaimStatus, 'none'>> = ['in_confirmation', 'confirmation_closed', 'granted', 'denied'];
const CommandHeaders = () => ApiCommand({ refusals: EXEMPTION_REFUSALS });
const ConfirmationHeaders = () => ApiCommand({ refusals: [{ 404: ['EXEMPTION_CLAIM_NOT_FOUND'] }, CONFIRMATION_REFUSALS] });

function present(row: ExemptionClaimRow): Record<string, unknown> {
  const { state, revision, lossFen, subjectKind, subjectStreamId, subjectEventId, ...rest } = row;
  return {
    ...rest,
    subject: { kind: subjectKind, streamId: subjectStreamId, eventId: subjectEventId },
    lossOrValueChangeFen: Number(lossFen),
    // The decision's route from the record: only an equity investment's loss can be kept out of state-asset assessment (XZ-18).
    route: state.route ?? null,
    confirmation: state.signOffs['exemption-confirmation']
      ? {
          streamId: `exemption-claim-${row.claimId}`,
          signOffId: 'exemption-confirmation',
          round: state.signOffs['exemption-confirmation'].round,
          termsHash: state.signOffs['exemption-confirmation'].termsHash,
          status: state.signOffs['exemption-confirmation'].status,
          outcome: state.signOffs['exemption-confirmation'].outcome,
          deadline: state.signOffs['exemption-confirmation'].deadline,
        }
      : null,
    revision: Number(revision),
  };
}

/**
 * Due-diligence exemption claims (R13, R4). Departments confirm or reject through
 * /sign-offs/exemption-claim-{id}/exemption-confirmation; the outcome follows when that closes.
 */
@ApiTags('exemption-claims')
@Controller('exemption-claims')
export class ExemptionClaimController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'The unit leader or TTO files a claim; the findings are computed from the event history' })
  @ApiCommand({ ifMatch: false, status: 201, refusals: EXEMPTION_REFUSALS, response: ExemptionClaimFiledAnswer })
  async file(
    @Body() body: FileExemptionClaimRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
  ): Promise<CommandAccepted & { claimId: string }> {
    const idempotencyKey = idempotencyKeyOf(key);
    const claimId = idForCreation(idempotencyKey, 'exemption-claim', actor.userId);
    const input = {
      type: 'FileExemptionClaim' as const,
      claimId,
      subject: { kind: body.subject.kind, streamId: body.subject.streamId, eventId: body.subject.eventId },
      decisionMakers: body.decisionMakers.map((m) => (m.name ? { userId: m.userId, name: m.name } : { userId: m.userId })),
      lossOrValueChangeFen: body.lossOrValueChangeFen,
      description: body.description,
      assertedPositiveItemIds: body.assertedPositiveItemIds,
    };
    const accepted = await this.commands.execute(
      new RunCommand(exemptionClaimCommands, claimId, input, commandContext(actor, idempotencyKey)),
    );
    return { claimId, ...accepted };
  }

  @Post(':id/overrides')
  @HttpCode(200)
  @ApiOperation({ summary: 'One of the four departments overrides the failed findings, with reasons (R13)' })
  @CommandHeaders()
  override(
    @UuidParam('id') id: string,
    @Body() body: OverrideRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    const input = { type: 'OverrideFailedFindings' as const, reasons: body.reasons };
    return this.commands.execute(
      new RunCommand(exemptionClaimCommands, id, input, commandContext(actor, idempotencyKeyOf(key)), parseIfMatch(ifMatch)),
    );
  }

  /**
   * The confirmation through the sign-off capability, addressed by claim: the same decider and events
   * as POST /sign-offs/exemption-claim-{id}/exemption-confirmation/signatures. It exists because R13
   * names audit among the four confirming departments while the access matrix keeps the generic
   * sign-off writes closed to auditors; here all four departments, and only they, may decide.
   */
  @Post(':id/confirmation/signatures')
  @HttpCode(200)
  @ApiOperation({ summary: 'A department confirms the claim (signs the confirmation round, R13)' })
  @ConfirmationHeaders()
  async confirm(
    @UuidParam('id') id: string,
    @Body() body: ConfirmationSignatureRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    const input = { type: 'Sign' as const, signOffId: EXEMPTION_CONFIRMATION, termsHash: body.termsHash };
    return this.commands.execute(
      new RunCommand(
        signOffCommands,
        exemptionClaimStreamId(id),
        input,
        commandContext(actor, idempotencyKeyOf(key)),
        parseIfMatch(ifMatch),
      ),
    );
  }

  @Post(':id/confirmation/rejections')
  @HttpCode(200)
  @ApiOperation({ summary: 'A department rejects the claim, with its reason (R13)' })
  @ConfirmationHeaders()
  async reject(
    @UuidParam('id') id: string,
    @Body() body: ConfirmationRejectionRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    const input = { type: 'Reject' as const, signOffId: EXEMPTION_CONFIRMATION, reason: body.reason };
    return this.commands.execute(
      new RunCommand(
        signOffCommands,
        exemptionClaimStreamId(id),
        input,
        commandContext(actor, idempotencyKeyOf(key)),
        parseIfMatch(ifMatch),
      ),
    );
  }

  @Get()
  @ReadsProjections('exemption-claims', 'sign-offs')
  @ApiOperation({ summary: 'Claims by status' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiOkResponse({ type: ExemptionClaimList })
  async list(@CurrentActor() actor: RequestActor, @Query('status') status?: string): Promise<{ items: unknown[] }> {
    if (status !== undefined && !(STATUSES as string[]).includes(status)) {
      throw new ProblemException(422, 'VALIDATION_FAILED', `status is one of ${STATUSES.join(', ')}.`);
    }
    return { items: (await this.queries.execute(new ListExemptionClaimsQuery(actor, status))).map(present) };
  }

  @Get('by-decision-maker/:userId')
  @ReadsProjections('exemption-claims')
  @ApiOperation({ summary: 'One decision-maker’s exemption history (the person may read their own)' })
  @ApiOkResponse({ type: DecisionMakerHistoryView })
  @ApiProblems({ 403: ['ROLE_NOT_ALLOWED'] })
  async history(@Param('userId') userId: string, @CurrentActor() actor: RequestActor): Promise<{ userId: string; items: unknown[] }> {
    const rows: ExemptionClaimByDecisionMakerRow[] | null = await this.queries.execute(new DecisionMakerHistoryQuery(userId, actor));
    if (!rows)
      throw new ProblemException(
        403,
        'ROLE_NOT_ALLOWED',
        'Only the person, the confirming departments, the unit leader or the TTO may read an exemption history.',
      );
    return {
      userId,
      items: rows.map(({ revision, lossFen, ...r }) => ({ ...r, lossOrValueChangeFen: Number(lossFen), revision: Number(revision) })),
    };
  }

  @Get(':id')
  @ReadsProjections('exemption-claims', 'sign-offs')
  @ApiOperation({ summary: 'One claim with its findings, evidence event ids, overrides and outcome' })
  @ApiOkResponse({ type: ExemptionClaimView })
  @ApiProblems({ 404: ['EXEMPTION_CLAIM_NOT_FOUND'] })
  async get(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<unknown> {
    // A claim the caller may not read answers as one that does not exist (no existence leak).
    const row = await this.queries.execute(new GetExemptionClaimQuery(id, actor));
    if (!row) throw new ProblemException(404, 'EXEMPTION_CLAIM_NOT_FOUND', `No exemption claim ${id} (yet).`);
    return present(row);
  }
}

/** The positive and negative lists (双清单, R13): read by anyone, published by admins; versions never rewrite the past. */
@ApiTags('policies')
@Controller('policies/exemption-lists')
export class ExemptionListsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every published version and the one in force now' })
  @ApiOkResponse({ type: ExemptionListsView })
  async list(): Promise<unknown> {
    const versions = await loadExemptionLists(this.store);
    return { inForce: listsInEffect(versions, new Date().toISOString()), versions: [DEFAULT_EXEMPTION_LISTS, ...versions] };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a new version of the lists, effective now or later' })
  @ApiCommand({ ifMatch: false, refusals: EXEMPTION_LISTS_REFUSALS })
  async publish(
    @Body() body: PublishExemptionListsRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
  ): Promise<CommandAccepted> {
    const input = {
      type: 'PublishExemptionLists' as const,
      effectiveFrom: new Date(body.effectiveFrom).toISOString(),
      positive: body.positive.map(({ id, text }) => ({ id, text })),
      negative: body.negative.map(({ id, text }) => ({ id, text })),
    };
    return this.commands.execute(
      new RunCommand(exemptionListsCommands, EXEMPTION_LISTS_STREAM, input, commandContext(actor, idempotencyKeyOf(key))),
    );
  }
}
