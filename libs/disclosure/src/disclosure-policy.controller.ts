import { CommandAccepted, commandContext, CurrentActor, idempotencyKeyOf, ProblemException, RequestActor } from '@chengguo/common';
import { EVENT_STORE, EventStore, handleCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { Body, Controller, Get, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublishPolicyRequest } from './commands/disclosure.requests';
import { loadDisclosurePolicies } from './disclosure-policy.store';
import { DEFAULT_DISCLOSURE_POLICY, DISCLOSURE_POLICY_STREAM, disclosurePolicyDecider, policyInEffect } from './domain/disclosure-policy';

/** Versioned policy parameters of the disclosure process: read by anyone, published by admins. */
@ApiTags('policies')
@Controller('policies/disclosure')
export class DisclosurePolicyController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @ApiOperation({ summary: 'Every published version and the one in force now' })
  async list(): Promise<unknown> {
    const versions = await loadDisclosurePolicies(this.store);
    return { inForce: policyInEffect(versions, new Date().toISOString()), versions: [DEFAULT_DISCLOSURE_POLICY, ...versions] };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a new version, effective now or later (the past is never rewritten)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async publish(@Body() body: PublishPolicyRequest, @CurrentActor() actor: RequestActor, @Headers('idempotency-key') key?: string): Promise<CommandAccepted> {
    if (actor.role !== 'admin') throw new ProblemException(403, 'ROLE_NOT_ALLOWED', 'Only an admin publishes policy.');
    const { effectiveFrom, confirmationDays, confirmationReminderDays, acknowledgementDays, evaluationDays, abandonmentUnitShareBasisPoints, contractSigningDays } = body;
    const outcome = await handleCommand(
      this.store,
      DISCLOSURE_POLICY_STREAM,
      disclosurePolicyDecider,
      {
        type: 'PublishDisclosurePolicy',
        effectiveFrom: new Date(effectiveFrom).toISOString(),
        parameters: { confirmationDays, confirmationReminderDays, acknowledgementDays, evaluationDays, abandonmentUnitShareBasisPoints, contractSigningDays },
        publishedBy: actor.userId,
        now: new Date().toISOString(),
      },
      commandContext(actor, idempotencyKeyOf(key)),
      { DisclosurePolicyPublished: 1 },
    );
    if (isRuleViolation(outcome)) throw new ProblemException(outcome.status, outcome.code, outcome.detail, outcome.extensions);
    return { streamId: DISCLOSURE_POLICY_STREAM, revision: outcome.revision, eventIds: outcome.eventIds };
  }
}
