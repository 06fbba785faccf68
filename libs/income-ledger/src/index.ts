import type { ProcessManifest } from '@chengguo/manifest';
import { ReadModelModule } from '@chengguo/read-models';
import { incomeLedgerCommands } from './commands/income-ledger.commands';
import { INCOME_STREAM_PREFIX, IncomeEvent, incomeLedgerDecider } from './domain';
import { incomeLedgerAccess } from './income-ledger.access';
import { IncomeLedgerModule } from './income-ledger.module';
import { IncomeLedger1764000009000 } from './queries/income/1764000009000-income-ledger';
import { IncomeLedgerRow } from './queries/income/income-ledger.entity';
import { incomeLedgerProjection } from './queries/income/income-ledger.projection';

export * from './domain';
export * from './commands/income-ledger.commands';
export * from './income-ledger.module';
export * from './income-ledger.access';
export { IncomeLedgerRow } from './queries/income/income-ledger.entity';
export { incomeLedgerProjection } from './queries/income/income-ledger.projection';

export const incomeLedgerReadModels: ReadModelModule = {
  entities: [IncomeLedgerRow],
  migrations: [IncomeLedger1764000009000],
};

/** Rule keys each income event is recorded under in the auditor's timeline. */
const CITATIONS: Record<IncomeEvent['type'], string[]> = {
  IncomeReceived: ['R8', 'R14'],
  DeductibleCostRecorded: ['R8', 'R14'],
  LedgerEntryCorrected: ['R8', 'R14'],
  TechnologyContractRegistrationRecorded: ['R8'],
};

/**
 * The income ledger (R8, R14): per achievement, what the unit received for transforming it and what
 * it may deduct, netted per year of receipt — the base of reward pools and of the annual report.
 */
export const incomeLedgerProcess: ProcessManifest = {
  name: 'income-ledger',
  access: incomeLedgerAccess,
  module: IncomeLedgerModule,
  readModels: incomeLedgerReadModels,
  projections: [incomeLedgerProjection],
  commands: [incomeLedgerCommands],
  audit: [{ name: 'income-ledger', streamPrefix: INCOME_STREAM_PREFIX, decider: incomeLedgerDecider, citations: CITATIONS }],
};
