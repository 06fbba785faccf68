// The public domain entry point of the achievement register: events, decider, errors and the pure
// rules other processes call when they decide. Imported as '@chengguo/achievement-register/domain'.
export * from './achievement.decider';
export * from './achievement.errors';
export * from './achievement.events';
export * from './annuities';
export * from './read-access';
