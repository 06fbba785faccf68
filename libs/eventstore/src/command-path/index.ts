export * from './process-commands';
export * from './run-command';
export * from './command-path.module';
