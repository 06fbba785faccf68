// The public domain entry point of this process: events, decider, errors and pure rules. Other
// processes and workflows import these through '@chengguo/audit/domain', never a file inside.
export * from './audit.events';
