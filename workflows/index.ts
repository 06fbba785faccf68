// The workflow bundle's entry point: every workflow the worker runs is exported here.
export * from './disclosure/disclosure-deadline.workflow';
export * from './sign-off/sign-off.workflow';
export * from './transfer-publicity/publicity.workflow';
export * from './abandonment-contract/open-contract.workflow';
export * from './exemption/conclude-claim.workflow';
export * from './achievement-register/annuity.workflow';
export * from './rewards/reward-announcement.workflow';
export * from './operations/idempotency-retention.workflow';
export * from './licensing/licence-term.workflow';
