import { registerUpcaster } from '@chengguo/eventstore';
import { ReadModelModule } from '@chengguo/read-models';
import { SIGN_OFF_UPCASTERS } from './domain/sign-off.upcasters';
import { SignOffs1764000000200 } from './queries/sign-offs/1764000000200-sign-offs';
import { SignOffPendingRow } from './queries/sign-offs/sign-off-pending.entity';
import { SignOffRoundRow } from './queries/sign-offs/sign-off-round.entity';

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
  migrations: [SignOffs1764000000200],
};

for (const upcaster of SIGN_OFF_UPCASTERS) registerUpcaster(upcaster);
