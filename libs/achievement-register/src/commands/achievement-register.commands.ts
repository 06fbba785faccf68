import { achievementIdAfterPrefix, ProcessCommands } from '@chengguo/eventstore';
import { AchievementCommand, achievementDecider, AchievementState } from '../domain/achievement.decider';
import {
  ACHIEVEMENT_SCHEMA_VERSIONS,
  ACHIEVEMENT_STREAM_PREFIX,
  AchievementEvent,
  achievementStreamId,
  Evidence,
} from '../domain/achievement.events';

type Tto = Extract<
  AchievementCommand,
  { type: 'RegisterExistingAchievement' | 'Reclassify' | 'RecordAnnuityPayment' | 'ProposeLettingRightLapse' }
>;
type FromTto = Extract<AchievementCommand, { type: 'RecordPatentApplication' | 'RecordPatentGrant' | 'RecordWithdrawn' }>;
type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now'> : never;
type WithoutOrigin<C> = C extends unknown ? Omit<C, 'now' | 'from'> & { evidence: Evidence } : never;

/**
 * A register command as the TTO states it over HTTP. Actor and time are added by `prepare`; the
 * commands a process may also send carry their origin (`from`), which for HTTP is always the TTO
 * with its evidence — a process fact enters only through a reaction citing its event (ADR 12).
 */
export type AchievementCommandInput = WithoutContext<Tto> | WithoutOrigin<FromTto>;

/** The TTO's register commands (R12): the key is the achievement id. */
export const achievementRegisterCommands: ProcessCommands<AchievementCommand, AchievementEvent, AchievementState, AchievementCommandInput> =
  {
    process: 'achievement-register',
    decider: achievementDecider,
    schemaVersions: ACHIEVEMENT_SCHEMA_VERSIONS,
    streamId: achievementStreamId,
    achievement: achievementIdAfterPrefix(ACHIEVEMENT_STREAM_PREFIX),
    prepare(input, context, { now }) {
      // Only who and in which role: the event records the user id, the decider checks the role.
      const actor = { userId: context.actor.userId, role: context.actor.role };
      switch (input.type) {
        case 'RegisterExistingAchievement':
        case 'Reclassify':
        case 'RecordAnnuityPayment':
        case 'ProposeLettingRightLapse':
          return { ...input, actor, now };
        case 'RecordPatentApplication':
        case 'RecordPatentGrant':
        case 'RecordWithdrawn': {
          const { evidence, ...rest } = input;
          return { ...rest, now, from: { kind: 'tto', actor, evidence } } as AchievementCommand;
        }
      }
    },
  };
