import { CommandAccepted, ProblemException } from '@chengguo/common';
import { HandledCommand } from '@chengguo/eventstore';
import { DomainRuleViolation, isRuleViolation } from '@chengguo/kernel';
import { SignOffEvent } from '../domain/sign-off.events';

/** The HTTP answer to a handled sign-off command; a refusal becomes problem+json with its code. */
export function acceptedOrProblem(streamId: string, outcome: HandledCommand<SignOffEvent> | DomainRuleViolation): CommandAccepted {
  if (isRuleViolation(outcome)) throw new ProblemException(outcome.status, outcome.code, outcome.detail, outcome.extensions);
  return { streamId, revision: outcome.revision, eventIds: outcome.eventIds };
}
