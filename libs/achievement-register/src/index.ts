import type { ProcessManifest } from '@chengguo/manifest';
import { ReadModelModule } from '@chengguo/read-models';
import type { SignOffEvent } from '@chengguo/sign-off/domain';
import { ANNUITY_WORKFLOW_TYPE } from '../../../workflows/achievement-register/annuity.contract';
import { createAnnuityActivities } from './activities/annuity.activities';
import { achievementRegisterAccess } from './achievement-register.access';
import { AchievementRegisterModule } from './achievement-register.module';
import { ACHIEVEMENT_STREAM_PREFIX, achievementDecider, AchievementEvent } from './domain';
import { AchievementRegister1764000001000 } from './queries/register/1764000001000-achievement-register';
import { LedgerAnnuities1764000004000 } from './queries/register/1764000004000-ledger-annuities';
import { LedgerOrderIndexes1764000009700 } from './queries/register/1764000009700-ledger-order-indexes';
import { AchievementRegisterRow } from './queries/register/achievement-register.entity';
import { achievementRegisterProjection } from './queries/register/achievement-register.projection';
import { achievementRegisterReactions } from './reactions/achievement-register.reactions';
import { achievementRegisterCommands } from './commands/achievement-register.commands';

export * from './domain';
export { AchievementRegisterRow } from './queries/register/achievement-register.entity';
export {
  AchievementLedgerHandler,
  AchievementLedgerQuery,
  GetAchievementHandler,
  GetAchievementQuery,
  LedgerFilter,
} from './queries/register/achievement-register.queries';
export { achievementRegisterProjection } from './queries/register/achievement-register.projection';
export * from './reactions/achievement-register.reactions';
export * from './commands/achievement-register.commands';
export * from './activities/annuity.activities';
export * from './achievement-register.module';
export * from './achievement-register.access';
export * from './queries/read-access/achievement-read-facts';

export const achievementRegisterReadModels: ReadModelModule = {
  entities: [AchievementRegisterRow],
  migrations: [AchievementRegister1764000001000, LedgerAnnuities1764000004000, LedgerOrderIndexes1764000009700],
};

/** Rule keys each register event is recorded under in the auditor's timeline. */
const CITATIONS: Record<Exclude<AchievementEvent['type'], SignOffEvent['type']>, string[]> = {
  AchievementRegistered: ['R12'],
  AchievementParticularsAmended: ['R1', 'R12'],
  AchievementEvaluationStarted: ['R2', 'R12'],
  AchievementFilingDecided: ['R2', 'R3', 'R12'],
  AchievementOwnerChanged: ['R3', 'R5', 'R12'],
  AchievementReclassified: ['R5', 'R12'],
  PatentApplicationRecorded: ['R12'],
  PatentGrantRecorded: ['R12'],
  TransformationCaseOpened: ['R5', 'R12'],
  TransformationCaseClosed: ['R5', 'R12'],
  AchievementWithdrawn: ['R12'],
  RegisterIrregularityNoted: ['R12'],
  AnnuityPaid: ['R12'],
  AnnuityGracePeriodStarted: ['R12'],
  RightLapseProposed: ['R12'],
  RightLapsed: ['R12'],
  AchievementOwnershipGranted: ['R11', 'R12'],
  EquityInvestmentRecorded: ['R5', 'R12'],
  EquityHoldingChanged: ['R5', 'R12'],
  LicenceRegistered: ['R5', 'R12'],
  LicenceStatusChanged: ['R5', 'R12'],
};

/**
 * The achievement register (台账, R12): the stream every other process reads for ownership (R3),
 * classification and transformability (R5) and inventors (R4, R13). Its facts arrive through its
 * reactions to the other processes' events, or from the TTO with evidence; the ledger is its read side.
 */
export const achievementRegisterProcess: ProcessManifest = {
  name: 'achievement-register',
  commands: [achievementRegisterCommands],
  access: achievementRegisterAccess,
  module: AchievementRegisterModule,
  readModels: achievementRegisterReadModels,
  projections: [achievementRegisterProjection],
  reactions: ({ store, taskQueue }) => achievementRegisterReactions(store, taskQueue),
  activities: ({ store, notifier, annuityReminderLeadDays }) => ({ ...createAnnuityActivities(store, notifier, annuityReminderLeadDays) }),
  workflows: [ANNUITY_WORKFLOW_TYPE],
  audit: [{ name: 'achievement-register', streamPrefix: ACHIEVEMENT_STREAM_PREFIX, decider: achievementDecider, citations: CITATIONS }],
};
