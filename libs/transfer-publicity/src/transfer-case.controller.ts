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
import { idForCreation, RunCommand } from '@chengguo/eventstore';
import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, Type } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { transferCaseCommands, TransferCaseCommandInput } from './commands/transfer-publicity.commands';
import {
  NoticeBoardView,
  ObjectionRaisedAnswer,
  TRANSFER_CASE_REFUSALS,
  TransferCaseList,
  TransferCaseOpenedAnswer,
  TransferCaseView,
  TransferHistoryView,
} from './commands/transfer-publicity.responses';
import {
  OpenTransferCaseRequest,
  PublishNoticeRequest,
  RaiseObjectionRequest,
  RecordMarketResultRequest,
  RecordSupervisoryFilingRequest,
  RegisterContractRequest,
  ResolveObjectionRequest,
  RevisePriceRequest,
} from './commands/transfer-publicity.requests';
import { MIN_PUBLICITY_DAYS } from './domain/publicity-period';
import { coOwnersConsentOf, TransferCaseStatus } from './domain/transfer-case.decider';
import { APPROVAL_SIGN_OFF_ID, CO_OWNERS_CONSENT_SIGN_OFF_ID, TransferMode } from './domain/transfer-case.events';
import { AchievementHistoryRow } from './queries/achievement-history/achievement-history.entity';
import { GetAchievementHistoryQuery } from './queries/achievement-history/achievement-history.query';
import { GetNoticeBoardQuery, NoticeBoardEntry } from './queries/notice-board/notice-board.query';
import { GetTransferCaseQuery, ListTransferCasesQuery } from './queries/transfer-cases/list-transfer-cases.query';
import { TransferCaseRow } from './queries/transfer-cases/transfer-case.entity';

const STATUSES: TransferCaseStatus[] = [
  'awaiting_co_owners_consent',
  'co_owners_consent_refused',
  'awaiting_supervisory_filing',
  'awaiting_publicity',
  'in_publicity',
  'publicity_failed',
  'awaiting_market_result',
  'no_deal',
  'awaiting_approval',
  'approval_refused',
  'approved',
  'registered',
  'executed',
];

function CaseCommand(summary: string, response?: Type<unknown>): MethodDecorator {
  return applyDecorators(HttpCode(200), ApiOperation({ summary }), ApiCommand({ refusals: TRANSFER_CASE_REFUSALS, response }));
}

function modeOf(body: OpenTransferCaseRequest['mode']): TransferMode {
  if (body.kind === 'license') {
    if (!body.exclusivity)
      throw new ProblemException(422, 'VALIDATION_FAILED', 'A license names its exclusivity: exclusive, sole or non_exclusive.');
    return { kind: 'license', exclusivity: body.exclusivity };
  }
  if (body.exclusivity) throw new ProblemException(422, 'VALIDATION_FAILED', 'Only a license has an exclusivity.');
  return { kind: body.kind };
}

/**
 * Transfer, license or equity investment of an achievement (R5–R8): pricing publicity with
 * objections (agreement pricing) or a listing/auction result, approval through the sign-off
 * (`/sign-offs/transfer-case-<id>/transfer-approval`), contract registration and execution.
 */
@ApiTags('transfer-cases')
@Controller()
export class TransferCaseController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private run(
    actor: RequestActor,
    caseId: string,
    input: TransferCaseCommandInput,
    idempotencyKey?: string,
    ifMatch?: string,
  ): Promise<CommandAccepted> {
    const context = commandContext(actor, idempotencyKeyOf(idempotencyKey));
    return this.commands.execute(new RunCommand(transferCaseCommands, caseId, input, context, parseIfMatch(ifMatch)));
  }

  @Post('transfer-cases')
  @ApiOperation({
    summary:
      'The TTO opens a transfer case on an achievement of the register: mode, pricing method, counterparty, price in fen (R5, R6). ' +
      'Ownership, transformability and the R5 classification come from the register (R3, R5, R12).',
  })
  @ApiCommand({ ifMatch: false, status: 201, refusals: TRANSFER_CASE_REFUSALS, response: TransferCaseOpenedAnswer })
  async open(
    @Body() body: OpenTransferCaseRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted & { caseId: string }> {
    const key = idempotencyKeyOf(idempotencyKey);
    const caseId = idForCreation(key, 'transfer-case', actor.userId);
    const accepted = await this.run(
      actor,
      caseId,
      {
        type: 'OpenTransferCase',
        caseId,
        achievementId: body.achievementId,
        mode: modeOf(body.mode),
        pricingMethod: body.pricingMethod,
        counterparty: body.counterparty
          ? { name: body.counterparty.name, ...(body.counterparty.creditCode ? { creditCode: body.counterparty.creditCode } : {}) }
          : null,
        proposedPriceFen: body.proposedPriceFen,
        openedBy: actor.userId,
      },
      key,
    );
    response.setHeader('Location', `/transfer-cases/${caseId}`);
    response.setHeader('ETag', `"${accepted.revision}"`);
    return { caseId, ...accepted };
  }

  @Get('transfer-cases')
  @ReadsProjections('transfer-cases')
  @ApiOperation({ summary: 'Transfer cases, optionally of one status (read model)' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiOkResponse({ type: TransferCaseList })
  async list(@CurrentActor() actor: RequestActor, @Query('status') status: unknown): Promise<{ items: Array<ReturnType<typeof view>> }> {
    if (status !== undefined && !STATUSES.includes(status as TransferCaseStatus)) {
      throw new ProblemException(422, 'VALIDATION_FAILED', `status is one of ${STATUSES.join(', ')}.`);
    }
    const rows = await this.queries.execute(new ListTransferCasesQuery(actor, status as TransferCaseStatus | undefined));
    return { items: rows.map(view) };
  }

  @Get('transfer-cases/:caseId')
  @ReadsProjections('transfer-cases')
  @ApiOperation({ summary: 'One transfer case (read model); approvalTermsHash is what the approvers sign' })
  @ApiOkResponse({ type: TransferCaseView })
  @ApiProblems({ 404: ['TRANSFER_CASE_NOT_FOUND'] })
  async get(@UuidParam('caseId') caseId: string, @CurrentActor() actor: RequestActor): Promise<ReturnType<typeof view>> {
    // A case the caller may not read answers as one that does not exist (no existence leak).
    const row = await this.queries.execute(new GetTransferCaseQuery(caseId, actor));
    if (!row) throw new ProblemException(404, 'TRANSFER_CASE_NOT_FOUND', `No transfer case ${caseId} in the register (yet).`);
    return view(row);
  }

  @Post('transfer-cases/:caseId/supervisory-filing')
  @CaseCommand('Record the filing with the supervisory department that unblocks a classified achievement (R5)')
  filing(
    @UuidParam('caseId') caseId: string,
    @Body() body: RecordSupervisoryFilingRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    const { department, filingNumber, filedOn } = body;
    return this.run(
      actor,
      caseId,
      { type: 'RecordSupervisoryFiling', caseId, department, filingNumber, filedOn, recordedBy: actor.userId },
      idempotencyKey,
      ifMatch,
    );
  }

  @Post('transfer-cases/:caseId/price')
  @CaseCommand('Revise the proposed price before publicity or after it failed; it needs a new full period (R7)')
  revisePrice(
    @UuidParam('caseId') caseId: string,
    @Body() body: RevisePriceRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(
      actor,
      caseId,
      { type: 'ReviseProposedPrice', caseId, proposedPriceFen: body.proposedPriceFen, revisedBy: actor.userId },
      idempotencyKey,
      ifMatch,
    );
  }

  @Post('transfer-cases/:caseId/publicity')
  @CaseCommand('Publish the notice (name + proposed price) inside the unit for at least 15 days (R7, R7-DAYS)')
  publish(
    @UuidParam('caseId') caseId: string,
    @Body() body: PublishNoticeRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    const days = body.days ?? MIN_PUBLICITY_DAYS;
    return this.run(actor, caseId, { type: 'PublishPublicityNotice', caseId, days, publishedBy: actor.userId }, idempotencyKey, ifMatch);
  }

  @Post('transfer-cases/:caseId/objections')
  @CaseCommand('Any unit member objects during the publicity period (R7)', ObjectionRaisedAnswer)
  async object(
    @UuidParam('caseId') caseId: string,
    @Body() body: RaiseObjectionRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted & { objectionId: string }> {
    const key = idempotencyKeyOf(idempotencyKey);
    const objectionId = idForCreation(key, 'publicity-objection', caseId, actor.userId);
    const accepted = await this.run(
      actor,
      caseId,
      {
        type: 'RaiseObjection',
        caseId,
        objectionId,
        reason: body.reason,
        evidenceHashes: body.evidenceHashes ?? [],
        raisedBy: actor.userId,
        raisedByRole: actor.role,
      },
      key,
    );
    return { objectionId, ...accepted };
  }

  @Post('transfer-cases/:caseId/objections/:objectionId/resolution')
  @CaseCommand('The TTO dismisses or upholds an objection, with reasons; upholding fails the round (R7)')
  resolve(
    @UuidParam('caseId') caseId: string,
    @UuidParam('objectionId') objectionId: string,
    @Body() body: ResolveObjectionRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(
      actor,
      caseId,
      { type: 'ResolveObjection', caseId, objectionId, resolution: body.resolution, reasons: body.reasons, resolvedBy: actor.userId },
      idempotencyKey,
      ifMatch,
    );
  }

  @Post('transfer-cases/:caseId/market-result')
  @CaseCommand('Record the listing or auction result: exchange, listing number, deal or not (R6); a deal opens the approval')
  marketResult(
    @UuidParam('caseId') caseId: string,
    @Body() body: RecordMarketResultRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(
      actor,
      caseId,
      {
        type: 'RecordMarketResult',
        caseId,
        method: body.method,
        exchange: body.exchange,
        listingNumber: body.listingNumber,
        result: body.result,
        finalPriceFen: body.finalPriceFen ?? null,
        counterparty: body.counterparty
          ? { name: body.counterparty.name, ...(body.counterparty.creditCode ? { creditCode: body.counterparty.creditCode } : {}) }
          : null,
        concludedOn: body.concludedOn,
        recordedBy: actor.userId,
      },
      idempotencyKey,
      ifMatch,
    );
  }

  @Post('transfer-cases/:caseId/approval')
  @CaseCommand('Reopen a rejected or expired approval round over the same terms')
  reopenApproval(
    @UuidParam('caseId') caseId: string,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(actor, caseId, { type: 'ReopenApproval', caseId }, idempotencyKey, ifMatch);
  }

  @Post('transfer-cases/:caseId/co-owners-consent')
  @CaseCommand(
    "Reopen the co-owners' consent round over the same terms after it was refused or expired (R11); a revised price reopens it by itself",
  )
  reopenCoOwnersConsent(
    @UuidParam('caseId') caseId: string,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(actor, caseId, { type: 'ReopenCoOwnersConsent', caseId }, idempotencyKey, ifMatch);
  }

  @Post('transfer-cases/:caseId/contract-registration')
  @CaseCommand('Record the technology-contract registration (number and date) after approval (R8)')
  register(
    @UuidParam('caseId') caseId: string,
    @Body() body: RegisterContractRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    const { registrationNumber, registeredOn } = body;
    return this.run(
      actor,
      caseId,
      { type: 'RegisterTechnologyContract', caseId, registrationNumber, registeredOn, recordedBy: actor.userId },
      idempotencyKey,
      ifMatch,
    );
  }

  @Post('transfer-cases/:caseId/execution')
  @CaseCommand('Mark the approved transfer executed; without a registered contract it is flagged not eligible for rewards (R8)')
  execute(
    @UuidParam('caseId') caseId: string,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(actor, caseId, { type: 'ExecuteTransfer', caseId, executedBy: actor.userId }, idempotencyKey, ifMatch);
  }

  @Get('achievements/:kind/:achievementId/transfer-history')
  @ReadsProjections('transfer-achievement-history', 'transfer-cases')
  @ApiOperation({ summary: 'Every transfer case event of one achievement (disclosure, registered or patent), in order (read model)' })
  @ApiParam({ name: 'kind', enum: ['disclosure', 'registered', 'patent'] })
  @ApiParam({ name: 'achievementId', schema: { type: 'string', pattern: '^[\\w.:/-]{1,128}$' } })
  @ApiOkResponse({ type: TransferHistoryView })
  async history(
    @Param('kind') kind: string,
    @Param('achievementId') achievementId: string,
    @CurrentActor() actor: RequestActor,
  ): Promise<{ items: Array<Omit<AchievementHistoryRow, 'revision'> & { revision: number }> }> {
    if (kind !== 'disclosure' && kind !== 'registered' && kind !== 'patent')
      throw new ProblemException(422, 'VALIDATION_FAILED', 'kind is disclosure, registered or patent.');
    if (!/^[\w.:/-]{1,128}$/.test(achievementId)) throw new ProblemException(422, 'VALIDATION_FAILED', 'achievementId is malformed.');
    const rows = await this.queries.execute(new GetAchievementHistoryQuery(kind, achievementId, actor));
    if (rows === null) throw new ProblemException(404, 'ACHIEVEMENT_NOT_FOUND', `No transfer history of ${kind} ${achievementId} to show.`);
    return { items: rows.map((r) => ({ ...r, revision: Number(r.revision) })) };
  }

  @Get('publicity-notices')
  @ReadsProjections('transfer-notice-board')
  @ApiOperation({ summary: 'The notice board: notices now in publicity with days remaining (R7-DAYS); objections only for the TTO' })
  @ApiOkResponse({ type: NoticeBoardView })
  async noticeBoard(@CurrentActor() actor: RequestActor): Promise<{ asOf: string; items: NoticeBoardEntry[] }> {
    // Every unit member reads the board (any valid role); only the TTO sees the objections.
    const now = new Date();
    const items = await this.queries.execute(new GetNoticeBoardQuery(actor, actor.role === 'tto_officer', now));
    return { asOf: now.toISOString(), items };
  }
}

/** The API's view of a case: what a client needs next — the publicity round and its open objections, the approval round. */
function view(row: TransferCaseRow) {
  const { state, ...columns } = row;
  const publicity = state?.exists ? state.publicity : null;
  return {
    ...columns,
    priceFen: Number(row.priceFen),
    revision: Number(row.revision),
    publishedAt: publicity?.publishedAt ?? null,
    publicity: publicity
      ? {
          round: publicity.round,
          days: publicity.days,
          priceFen: publicity.priceFen,
          publishedAt: publicity.publishedAt,
          periodEndsAt: publicity.periodEndsAt,
          status: publicity.status,
        }
      : null,
    openObjections: (publicity?.objections ?? [])
      .filter((objection) => objection.status === 'open')
      .map(({ objectionId, raisedBy }) => ({ objectionId, raisedBy })),
    approval: { signOffId: APPROVAL_SIGN_OFF_ID, termsHash: row.approvalTermsHash, outcome: row.approvalOutcome },
    coOwnersConsent: coOwnersConsentView(state),
  };
}

/** R11: the co-owners' consent round of a case on a co-owned achievement, or null when the unit owns it alone. */
function coOwnersConsentView(state: TransferCaseRow['state'] | undefined) {
  if (!state?.exists || !state.coOwnersConsent) return null;
  const round = state.signOffs[CO_OWNERS_CONSENT_SIGN_OFF_ID];
  return {
    signOffId: CO_OWNERS_CONSENT_SIGN_OFF_ID,
    status: coOwnersConsentOf(state),
    round: round?.round ?? null,
    termsHash: round?.termsHash ?? null,
    agreementId: state.coOwnersConsent.agreementId,
    unitShareBasisPoints: state.coOwnersConsent.unitShareBasisPoints,
    coOwners: state.coOwnersConsent.coOwners,
  };
}
