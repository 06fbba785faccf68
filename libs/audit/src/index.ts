import './catalogue/registrations';

export * from './catalogue/audit-catalogue';
export * from './domain/audit.events';
export * from './domain/auditor-reads';
export * from './integrity/merkle';
export * from './integrity/checkpoints';
export * from './integrity/verify';
export * from './integrity/checkpoint-recorder';
export * from './replay/replay';
export * from './exports/exports';
export * from './audit.module';
export * from './audit.controller';
