import type { ProcessManifest } from '@chengguo/manifest';
import { SIGN_OFF_WORKFLOW_TYPE } from '../../../workflows/sign-off/sign-off.contract';
import { signOffAccess } from './sign-off.access';
import { ReadModelModule } from '@chengguo/read-models';
import { createSignOffActivities } from './activities/sign-off.activities';
import { SIGN_OFF_UPCASTERS } from './domain/sign-off.upcasters';
import { signOffProjection } from './queries/sign-offs/sign-offs.projection';
import { forwardSignOffEvents } from './reactions/sign-off.reactions';
import { SignOffModule } from './sign-off.module';
import { SignOffs1764000000200 } from './queries/sign-offs/1764000000200-sign-offs';
import { SignOffReadFacts1764000003000 } from './queries/sign-offs/1764000003000-sign-off-read-facts';
import { SignOffPendingRow } from './queries/sign-offs/sign-off-pending.entity';
import { SignOffRoundRow } from './queries/sign-offs/sign-off-round.entity';
import { signOffCommands } from './commands/sign-off.commands';

export * from './domain/sign-off.events';
export * from './domain/sign-off.upcasters';
export * from './domain/sign-off.decider';

export * from './sign-off-stream';
export * from './commands/sign-off.commands';
export * from './activities/sign-off.activities';
export * from './reactions/sign-off.reactions';
export * from './sign-off.module';
export * from './sign-off.access';
export { signOffProjection } from './queries/sign-offs/sign-offs.projection';
export * from './queries/sign-offs/sign-off-round.entity';
export * from './queries/sign-offs/sign-off-pending.entity';

export const signOffReadModels: ReadModelModule = {
  entities: [SignOffRoundRow, SignOffPendingRow],
  migrations: [SignOffs1764000000200, SignOffReadFacts1764000003000],
};

/**
 * The multi-party sign-off, reused by every process: rounds live in the owning process's stream,
 * so the audit folds them for every stream (no stream prefix of its own).
 */
export const signOffProcess: ProcessManifest = {
  name: 'sign-off',
  commands: [signOffCommands],
  access: signOffAccess,
  module: SignOffModule,
  readModels: signOffReadModels,
  projections: [signOffProjection],
  reactions: ({ taskQueue }) => [forwardSignOffEvents(taskQueue)],
  activities: ({ store, notifier }) => ({ ...createSignOffActivities(store, notifier) }),
  workflows: [SIGN_OFF_WORKFLOW_TYPE],
  upcasters: SIGN_OFF_UPCASTERS,
};
