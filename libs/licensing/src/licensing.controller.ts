import {
  ApiCommand,
  ApiProblems,
  CommandAccepted,
  CurrentActor,
  idempotencyKeyOf,
  ProblemException,
  RequestActor,
  UuidParam,
} from '@chengguo/common';
import { EVENT_STORE, EventStore, idForCreation, readPolicyStream, runHttpCommand } from '@chengguo/eventstore';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { licenceCommands, licensingPolicyCommands } from './commands/licensing.commands';
import {
  ConsiderationRequest,
  DecideConversionRequest,
  LicenceEvidenceRequest,
  ProposeTerminationRequest,
  PublishLicensingPolicyRequest,
  RecordLicencePaymentRequest,
  RecordLicenceRequest,
  RecordMilestoneReachedRequest,
  RecordRoyaltyReportRequest,
} from './commands/licensing.requests';
import {
  CONVERSION_REFUSALS,
  LicenceList,
  LicenceRecordedAnswer,
  LicenceView,
  LicensingPolicyView,
  MILESTONE_REFUSALS,
  PAYMENT_REFUSALS,
  PaymentRecordedAnswer,
  POLICY_REFUSALS,
  RECORD_REFUSALS,
  REPORT_REFUSALS,
  TERMINATION_REFUSALS,
  TerminationProposedAnswer,
} from './commands/licensing.responses';
import { licenceStatusOf, LicenceStatus } from './domain/licence.decider';
import {
  Consideration,
  LICENCE_TERMINATION_SIGN_OFF,
  LicenceEvidence,
  licenceStreamId,
  LICENSING_POLICY_STREAM_ID,
  PaymentItem,
} from './domain/licence.events';
import { licensingPolicyDecider, licensingPolicyOn } from './domain/licensing-policy.decider';
import { LicenceRow } from './queries/licences/licence.entity';
import { GetLicenceQuery, ListLicencesQuery } from './queries/licences/licences.queries';

const STATUSES: LicenceStatus[] = ['awaiting_effect', 'in_effect', 'termination_proposed', 'terminated'];
const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

// Copy only the declared fields: a DTO instance may carry nothing else into an event.
const evidenceOf = (e: LicenceEvidenceRequest): LicenceEvidence => ({ summary: e.summary, documentSha256: [...e.documentSha256] });

/** A consideration as the decider reads it; a missing date or trigger is left for the decider to refuse (422). */
function considerationOf(c: ConsiderationRequest): Consideration {
  return {
    upfrontFeeFen: c.upfrontFeeFen,
    milestones: c.milestones.map((m) => ({
      milestoneId: m.milestoneId,
      description: m.description,
      amountFen: m.amountFen,
      due:
        m.due.kind === 'date'
          ? { kind: 'date', dueOn: m.due.dueOn ?? '' }
          : { kind: 'event', trigger: m.due.trigger ?? '', paymentDays: m.due.paymentDays ?? 30 },
    })),
    royalty: c.royalty
      ? {
          rateBasisPoints: c.royalty.rateBasisPoints,
          minimumAnnualRoyaltyFen: c.royalty.minimumAnnualRoyaltyFen,
          reportingPeriod: c.royalty.reportingPeriod,
          reportDueDays: c.royalty.reportDueDays,
        }
      : null,
    deferredPayments: c.deferredPayments.map((d) => ({ deferredId: d.deferredId, amountFen: d.amountFen, dueOn: d.dueOn })),
    guarantee: c.guarantee ? { guarantor: c.guarantee.guarantor, kind: c.guarantee.kind, amountFen: c.guarantee.amountFen } : null,
  };
}

function paymentItemOf(body: RecordLicencePaymentRequest['item']): PaymentItem {
  switch (body.kind) {
    case 'upfront':
      return { kind: 'upfront' };
    case 'milestone':
      return { kind: 'milestone', milestoneId: body.milestoneId ?? '' };
    case 'deferred':
      return { kind: 'deferred', deferredId: body.deferredId ?? '' };
    case 'royalty':
      return { kind: 'royalty', period: body.period ?? '' };
  }
}

function view(row: LicenceRow, detail: boolean): LicenceView {
  const base: LicenceView = {
    licenceId: row.licenceId,
    caseId: row.caseId,
    achievementId: row.achievementId,
    achievementTitle: row.achievementTitle,
    status: row.status,
    paymentModel: row.paymentModel,
    licenseeName: row.licenseeName,
    licenseeClass: row.licenseeClass,
    exclusivity: row.exclusivity,
    effectiveOn: row.effectiveOn,
    termEndsOn: row.termEndsOn,
    receivedFen: Number(row.receivedFen),
    overdueCount: row.overdueCount,
    dueItems: row.dueItems,
    revision: Number(row.revision),
  };
  if (!detail) return base;
  const state = row.state;
  const round = state.signOffs[LICENCE_TERMINATION_SIGN_OFF];
  return {
    ...base,
    terms: { ...state.terms, consideration: state.consideration } as unknown as Record<string, unknown>,
    reports: state.reports as Record<string, unknown>,
    escalations: state.escalations as Record<string, unknown>,
    conversion: state.conversion,
    termination:
      state.termination && round
        ? {
            ...state.termination,
            streamId: licenceStreamId(row.licenceId),
            signOffId: LICENCE_TERMINATION_SIGN_OFF,
            termsHash: round.termsHash,
            roundStatus: round.status,
            outcome: round.outcome,
            status: licenceStatusOf(state),
          }
        : null,
  };
}

/**
 * Licences over HTTP (许可, R5–R8, R15): the unit's licensing policy (who may use first and pay
 * later), licences recorded against the transfer case that priced them, the licensee's royalty
 * reports and milestones as the TTO records them, payments as finance or the TTO receive them,
 * the R15 conversion decision, and the proposal to terminate, signed at
 * /sign-offs/licence-{id}/licence-termination. The policy is one small stream: its read folds it.
 */
@ApiTags('licences')
@Controller()
export class LicensingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post('licensing/policy/versions')
  @ApiOperation({ summary: 'Publish which licensee classes may use first and pay later, from a date on (R15)' })
  @ApiCommand({ status: 201, refusals: POLICY_REFUSALS })
  async publish(
    @Body() body: PublishLicensingPolicyRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    const accepted = await runHttpCommand(
      this.commands,
      licensingPolicyCommands,
      LICENSING_POLICY_STREAM_ID,
      {
        type: 'PublishLicensingPolicy',
        useFirstPayLaterClasses: [...body.useFirstPayLaterClasses],
        effectiveFrom: body.effectiveFrom,
        basis: body.basis,
      },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', '/licensing/policy');
    return accepted;
  }

  @Get('licensing/policy')
  @ApiOperation({ summary: 'Every version of the licensing policy and who may use first and pay later today (R15)' })
  @ApiOkResponse({ type: LicensingPolicyView })
  async policy(): Promise<LicensingPolicyView> {
    const { state, revision, today } = await readPolicyStream(this.store, LICENSING_POLICY_STREAM_ID, licensingPolicyDecider);
    return {
      revision,
      versions: state.versions,
      useFirstPayLaterClassesToday: licensingPolicyOn(state, today)?.useFirstPayLaterClasses ?? [],
    };
  }

  @Post('licences')
  @ApiOperation({
    summary:
      'Record a licence against the transfer case (mode license) that priced it: exclusivity, territory, field, term, sublicensing, ' +
      'licensee and consideration; use first, pay later where the policy allows (R5–R7, R15). It takes effect when the case is executed.',
  })
  @ApiCommand({ ifMatch: false, status: 201, refusals: RECORD_REFUSALS, response: LicenceRecordedAnswer })
  async record(
    @Body() body: RecordLicenceRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<LicenceRecordedAnswer> {
    const licenceId = body.caseId.toLowerCase();
    const accepted = await runHttpCommand(
      this.commands,
      licenceCommands,
      licenceId,
      {
        type: 'RecordLicence',
        licenceId,
        terms: {
          exclusivity: body.exclusivity,
          territory: body.territory,
          fieldOfUse: body.fieldOfUse,
          term: { startsOn: body.term.startsOn, endsOn: body.term.endsOn },
          sublicensing: body.sublicensing,
          licensee: { name: body.licensee.name, creditCode: body.licensee.creditCode ?? null, class: body.licensee.class },
          consideration: considerationOf(body.consideration),
          useFirstPayLater: body.useFirstPayLater
            ? {
                paymentStart:
                  body.useFirstPayLater.paymentStart.kind === 'date'
                    ? { kind: 'date', on: body.useFirstPayLater.paymentStart.on ?? '' }
                    : { kind: 'first_sales' },
                decisionDueOn: body.useFirstPayLater.decisionDueOn,
                // Set by the decider from the policy in force.
                policyVersion: 0,
              }
            : null,
        },
      },
      actor,
      key,
    );
    response.status(201).setHeader('Location', `/licences/${licenceId}`);
    return { licenceId, ...accepted };
  }

  @Get('licences')
  @ApiOperation({ summary: 'Licences the caller may read, optionally of one achievement or status (read model)' })
  @ApiQuery({ name: 'achievementId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiOkResponse({ type: LicenceList })
  async list(
    @CurrentActor() actor: RequestActor,
    @Query('achievementId') achievementId: unknown,
    @Query('status') status: unknown,
  ): Promise<LicenceList> {
    if (achievementId !== undefined && (typeof achievementId !== 'string' || !/^[\w.:-]{1,128}$/.test(achievementId)))
      throw new ProblemException(422, 'VALIDATION_FAILED', 'achievementId is malformed.');
    if (status !== undefined && !STATUSES.includes(status as LicenceStatus))
      throw new ProblemException(422, 'VALIDATION_FAILED', `status is one of ${STATUSES.join(', ')}.`);
    const rows: LicenceRow[] = await this.queries.execute(
      new ListLicencesQuery(actor, { achievementId: achievementId as string | undefined, status: status as string | undefined }),
    );
    return { items: rows.map((row) => view(row, false)) };
  }

  @Get('licences/:licenceId')
  @ApiOperation({ summary: 'One licence: terms, what is owed and paid, reports, escalations, conversion, termination (read model)' })
  @ApiOkResponse({ type: LicenceView })
  @ApiProblems({ 404: ['LICENCE_NOT_FOUND'] })
  async get(@UuidParam('licenceId') licenceId: string, @CurrentActor() actor: RequestActor): Promise<LicenceView> {
    // A licence the caller may not read answers as one that does not exist (no existence leak).
    const row: LicenceRow | null = await this.queries.execute(new GetLicenceQuery(licenceId, actor));
    if (!row) throw new ProblemException(404, 'LICENCE_NOT_FOUND', `No licence ${licenceId} (yet).`);
    return view(row, true);
  }

  @Post('licences/:licenceId/royalty-reports')
  @ApiOperation({
    summary:
      'Record the licensee’s royalty report for a period (net sales, stated royalty); the royalty is computed from the recorded rate and a different stated amount is refused',
  })
  @ApiCommand({ status: 201, refusals: REPORT_REFUSALS })
  async report(
    @UuidParam('licenceId') licenceId: string,
    @Body() body: RecordRoyaltyReportRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    const reportId = idForCreation(idempotencyKeyOf(key), 'royalty-report', licenceId, actor.userId);
    const accepted = await runHttpCommand(
      this.commands,
      licenceCommands,
      licenceId,
      {
        type: 'RecordRoyaltyReport',
        licenceId,
        reportId,
        period: body.period,
        netSalesFen: body.netSalesFen,
        statedRoyaltyFen: body.statedRoyaltyFen,
        reportedOn: body.reportedOn,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', `/licences/${licenceId}`);
    return accepted;
  }

  @Post('licences/:licenceId/milestones/:milestoneId/reached')
  @ApiOperation({ summary: 'Record that an event-triggered milestone was reached: its payment falls due its payment days later' })
  @ApiParam({ name: 'milestoneId', type: String })
  @ApiCommand({ status: 201, refusals: MILESTONE_REFUSALS })
  async reached(
    @UuidParam('licenceId') licenceId: string,
    @Param('milestoneId') milestoneId: string,
    @Body() body: RecordMilestoneReachedRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    if (!ITEM_ID.test(milestoneId)) throw new ProblemException(422, 'VALIDATION_FAILED', 'milestoneId is malformed.');
    const accepted = await runHttpCommand(
      this.commands,
      licenceCommands,
      licenceId,
      { type: 'RecordMilestoneReached', licenceId, milestoneId, reachedOn: body.reachedOn, evidence: evidenceOf(body.evidence) },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', `/licences/${licenceId}`);
    return accepted;
  }

  @Post('licences/:licenceId/payments')
  @ApiOperation({
    summary:
      'Record a payment received from the licensee against what it owes (upfront, milestone, deferred, royalty); it is entered in the achievement’s income ledger (source license)',
  })
  @ApiCommand({ status: 201, refusals: PAYMENT_REFUSALS, response: PaymentRecordedAnswer })
  async pay(
    @UuidParam('licenceId') licenceId: string,
    @Body() body: RecordLicencePaymentRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<PaymentRecordedAnswer> {
    const paymentId = idForCreation(idempotencyKeyOf(key), 'licence-payment', licenceId, actor.userId);
    const accepted = await runHttpCommand(
      this.commands,
      licenceCommands,
      licenceId,
      {
        type: 'RecordPayment',
        licenceId,
        paymentId,
        item: paymentItemOf(body.item),
        amountFen: body.amountFen,
        receivedOn: body.receivedOn,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', `/licences/${licenceId}`);
    return { paymentId, ...accepted };
  }

  @Post('licences/:licenceId/conversion')
  @ApiOperation({ summary: 'R15: the TTO decides to convert a use-first-pay-later licence into a paid licence, on new consideration' })
  @ApiCommand({ status: 201, refusals: CONVERSION_REFUSALS })
  async convert(
    @UuidParam('licenceId') licenceId: string,
    @Body() body: DecideConversionRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandAccepted> {
    const accepted = await runHttpCommand(
      this.commands,
      licenceCommands,
      licenceId,
      {
        type: 'DecideConversion',
        licenceId,
        consideration: considerationOf(body.consideration),
        reasons: body.reasons,
        evidence: evidenceOf(body.evidence),
      },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', `/licences/${licenceId}`);
    return accepted;
  }

  @Post('licences/:licenceId/termination')
  @ApiOperation({
    summary:
      'The TTO proposes to terminate the licence (uncured default, R15 not converted, or agreed); it takes effect only when the TTO head, legal and the unit leader sign',
  })
  @ApiCommand({ status: 201, refusals: TERMINATION_REFUSALS, response: TerminationProposedAnswer })
  async terminate(
    @UuidParam('licenceId') licenceId: string,
    @Body() body: ProposeTerminationRequest,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<TerminationProposedAnswer> {
    const accepted = await runHttpCommand(
      this.commands,
      licenceCommands,
      licenceId,
      { type: 'ProposeTermination', licenceId, ground: body.ground, reasons: body.reasons },
      actor,
      key,
      ifMatch,
    );
    response.status(201).setHeader('Location', `/sign-offs/${licenceStreamId(licenceId)}/${LICENCE_TERMINATION_SIGN_OFF}`);
    return { ...accepted, signOffId: LICENCE_TERMINATION_SIGN_OFF };
  }
}
