// The public domain entry point of rewards (R8–R10): the reward scheme, the principal-leader roster
// and reward distributions. Imported as '@chengguo/rewards/domain'.
export * from './leader-roster.decider';
export * from './leader-roster.events';
export * from './reward-distribution.decider';
export * from './reward-distribution.events';
export * from './reward-distribution.upcasters';
export * from './reward-scheme.decider';
export * from './reward-scheme.events';
export * from './rewards.errors';
export * from './statutory-defaults';
