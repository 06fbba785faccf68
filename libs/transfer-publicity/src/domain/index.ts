// The public domain entry point of this process: events, decider, errors and pure rules. Other
// processes and workflows import these through '@chengguo/transfer-publicity/domain', never a file inside.
export * from './publicity-period';
export * from './transfer-case.decider';
export * from './transfer-case.errors';
export * from './transfer-case.events';
export * from './transfer-case.upcasters';
