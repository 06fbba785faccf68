import { ApiCommand, CommandAccepted, commandContext, CurrentActor, idempotencyKeyOf, RequestActor } from '@chengguo/common';
import { EVENT_STORE, EventStore, RunCommand } from '@chengguo/eventstore';
import { Body, Controller, Get, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { disclosurePolicyCommands } from './commands/disclosure.commands';
import { PublishPolicyRequest } from './commands/disclosure.requests';
import { DISCLOSURE_POLICY_REFUSALS, DisclosurePoliciesView } from './commands/disclosure.responses';
import { loadDisclosurePolicies } from './disclosure-policy.store';
import { DEFAULT_DISCLOSURE_POLICY, DISCLOSURE_POLICY_STREAM, policyInEffect } from './domain/disclosure-policy';

/** Versioned policy parameters of the disclosure process: read by anyone, published by admins. */
@ApiTags('policies')
@Controller('policies/disclosure')
export class DisclosurePolicyController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every published version and the one in force now' })
  @ApiOkResponse({ type: DisclosurePoliciesView })
  async list(): Promise<unknown> {
    const versions = await loadDisclosurePolicies(this.store);
    return { inForce: policyInEffect(versions, new Date().toISOString()), versions: [DEFAULT_DISCLOSURE_POLICY, ...versions] };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a new version, effective now or later (the past is never rewritten)' })
  @ApiCommand({ ifMatch: false, refusals: DISCLOSURE_POLICY_REFUSALS })
  publish(
    @Body() body: PublishPolicyRequest,
    @CurrentActor() actor: RequestActor,
    @Headers('idempotency-key') key?: string,
  ): Promise<CommandAccepted> {
    const {
      effectiveFrom,
      confirmationDays,
      confirmationReminderDays,
      acknowledgementDays,
      evaluationDays,
      abandonmentUnitShareBasisPoints,
      contractSigningDays,
    } = body;
    const input = {
      type: 'PublishDisclosurePolicy' as const,
      effectiveFrom: new Date(effectiveFrom).toISOString(),
      parameters: {
        confirmationDays,
        confirmationReminderDays,
        acknowledgementDays,
        evaluationDays,
        abandonmentUnitShareBasisPoints,
        contractSigningDays,
      },
    };
    return this.commands.execute(
      new RunCommand(disclosurePolicyCommands, DISCLOSURE_POLICY_STREAM, input, commandContext(actor, idempotencyKeyOf(key))),
    );
  }
}
