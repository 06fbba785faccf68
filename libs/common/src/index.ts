export * from './problem-details';
export * from './request-context';
export * from './json-logger';
export * from './configuration';
export * from './actor';
