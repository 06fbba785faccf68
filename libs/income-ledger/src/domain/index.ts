// The public domain entry point of the income ledger: events, decider, errors and the yearly fold
// the rewards and the annual report read. Imported as '@chengguo/income-ledger/domain'.
export * from './income.decider';
export * from './income.errors';
export * from './income.events';
