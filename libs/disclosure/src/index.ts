import type { ProcessManifest } from '@chengguo/manifest';
import { DISCLOSURE_DEADLINE_WORKFLOW_TYPE } from '../../../workflows/disclosure/disclosure-deadline.contract';
import { disclosureAccess } from './disclosure.access';
import { ReadModelModule } from '@chengguo/read-models';
import { createDisclosureDeadlineActivities } from './activities/disclosure-deadline.activities';
import { DisclosureModule } from './disclosure.module';
import { DISCLOSURE_STREAM_PREFIX, DISCLOSURE_UPCASTERS, disclosureDecider } from './domain';
import { disclosuresProjection } from './queries/disclosures/disclosures.projection';
import { signalDisclosureDeadlinesMet, startAcknowledgementDeadline, startEvaluationDeadline } from './reactions/disclosure.reactions';
import { DisclosureRegister1764000000100 } from './queries/disclosures/1764000000100-disclosure-register';
import { Disclosures1764000000110 } from './queries/disclosures/1764000000110-disclosures';
import { DisclosureAttachmentsIndex1764000002000 } from './queries/disclosures/1764000002000-disclosure-attachments-index';
import { DisclosureDecisionEventId1764000008000 } from './queries/disclosures/1764000008000-disclosure-decision-event-id';
import { DisclosureRow } from './queries/disclosures/disclosure.entity';
import { disclosureCommands, disclosurePolicyCommands } from './commands/disclosure.commands';

export * from './domain/disclosure.events';
export * from './domain/disclosure.upcasters';
export * from './domain/disclosure.decider';
export * from './domain/disclosure-policy';
export * from './disclosure-policy.store';
export * from './commands/disclosure.commands';
export * from './disclosure.module';
export * from './disclosure.access';
export { disclosuresProjection } from './queries/disclosures/disclosures.projection';
export { DisclosureRow } from './queries/disclosures/disclosure.entity';
export { DisclosureAttachmentQuery } from './queries/disclosures/disclosure.queries';
export * from './reactions/disclosure.reactions';
export * from './activities/disclosure-deadline.activities';

export const disclosureReadModels: ReadModelModule = {
  entities: [DisclosureRow],
  migrations: [
    DisclosureRegister1764000000100,
    Disclosures1764000000110,
    DisclosureAttachmentsIndex1764000002000,
    DisclosureDecisionEventId1764000008000,
  ],
};

/** The disclosure process (R1, R2): everything it contributes to the API, the worker and the audit. */
export const disclosureProcess: ProcessManifest = {
  name: 'disclosure',
  commands: [disclosureCommands, disclosurePolicyCommands],
  access: disclosureAccess,
  module: DisclosureModule,
  readModels: disclosureReadModels,
  projections: [disclosuresProjection],
  reactions: ({ taskQueue, store }) => [
    startAcknowledgementDeadline(taskQueue, store),
    startEvaluationDeadline(taskQueue),
    signalDisclosureDeadlinesMet,
  ],
  activities: ({ store, notifier }) => ({ ...createDisclosureDeadlineActivities(store, notifier) }),
  workflows: [DISCLOSURE_DEADLINE_WORKFLOW_TYPE],
  upcasters: DISCLOSURE_UPCASTERS,
  audit: [
    {
      name: 'disclosure',
      streamPrefix: DISCLOSURE_STREAM_PREFIX,
      decider: disclosureDecider,
      citations: {
        DisclosureDrafted: ['R1'],
        DisclosureSubmitted: ['R1'],
        DisclosureAmended: ['R1'],
        DisclosureAcknowledged: ['R1'],
        DisclosureDeadlineMissed: ['R1'],
        EvaluatorAssigned: ['R2'],
        EvaluationRecorded: ['R2'],
        DisclosureDecided: ['R2', 'R3', 'R12'],
      },
    },
  ],
};
