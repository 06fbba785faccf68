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
} from '@chengguo/common';
import { applyDecorators, Body, Controller, Delete, Get, Headers, HttpCode, Param, PipeTransform, Post, Query } from '@nestjs/common';
import { RunCommand } from '@chengguo/eventstore';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { signOffCommands, SignOffCommandInput } from './commands/sign-off.commands';
import { PendingSignOffList, SIGN_OFF_REFUSALS, SignOffRoundView } from './commands/sign-off.responses';
import { AbstainRequest, DelegateRequest, ExtendDeadlineRequest, RejectRequest, SignRequest } from './commands/sign-off.requests';
import { GetSignOffQuery } from './queries/sign-offs/get-sign-off.query';
import { ListPendingSignOffsQuery } from './queries/sign-offs/list-pending-sign-offs.query';
import { SignOffPendingRow } from './queries/sign-offs/sign-off-pending.entity';
import { SignOffRoundRow } from './queries/sign-offs/sign-off-round.entity';

const STREAM_ID = /^[a-z][a-z0-9-]{2,120}$/i;
const SIGN_OFF_ID = /^[a-z][a-z0-9-]{1,60}$/i;

/** Path segments name an existing stream; a malformed one is refused before any read. */
class IdentifierPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly code: string,
    private readonly detail: string,
  ) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !this.pattern.test(value)) throw new ProblemException(422, this.code, this.detail);
    return value;
  }
}

const streamIdPipe = new IdentifierPipe(
  STREAM_ID,
  'STREAM_ID_INVALID',
  'streamId is 3–121 letters, digits or hyphens, starting with a letter.',
);
const signOffIdPipe = new IdentifierPipe(
  SIGN_OFF_ID,
  'SIGN_OFF_ID_INVALID',
  'signOffId is 2–61 letters, digits or hyphens, starting with a letter.',
);

function optionalPartyId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length < 1 || value.length > 200) {
    throw new ProblemException(422, 'VALIDATION_FAILED', 'partyId, when given once, is 1–200 characters.');
  }
  return value;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ProblemException(422, 'VALIDATION_FAILED', `${name} is true or false.`);
}

function OnASignOff(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiParam({
      name: 'streamId',
      description: 'Stream of the owning process, e.g. a contract',
      example: 'abandonment-contract-0b7e3c9a-5f7e-4c51-9a52-1d0c4f1b2a11',
      schema: { type: 'string', pattern: STREAM_ID.source },
    }),
    ApiParam({
      name: 'signOffId',
      description: 'Sign-off within that stream',
      example: 'contract-signature',
      schema: { type: 'string', pattern: SIGN_OFF_ID.source },
    }),
  );
}

/** The headers and answers every command endpoint shares. */
function SignOffCommandEndpoint(summary: string): MethodDecorator & ClassDecorator {
  return applyDecorators(HttpCode(200), ApiOperation({ summary }), OnASignOff(), ApiCommand({ refusals: SIGN_OFF_REFUSALS }));
}

/**
 * The multi-party sign-off, for whichever process owns the stream. Commands append through the
 * sign-off decider; reads come from the sign-off read model (eventually consistent).
 */
@ApiTags('sign-offs')
@Controller('sign-offs')
export class SignOffController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private run(
    streamId: string,
    input: SignOffCommandInput,
    actor: RequestActor,
    idempotencyKey?: string,
    ifMatch?: string,
  ): Promise<CommandAccepted> {
    const context = commandContext(actor, idempotencyKeyOf(idempotencyKey));
    return this.commands.execute(new RunCommand(signOffCommands, streamId, input, context, parseIfMatch(ifMatch)));
  }

  @Get('pending')
  @ReadsProjections('sign-offs')
  @ApiOperation({ summary: 'Sign-offs waiting for the caller: as the named party, a delegate, or a holder of the role' })
  @ApiQuery({ name: 'actionableOnly', required: false, enum: ['true', 'false'], description: 'false also lists turns not yet come' })
  @ApiOkResponse({ type: PendingSignOffList })
  async pending(
    @CurrentActor() actor: RequestActor,
    @Query('actionableOnly') actionableOnly: unknown,
  ): Promise<{ items: SignOffPendingRow[] }> {
    const items = await this.queries.execute(new ListPendingSignOffsQuery(actor, flag('actionableOnly', actionableOnly, true)));
    return { items };
  }

  @Get(':streamId/:signOffId')
  @ReadsProjections('sign-offs')
  @ApiOperation({ summary: "A sign-off's current round: parties, decisions, reminders, escalations (read model)" })
  @OnASignOff()
  @ApiOkResponse({ type: SignOffRoundView })
  @ApiProblems({ 404: ['SIGN_OFF_NOT_FOUND'], 422: ['STREAM_ID_INVALID', 'SIGN_OFF_ID_INVALID'] })
  async get(
    @Param('streamId', streamIdPipe) streamId: string,
    @Param('signOffId', signOffIdPipe) signOffId: string,
    @CurrentActor() actor: RequestActor,
  ): Promise<Omit<SignOffRoundRow, 'revision'> & { revision: number }> {
    // A round the caller may not read answers as one that does not exist (no existence leak).
    const row = await this.queries.execute(new GetSignOffQuery(streamId, signOffId, actor));
    if (!row) throw new ProblemException(404, 'SIGN_OFF_NOT_FOUND', `No sign-off ${signOffId} on ${streamId} (yet).`);
    return { ...row, revision: Number(row.revision) };
  }

  @Post(':streamId/:signOffId/signatures')
  @SignOffCommandEndpoint('Sign the current terms, bound to their hash')
  sign(
    @Param('streamId', streamIdPipe) streamId: string,
    @Param('signOffId', signOffIdPipe) signOffId: string,
    @Body() body: SignRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(
      streamId,
      { type: 'Sign', signOffId, termsHash: body.termsHash, partyId: body.partyId },
      actor,
      idempotencyKey,
      ifMatch,
    );
  }

  @Post(':streamId/:signOffId/rejections')
  @SignOffCommandEndpoint('Reject the terms, with a reason; the round closes as rejected')
  reject(
    @Param('streamId', streamIdPipe) streamId: string,
    @Param('signOffId', signOffIdPipe) signOffId: string,
    @Body() body: RejectRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(streamId, { type: 'Reject', signOffId, reason: body.reason, partyId: body.partyId }, actor, idempotencyKey, ifMatch);
  }

  @Post(':streamId/:signOffId/abstentions')
  @SignOffCommandEndpoint('Abstain (quorum rounds only)')
  abstain(
    @Param('streamId', streamIdPipe) streamId: string,
    @Param('signOffId', signOffIdPipe) signOffId: string,
    @Body() body: AbstainRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(streamId, { type: 'Abstain', signOffId, partyId: body.partyId }, actor, idempotencyKey, ifMatch);
  }

  @Post(':streamId/:signOffId/delegations')
  @SignOffCommandEndpoint('Let another holder of the party role act for the caller in this round')
  delegate(
    @Param('streamId', streamIdPipe) streamId: string,
    @Param('signOffId', signOffIdPipe) signOffId: string,
    @Body() body: DelegateRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(
      streamId,
      { type: 'Delegate', signOffId, toUserId: body.toUserId, partyId: body.partyId },
      actor,
      idempotencyKey,
      ifMatch,
    );
  }

  @Delete(':streamId/:signOffId/delegations')
  @SignOffCommandEndpoint("Revoke the caller's delegation while the delegate has not acted")
  @ApiQuery({ name: 'partyId', required: false, description: 'Party whose delegation to revoke, when the caller delegated several' })
  revokeDelegation(
    @Param('streamId', streamIdPipe) streamId: string,
    @Param('signOffId', signOffIdPipe) signOffId: string,
    @Query('partyId') partyId: unknown,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(streamId, { type: 'RevokeDelegation', signOffId, partyId: optionalPartyId(partyId) }, actor, idempotencyKey, ifMatch);
  }

  @Post(':streamId/:signOffId/extension')
  @SignOffCommandEndpoint('The escalation role extends an expired round once')
  extend(
    @Param('streamId', streamIdPipe) streamId: string,
    @Param('signOffId', signOffIdPipe) signOffId: string,
    @Body() body: ExtendDeadlineRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    // Stored in UTC, like every other instant of the round, whatever offset the caller wrote.
    return this.run(
      streamId,
      { type: 'ExtendDeadline', signOffId, newDeadline: new Date(body.newDeadline).toISOString() },
      actor,
      idempotencyKey,
      ifMatch,
    );
  }

  @Post(':streamId/:signOffId/closure')
  @SignOffCommandEndpoint('The escalation role closes an expired round as expired')
  close(
    @Param('streamId', streamIdPipe) streamId: string,
    @Param('signOffId', signOffIdPipe) signOffId: string,
    @CurrentActor() actor: RequestActor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CommandAccepted> {
    return this.run(streamId, { type: 'CloseAsExpired', signOffId }, actor, idempotencyKey, ifMatch);
  }
}
