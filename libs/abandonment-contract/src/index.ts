import type { ProcessManifest } from '@chengguo/manifest';
import { OPEN_CONTRACT_WORKFLOW_TYPE } from '../../../workflows/abandonment-contract/open-contract.contract';
import { abandonmentContractAccess } from './abandonment-contract.access';
import { ReadModelModule } from '@chengguo/read-models';
import { AbandonmentContractModule } from './abandonment-contract.module';
import { createOpenContractActivities } from './activities/open-contract.activities';
import { ABANDONMENT_CONTRACT_PREFIX, abandonmentContractDecider } from './domain';
import { abandonmentContractsProjection } from './queries/contracts/contracts.projection';
import { openContractWhenNotFiling } from './reactions/abandonment-contract.reactions';
import { AbandonmentContracts1764000000300 } from './queries/contracts/1764000000300-abandonment-contracts';
import { RevenueLedgerCorrections1764000000310 } from './queries/contracts/1764000000310-revenue-ledger-corrections';
import { AbandonmentContractRow, ContractRevenueReportRow } from './queries/contracts/contract.entities';
import { abandonmentContractCommands } from './commands/abandonment-contract.commands';

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
  migrations: [AbandonmentContracts1764000000300, RevenueLedgerCorrections1764000000310],
};

/** Patent-abandonment contracts (R3, R4). */
export const abandonmentContractProcess: ProcessManifest = {
  name: 'abandonment-contract',
  commands: [abandonmentContractCommands],
  access: abandonmentContractAccess,
  module: AbandonmentContractModule,
  readModels: abandonmentContractReadModels,
  projections: [abandonmentContractsProjection],
  reactions: ({ taskQueue }) => [openContractWhenNotFiling(taskQueue)],
  activities: ({ store, unitName }) => ({ ...createOpenContractActivities(store, unitName) }),
  workflows: [OPEN_CONTRACT_WORKFLOW_TYPE],
  audit: [
    {
      name: 'abandonment-contract',
      streamPrefix: ABANDONMENT_CONTRACT_PREFIX,
      decider: abandonmentContractDecider,
      citations: {
        AbandonmentContractOpened: ['R3', 'R4'],
        ContractTermsAmended: ['R3'],
        PatentFeePaid: ['R3'],
        RevenueReported: ['R3'],
        RevenueShareCorrected: ['R3'],
        PatentObligationsEnded: ['R3'],
        ObligationsEndRequested: ['R3'],
      },
    },
  ],
};
