import { ReadModelModule } from '@chengguo/read-models';
import { AbandonmentContracts1764000000300 } from './queries/contracts/1764000000300-abandonment-contracts';
import { AbandonmentContractRow, ContractRevenueReportRow } from './queries/contracts/contract.entities';

export * from './domain/abandonment-contract.events';
export * from './domain/abandonment-contract.decider';
export * from './domain/revenue-share';
export * from './commands/abandonment-contract.commands';
export * from './abandonment-contract.module';
export * from './abandonment-contract.access';
export { abandonmentContractsProjection } from './queries/contracts/contracts.projection';
export * from './activities/open-contract.activities';
export * from './reactions/abandonment-contract.reactions';

export const abandonmentContractReadModels: ReadModelModule = {
  entities: [AbandonmentContractRow, ContractRevenueReportRow],
  migrations: [AbandonmentContracts1764000000300],
};
