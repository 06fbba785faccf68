import { achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import { achievementIdAfterPrefix, NO_ACHIEVEMENT, ProcessCommands } from '@chengguo/eventstore';
import { OwnershipAgreementCommand, ownershipAgreementDecider, OwnershipAgreementState } from '../domain/ownership-agreement.decider';
import {
  OwnershipPilotPolicyCommand,
  ownershipPilotPolicyDecider,
  OwnershipPilotPolicyState,
} from '../domain/ownership-pilot-policy.decider';
import {
  OWNERSHIP_AGREEMENT_SCHEMA_VERSIONS,
  OWNERSHIP_AGREEMENT_STREAM_PREFIX,
  OWNERSHIP_PILOT_POLICY_SCHEMA_VERSIONS,
  OWNERSHIP_PILOT_POLICY_STREAM_ID,
  OwnershipAgreementEvent,
  ownershipAgreementStreamId,
  OwnershipPilotPolicyEvent,
} from '../domain/ownership-pilot.events';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now'> : never;
const actorOf = (context: { actor: { userId: string; role: string } }) => ({ userId: context.actor.userId, role: context.actor.role });

/** Whether the unit is an ownership pilot unit (R11): one stream for every version. */
export const ownershipPilotPolicyCommands: ProcessCommands<
  OwnershipPilotPolicyCommand,
  OwnershipPilotPolicyEvent,
  OwnershipPilotPolicyState,
  WithoutContext<OwnershipPilotPolicyCommand>
> = {
  process: 'ownership-pilot',
  decider: ownershipPilotPolicyDecider,
  schemaVersions: OWNERSHIP_PILOT_POLICY_SCHEMA_VERSIONS,
  streamId: () => OWNERSHIP_PILOT_POLICY_STREAM_ID,
  // The policy is the unit's, about no one achievement.
  achievement: NO_ACHIEVEMENT,
  prepare: (input, context, { now }) => ({ ...input, actor: actorOf(context), now }),
};

/** An ownership agreement as the controller states it: actor, time and the facts are added by `prepare`. */
export type OwnershipAgreementInput = Omit<OwnershipAgreementCommand, 'actor' | 'now' | 'facts'>;

/** Ownership agreements (R11); the key is the achievement id. */
export const ownershipAgreementCommands: ProcessCommands<
  OwnershipAgreementCommand,
  OwnershipAgreementEvent,
  OwnershipAgreementState,
  OwnershipAgreementInput
> = {
  process: 'ownership-pilot',
  decider: ownershipAgreementDecider,
  schemaVersions: OWNERSHIP_AGREEMENT_SCHEMA_VERSIONS,
  streamId: ownershipAgreementStreamId,
  // An agreement is named after its achievement.
  achievement: achievementIdAfterPrefix(OWNERSHIP_AGREEMENT_STREAM_PREFIX),
  async prepare(input, context, { now, load }) {
    // R11, R12: ownership, inventors and the pilot switch are the register's and the policy's facts,
    // read here and expected unchanged on append.
    const register = await load(achievementStreamId(input.achievementId), achievementDecider);
    const policy = await load(OWNERSHIP_PILOT_POLICY_STREAM_ID, ownershipPilotPolicyDecider);
    return { ...input, actor: actorOf(context), now, facts: { register, policy } };
  },
};
