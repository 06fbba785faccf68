import { CommandContext, EVENT_STORE, EventStore, handleCommand, isRuleViolation } from '@chengguo/eventstore';
import { ProblemException } from '@chengguo/common';
import { Inject, Injectable } from '@nestjs/common';
import { DisclosureCommand, disclosureDecider } from '../domain/disclosure.decider';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureStreamId } from '../domain/disclosure.events';
import { CommandAccepted } from './command-accepted';

/** Load → decide → append for the disclosure stream, with rule violations as problem+json. */
@Injectable()
export class DisclosureCommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async run(disclosureId: string, command: DisclosureCommand, context: CommandContext, expectedRevision?: number): Promise<CommandAccepted> {
    const streamId = disclosureStreamId(disclosureId);
    const outcome = await handleCommand(this.store, streamId, disclosureDecider, command, context, DISCLOSURE_SCHEMA_VERSIONS, expectedRevision);
    if (isRuleViolation(outcome)) {
      throw new ProblemException(outcome.status, outcome.code, outcome.detail, outcome.extensions);
    }
    return { streamId, revision: outcome.revision, eventIds: outcome.eventIds };
  }
}
