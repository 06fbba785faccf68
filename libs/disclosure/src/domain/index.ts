// The public domain entry point of this process: events, decider, errors and pure rules. Other
// processes and workflows import these through '@chengguo/disclosure/domain', never a file inside.
export * from './disclosure-policy';
export * from './disclosure.decider';
export * from './disclosure.errors';
export * from './disclosure.events';
export * from './disclosure.upcasters';
