import { achievementDecider, achievementStreamId, initialAchievementState } from '@chengguo/achievement-register/domain';
import { AchievementLink, NO_ACHIEVEMENT, ProcessCommands } from '@chengguo/eventstore';
import { transferCaseDecider, transferCaseStreamId } from '@chengguo/transfer-publicity/domain';
import { LicenceCommand, licenceDecider, LicenceState } from '../domain/licence.decider';
import {
  LICENCE_SCHEMA_VERSIONS,
  LicenceEvent,
  licenceStreamId,
  LICENSING_POLICY_SCHEMA_VERSIONS,
  LICENSING_POLICY_STREAM_ID,
  LicensingPolicyEvent,
} from '../domain/licence.events';
import { LicensingPolicyCommand, licensingPolicyDecider, LicensingPolicyState } from '../domain/licensing-policy.decider';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now' | 'facts'> : never;
const actorOf = (context: { actor: { userId: string; role: string } }) => ({ userId: context.actor.userId, role: context.actor.role });

/** The unit's licensing policy (R15): one stream for every version. */
export const licensingPolicyCommands: ProcessCommands<
  LicensingPolicyCommand,
  LicensingPolicyEvent,
  LicensingPolicyState,
  WithoutContext<LicensingPolicyCommand>
> = {
  process: 'licensing',
  decider: licensingPolicyDecider,
  schemaVersions: LICENSING_POLICY_SCHEMA_VERSIONS,
  streamId: () => LICENSING_POLICY_STREAM_ID,
  // The policy is the unit's, about no one achievement.
  achievement: NO_ACHIEVEMENT,
  prepare: (input, context, { now }) => ({ ...input, actor: actorOf(context), now }),
};

/** A licence concerns the achievement its recording names (`LicenceRecorded.achievementId`, the case's). */
export const licenceAchievement: AchievementLink = {
  achievementOf(_streamId, opening) {
    const id = (opening?.data as { achievementId?: unknown } | undefined)?.achievementId;
    return typeof id === 'string' && id !== '' ? id : null;
  },
};

/** A licence command as the controller, a reaction or an activity states it: actor, time and facts are added by `prepare`. */
export type LicenceCommandInput = WithoutContext<LicenceCommand>;

/** Every command on a licence stream; the key is the licence id (= the id of the case that priced it). */
export const licenceCommands: ProcessCommands<LicenceCommand, LicenceEvent, LicenceState, LicenceCommandInput> = {
  process: 'licensing',
  decider: licenceDecider,
  schemaVersions: LICENCE_SCHEMA_VERSIONS,
  streamId: licenceStreamId,
  achievement: licenceAchievement,
  async prepare(input, context, { now, load, streamId }) {
    const actor = actorOf(context);
    switch (input.type) {
      case 'RecordLicence': {
        // R5–R7, R12, R15: the case, the register and the policy decide; none is taken from the request,
        // and their revisions read here are expected unchanged on append.
        const transferCase = await load(transferCaseStreamId(input.licenceId), transferCaseDecider);
        const register =
          transferCase.exists && transferCase.achievementId
            ? await load(achievementStreamId(transferCase.achievementId), achievementDecider)
            : initialAchievementState;
        const policy = await load(LICENSING_POLICY_STREAM_ID, licensingPolicyDecider);
        return { ...input, actor, now, facts: { transferCase, register, policy } };
      }
      case 'TakeEffect': {
        // R5, R8: only the case's own stream says it was executed.
        const transferCase = await load(transferCaseStreamId(input.licenceId), transferCaseDecider);
        return { ...input, now, facts: { transferCase } };
      }
      case 'ProposeTermination': {
        // R4, R13: the achievement's inventors, as the register lists them, are conflicted in the round.
        const licence = await load(streamId, licenceDecider);
        const register = licence.achievementId
          ? await load(achievementStreamId(licence.achievementId), achievementDecider)
          : initialAchievementState;
        return { ...input, actor, now, facts: { register } };
      }
      default:
        return { ...input, actor, now } as LicenceCommand;
    }
  },
};
