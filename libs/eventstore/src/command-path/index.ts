export * from './process-commands';
export * from './run-command';
export * from './http-command';
export * from './command-path.module';
