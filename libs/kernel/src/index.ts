// The kernel every process and workflow may import: no Nest, no pg, no Temporal, no Node built-ins.
export * from './decider';
export * from './canonical-json';
export * from './domain-event';
export * from './money';
export * from './shanghai-time';
export * from './upcaster';
export * from './workflow-id';
