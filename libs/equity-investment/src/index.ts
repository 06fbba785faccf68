import type { ProcessManifest } from '@chengguo/manifest';
import { ReadModelModule } from '@chengguo/read-models';
import { equityInvestmentCommands } from './commands/equity-investment.commands';
import { EQUITY_INVESTMENT_STREAM_PREFIX, equityInvestmentDecider, EquityInvestmentEvent } from './domain';
import { equityInvestmentAccess } from './equity-investment.access';
import { EquityInvestmentModule } from './equity-investment.module';
import { EquityInvestments1764000009230 } from './queries/equity-investments/1764000009230-equity-investments';
import { EquityInvestmentRow } from './queries/equity-investments/equity-investment.entity';
import { equityInvestmentsProjection } from './queries/equity-investments/equity-investments.projection';
import { recordEquityIncome } from './reactions/equity-income.reactions';

export * from './domain';
export * from './commands/equity-investment.commands';
export * from './equity-investment.module';
export * from './equity-investment.access';
export { EquityInvestmentRow } from './queries/equity-investments/equity-investment.entity';
export { equityInvestmentsProjection } from './queries/equity-investments/equity-investments.projection';
export { recordEquityIncome } from './reactions/equity-income.reactions';

export const equityInvestmentReadModels: ReadModelModule = {
  entities: [EquityInvestmentRow],
  migrations: [EquityInvestments1764000009230],
};

/** Rule keys each investment event is recorded under in the auditor's timeline. */
const CITATIONS: Record<EquityInvestmentEvent['type'], string[]> = {
  EquityInvestmentOpened: ['R5'],
  EquityInvestmentValued: ['R5', 'R6', 'R7'],
  EquitySharesReceived: ['R5', 'R12'],
  EquityDividendReceived: ['R8', 'R14'],
  EquityHoldingSold: ['R5', 'R8', 'R14'],
};

/**
 * Equity investment (作价投资, R5–R7; XZ-12): an achievement contributed to a company on a transfer
 * case of mode equity_investment, valued at the case's settled price, the holding recorded and what
 * it yields; the register records the investment and holding, the income ledger the yields (reactions).
 */
export const equityInvestmentProcess: ProcessManifest = {
  name: 'equity-investment',
  access: equityInvestmentAccess,
  module: EquityInvestmentModule,
  readModels: equityInvestmentReadModels,
  projections: [equityInvestmentsProjection],
  commands: [equityInvestmentCommands],
  reactions: ({ store }) => [recordEquityIncome(store)],
  audit: [
    { name: 'equity-investment', streamPrefix: EQUITY_INVESTMENT_STREAM_PREFIX, decider: equityInvestmentDecider, citations: CITATIONS },
  ],
};
