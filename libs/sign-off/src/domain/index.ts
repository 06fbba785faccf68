// The public domain entry point of this process: events, decider, errors and pure rules. Other
// processes and workflows import these through '@chengguo/sign-off/domain', never a file inside.
export * from './sign-off.decider';
export * from './sign-off.errors';
export * from './sign-off.events';
export * from './sign-off.upcasters';
