// The public domain entry point of licensing (R5–R8, R15): events, deciders, errors and the
// licence's calendar. Imported as '@chengguo/licensing/domain'.
export * from './licence.decider';
export * from './licence.errors';
export * from './licence.events';
export * from './licence.schedule';
export * from './licensing-policy.decider';
