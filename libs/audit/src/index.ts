import type { ProcessManifest } from '@chengguo/manifest';
import { auditAccess } from './audit.access';
import type { ReadModelModule } from '@chengguo/read-models';
import { AuditModule } from './audit.module';
import { AuditReplaySnapshots1764000000600 } from './replay/1764000000600-audit-replay-snapshots';

export * from './catalogue/audit-catalogue';
export * from './domain/audit.events';
export * from './reads/auditor-reads';
export * from './integrity/merkle';
export * from './integrity/checkpoints';
export * from './integrity/verify';
export * from './integrity/checkpoint-recorder';
export * from './integrity/timestamping';
export * from './integrity/anchoring';
export * from './integrity/witness';
export * from './integrity/snapshot-check';
export * from './integrity/read-model-check';
export * from './replay/replay';
export * from './exports/exports';
export * from './audit.module';
export * from './audit.access';
export * from './audit.controller';
export * from './replay/snapshots';
export { AuditReplaySnapshots1764000000600 };

/** The audit read side's tables in the read-model database (replay snapshots). */
export const auditReadModels: ReadModelModule = { entities: [], migrations: [AuditReplaySnapshots1764000000600] };

/** The auditor's replay, verification and exports over every other process's streams. */
export const auditProcess: ProcessManifest = {
  name: 'audit',
  access: auditAccess,
  module: AuditModule,
  readModels: auditReadModels,
};
