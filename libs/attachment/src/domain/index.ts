// The public domain entry point of the attachment process: events, decider, errors and the allow-list.
// Other processes import these through '@chengguo/attachment/domain', never a file inside.
export * from './attachment-types';
export * from './attachment.decider';
export * from './attachment.errors';
export * from './attachment.events';
