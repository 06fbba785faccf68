// The public domain entry point of the equity investment (作价投资, R5): events, decider and errors,
// read by the register's and the income ledger's reactions. Imported as '@chengguo/equity-investment/domain'.
export * from './equity-investment.decider';
export * from './equity-investment.errors';
export * from './equity-investment.events';
