// The public domain entry point of this process: events, decider, errors and pure rules. Other
// processes and workflows import these through '@chengguo/abandonment-contract/domain', never a file inside.
export * from './abandonment-contract.decider';
export * from './abandonment-contract.errors';
export * from './abandonment-contract.events';
export * from './revenue-share';
