// The public domain entry point of this process: events, decider, errors and pure rules. Other
// processes and workflows import these through '@chengguo/exemption/domain', never a file inside.
export * from './exemption-claim.decider';
export * from './exemption-findings';
export * from './exemption-lists';
export * from './exemption.errors';
export * from './exemption.events';
