export * from './process-manifest';
