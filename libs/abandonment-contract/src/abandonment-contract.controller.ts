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
import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AmendContractTermsRequest,
  FeePaidRequest,
  ObligationsEndRequest,
  PatentApplicationRequest,
  PatentGrantRequest,
  RevenueReportRequest,
} from './commands/abandonment-contract.requests';
import { abandonmentContractCommands, ContractCommandInput } from './commands/abandonment-contract.commands';
import { CONTRACT_REFUSALS, ContractList, ContractView, RevenueLedgerView } from './commands/abandonment-contract.responses';
import { CONTRACT_SIGNATURE, OBLIGATIONS_END_CONFIRMATION } from './domain/abandonment-contract.events';
import { AbandonmentContractRow } from './queries/contracts/contract.entities';
import { GetContractQuery, ListContractsQuery, RevenueLedger, RevenueLedgerQuery } from './queries/contracts/contract.queries';

const CommandHeaders = () => ApiCommand({ refusals: CONTRACT_REFUSALS });

function present(row: AbandonmentContractRow): Record<string, unknown> {
  const { state, revision, revenueFen, deductibleCostsFen, deductedFen, unitShareFen, ...rest } = row;
  const end = state.endOfObligations;
  return {
    ...rest,
    revision: Number(revision),
    // What a party needs to sign: the round and the hash of the terms as they stand.
    signature: { signOffId: CONTRACT_SIGNATURE, termsHash: state.signOffs[CONTRACT_SIGNATURE]?.termsHash ?? null },
    // What the TTO needs to confirm the end (R3): the round to sign and the hash of the request.
    endOfObligations: end
      ? { ...end, signOffId: OBLIGATIONS_END_CONFIRMATION, termsHash: state.signOffs[OBLIGATIONS_END_CONFIRMATION]?.termsHash ?? null }
      : null,
    totals: {
      revenueFen: Number(revenueFen),
      deductibleCostsFen: Number(deductibleCostsFen),
      deductedFen: Number(deductedFen),
      costsCarriedForwardFen: Number(deductibleCostsFen) - Number(deductedFen),
      unitShareFen: Number(unitShareFen),
    },
  };
}

/**
 * Patent-abandonment contracts (R3). Contracts are opened by the "do not file" decision, never by a
 * request; signatures go through /sign-offs/abandonment-contract-{id}/contract-signature.
 */
@ApiTags('abandonment-contracts')
@Controller('contracts')
export class AbandonmentContractController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private run(id: string, command: ContractCommandInput, actor: RequestActor, key?: string, ifMatch?: string): Promise<CommandAccepted> {
    return this.commands.execute(
      new RunCommand(
        abandonmentContractCommands,
        id,
        { ...command, contractId: id },
        commandContext(actor, idempotencyKeyOf(key)),
        parseIfMatch(ifMatch),
      ),
    );
  }

  private async visible(id: string, actor: RequestActor): Promise<AbandonmentContractRow> {
    const row = await this.queries.execute(new GetContractQuery(id, actor));
    if (!row) throw new ProblemException(404, 'CONTRACT_NOT_FOUND', `No abandonment contract for disclosure ${id} (yet).`);
    return row;
  }

  @Get()
  @ReadsProjections('abandonment-contracts')
  @ApiOperation({ summary: 'Contracts by status (the unit’s offices)' })
  @ApiQuery({ name: 'status', required: false, enum: ['negotiating', 'executed', 'ended'] })
  @ApiOkResponse({ type: ContractList })
  async list(@CurrentActor() actor: RequestActor, @Query('status') status?: string): Promise<{ items: unknown[] }> {
    if (status !== undefined && !['negotiating', 'executed', 'ended'].includes(status)) {
      throw new ProblemException(422, 'VALIDATION_FAILED', 'status is negotiating, executed or ended.');
    }
    return { items: (await this.queries.execute(new ListContractsQuery(actor, status))).map(present) };
  }

  @Get(':id')
  @ReadsProjections('abandonment-contracts')
  @ApiOperation({ summary: 'One contract with its terms and running totals' })
  @ApiOkResponse({ type: ContractView })
  @ApiProblems({ 404: ['CONTRACT_NOT_FOUND'] })
  async get(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<unknown> {
    return present(await this.visible(id, actor));
  }

  @Get(':id/revenue-ledger')
  @ReadsProjections('abandonment-contracts')
  @ApiOperation({ summary: 'Revenue reports with the unit’s share of each (R3)' })
  @ApiOkResponse({ type: RevenueLedgerView })
  @ApiProblems({ 404: ['CONTRACT_NOT_FOUND'] })
  async ledger(@UuidParam('id') id: string, @CurrentActor() actor: RequestActor): Promise<unknown> {
    const { contract, reports: rows }: RevenueLedger = await this.queries.execute(new RevenueLedgerQuery(id, actor));
    if (!contract) throw new ProblemException(404, 'CONTRACT_NOT_FOUND', `No abandonment contract for disclosure ${id} (yet).`);
    const entries = rows.map((r) => ({
      ...r,
      revision: Number(r.revision),
      revenueFen: Number(r.revenueFen),
      deductedFen: Number(r.deductedFen),
      netRevenueFen: Number(r.netRevenueFen),
      unitShareFen: Number(r.unitShareFen),
      costsCarriedForwardFen: Number(r.costsCarriedForwardFen),
      unitShareChangeFen: Number(r.unitShareChangeFen),
    }));
    // Each period as it stands now: the report with the figures of its latest entry.
    const reports = entries
      .filter((e) => e.entry === 'report')
      .map((report) => {
        const latest = entries.filter((e) => e.periodStart === report.periodStart).at(-1)!;
        const { deductedFen, netRevenueFen, unitShareFen, costsCarriedForwardFen } = latest;
        return { ...report, deductedFen, netRevenueFen, unitShareFen, costsCarriedForwardFen, corrected: latest !== report };
      })
      .sort((a, b) => (a.periodStart < b.periodStart ? -1 : 1));
    return { contractId: id, totals: present(contract).totals, reports, entries };
  }

  @Post(':id/terms')
  @HttpCode(200)
  @ApiOperation({ summary: 'The TTO amends the terms before signing; earlier signatures are voided' })
  @CommandHeaders()
  amend(
    @UuidParam('id') id: string,
    @Body() body: AmendContractTermsRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    const changes = Object.fromEntries(
      Object.entries({
        rightTransferred: body.rightTransferred,
        unitShareBasisPoints: body.unitShareBasisPoints,
        deductibleCostKinds: body.deductibleCostKinds,
        termYears: body.termYears,
      }).filter(([, v]) => v !== undefined),
    );
    return this.run(id, { type: 'AmendContractTerms', changes }, actor, key, ifMatch);
  }

  @Post(':id/patent-application')
  @HttpCode(200)
  @ApiOperation({ summary: 'An inventor records the patent application' })
  @CommandHeaders()
  filed(
    @UuidParam('id') id: string,
    @Body() body: PatentApplicationRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(
      id,
      { type: 'RecordPatentApplication', applicationNumber: body.applicationNumber, filedOn: body.filedOn },
      actor,
      key,
      ifMatch,
    );
  }

  @Post(':id/grant')
  @HttpCode(200)
  @ApiOperation({ summary: 'An inventor records the grant' })
  @CommandHeaders()
  granted(
    @UuidParam('id') id: string,
    @Body() body: PatentGrantRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(id, { type: 'RecordPatentGrant', patentNumber: body.patentNumber, grantedOn: body.grantedOn }, actor, key, ifMatch);
  }

  @Post(':id/end-of-obligations')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'An inventor asks to end the obligations (rejected application, lapsed patent) with evidence; they end when the TTO signs ' +
      '/sign-offs/abandonment-contract-{id}/obligations-end-confirmation (R3)',
  })
  @CommandHeaders()
  ended(
    @UuidParam('id') id: string,
    @Body() body: ObligationsEndRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    const evidence = { summary: body.evidence.summary, documentSha256: body.evidence.documentSha256 };
    return this.run(id, { type: 'RequestObligationsEnd', cause: body.cause, endsOn: body.endsOn, evidence }, actor, key, ifMatch);
  }

  @Post(':id/fees')
  @HttpCode(200)
  @ApiOperation({ summary: 'An inventor records a patent fee paid, with the receipt’s hash' })
  @CommandHeaders()
  fee(
    @UuidParam('id') id: string,
    @Body() body: FeePaidRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(
      id,
      { type: 'RecordFeePaid', kind: body.kind, amountFen: body.amountFen, paidOn: body.paidOn, evidenceSha256: body.evidenceSha256 },
      actor,
      key,
      ifMatch,
    );
  }

  @Post(':id/revenue-reports')
  @HttpCode(200)
  @ApiOperation({ summary: 'An inventor reports revenue; the unit’s share is computed (R3)' })
  @CommandHeaders()
  revenue(
    @UuidParam('id') id: string,
    @Body() body: RevenueReportRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(
      id,
      { type: 'ReportRevenue', periodStart: body.periodStart, periodEnd: body.periodEnd, revenueFen: body.revenueFen },
      actor,
      key,
      ifMatch,
    );
  }
}
