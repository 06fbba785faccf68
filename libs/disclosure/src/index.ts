import { ReadModelModule } from '@chengguo/read-models';
import { DisclosureRegister1764000000100 } from './queries/disclosure-register/1764000000100-disclosure-register';
import { DisclosureRegisterRow } from './queries/disclosure-register/disclosure-register.entity';

export * from './domain/disclosure.events';
export * from './domain/disclosure.decider';
export * from './disclosure.module';
export { disclosureRegisterProjection } from './queries/disclosure-register/disclosure-register.projection';
export { DisclosureRegisterRow } from './queries/disclosure-register/disclosure-register.entity';
export * from './reactions/disclosure.reactions';
export * from './activities/disclosure-acknowledgement.activities';

export const disclosureReadModels: ReadModelModule = {
  entities: [DisclosureRegisterRow],
  migrations: [DisclosureRegister1764000000100],
};
