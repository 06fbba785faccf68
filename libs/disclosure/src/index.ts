import { ReadModelModule } from '@chengguo/read-models';
import { DisclosureRegister1764000000100 } from './queries/disclosures/1764000000100-disclosure-register';
import { Disclosures1764000000110 } from './queries/disclosures/1764000000110-disclosures';
import { DisclosureRow } from './queries/disclosures/disclosure.entity';

export * from './domain/disclosure.events';
export * from './domain/disclosure.decider';
export * from './domain/disclosure-policy';
export * from './disclosure-policy.store';
export * from './commands/disclosure.commands';
export * from './disclosure.module';
export * from './disclosure.access';
export { disclosuresProjection } from './queries/disclosures/disclosures.projection';
export { DisclosureRow } from './queries/disclosures/disclosure.entity';
export * from './reactions/disclosure.reactions';
export * from './activities/disclosure-deadline.activities';

export const disclosureReadModels: ReadModelModule = {
  entities: [DisclosureRow],
  migrations: [DisclosureRegister1764000000100, Disclosures1764000000110],
};
