export * from './reaction';
export * from './workflow-dispatcher';
export * from './temporal-connection';
export * from './temporal.module';
export * from './workflow-bundle';
export * from './search-attributes';
