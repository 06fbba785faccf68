import type { ProcessManifest } from '@chengguo/manifest';
import { ReadModelModule } from '@chengguo/read-models';
import { LICENCE_TERM_WORKFLOW_TYPE } from '../../../workflows/licensing/licence-term.contract';
import { createLicenceTermActivities } from './activities/licence-term.activities';
import { licenceCommands, licensingPolicyCommands } from './commands/licensing.commands';
import { LICENCE_STREAM_PREFIX, LicenceOwnEvent, LICENSING_POLICY_STREAM_ID, LicensingPolicyEvent } from './domain/licence.events';
import { licenceDecider } from './domain/licence.decider';
import { licensingPolicyDecider } from './domain/licensing-policy.decider';
import { licensingAccess } from './licensing.access';
import { LicensingModule } from './licensing.module';
import { Licences1764000009500 } from './queries/licences/1764000009500-licences';
import { LicenceRow } from './queries/licences/licence.entity';
import { licencesProjection } from './queries/licences/licences.projection';
import { licensingReactions } from './reactions/licensing.reactions';

export * from './domain';
export * from './commands/licensing.commands';
export * from './licensing.module';
export * from './licensing.access';
export * from './reactions/licensing.reactions';
export * from './activities/licence-term.activities';
export { LicenceRow, licencesProjection };

export const licensingReadModels: ReadModelModule = {
  entities: [LicenceRow],
  migrations: [Licences1764000009500],
};

/** Rule keys each licence event is recorded under in the auditor's timeline. */
const LICENCE_CITATIONS: Record<LicenceOwnEvent['type'], string[]> = {
  LicenceRecorded: ['R5', 'R6', 'R7'],
  LicenceTookEffect: ['R5', 'R8'],
  LicenceMilestoneReached: ['R5'],
  RoyaltyReportRecorded: ['R5'],
  LicencePaymentReceived: ['R8', 'R14'],
  LicencePaymentNotLedgered: ['R14'],
  LicenceObligationOverdue: ['R5'],
  LicenceDefaultUncured: ['R5'],
  LicenceConvertedToPaid: ['R15'],
  LicenceTerminationProposed: ['R5'],
};
const POLICY_CITATIONS: Record<LicensingPolicyEvent['type'], string[]> = { LicensingPolicyPublished: ['R15'] };

/**
 * Licences as their own process (许可, R5–R8, R15): each priced by the transfer case it names, in
 * effect once the case is executed; royalty reports, milestones and payments (entered in the income
 * ledger); a Temporal workflow keeps the due dates, reminders, overdue escalation and cure period;
 * termination by a three-party sign-off; use first, pay later for the classes the unit's policy allows.
 */
export const licensingProcess: ProcessManifest = {
  name: 'licensing',
  access: licensingAccess,
  module: LicensingModule,
  readModels: licensingReadModels,
  projections: [licencesProjection],
  commands: [licensingPolicyCommands, licenceCommands],
  reactions: ({ store, taskQueue }) => licensingReactions(store, taskQueue),
  activities: ({ store, notifier }) => ({ ...createLicenceTermActivities(store, notifier) }),
  workflows: [LICENCE_TERM_WORKFLOW_TYPE],
  audit: [
    { name: 'licensing-policy', streamPrefix: LICENSING_POLICY_STREAM_ID, decider: licensingPolicyDecider, citations: POLICY_CITATIONS },
    { name: 'licence', streamPrefix: LICENCE_STREAM_PREFIX, decider: licenceDecider, citations: LICENCE_CITATIONS },
  ],
};
