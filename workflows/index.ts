// The workflow bundle's entry point: every workflow the worker runs is exported here.
export * from './disclosure/disclosure-acknowledgement.workflow';
export * from './sign-off/sign-off.workflow';
