// The public domain entry point of the ownership pilot (R11): events, deciders and errors, read by
// the register's reaction to a signed agreement. Imported as '@chengguo/ownership-pilot/domain'.
export * from './ownership-agreement.decider';
export * from './ownership-pilot-policy.decider';
export * from './ownership-pilot.errors';
export * from './ownership-pilot.events';
export * from './ownership-pilot.upcasters';
