import { abandonmentContractProcess } from '@chengguo/abandonment-contract';
import { achievementRegisterProcess } from '@chengguo/achievement-register';
import { annualReportProcess } from '@chengguo/annual-report';
import { attachmentProcess } from '@chengguo/attachment';
import { auditProcess, registerAuditedProcess } from '@chengguo/audit';
import { disclosureProcess } from '@chengguo/disclosure';
import { equityInvestmentProcess } from '@chengguo/equity-investment';
import { registerAchievementLink, registerUpcaster } from '@chengguo/eventstore';
import { exemptionProcess } from '@chengguo/exemption';
import { incomeLedgerProcess } from '@chengguo/income-ledger';
import { licensingProcess } from '@chengguo/licensing';
import type { ProcessManifest } from '@chengguo/manifest';
import { ownershipPilotProcess } from '@chengguo/ownership-pilot';
import type { Projection, ProjectionSource, ReadModelModule } from '@chengguo/read-models';
import { rewardsProcess } from '@chengguo/rewards';
import { signOffProcess } from '@chengguo/sign-off';
import { transferPublicityProcess } from '@chengguo/transfer-publicity';

/**
 * Every process of the system, in one list. The API, the worker and the audit CLI loop over it;
 * adding a process is one line here.
 */
export const PROCESSES: readonly ProcessManifest[] = [
  signOffProcess,
  disclosureProcess,
  abandonmentContractProcess,
  transferPublicityProcess,
  exemptionProcess,
  achievementRegisterProcess,
  incomeLedgerProcess,
  rewardsProcess,
  annualReportProcess,
  ownershipPilotProcess,
  equityInvestmentProcess,
  licensingProcess,
  attachmentProcess,
  auditProcess,
];

/** The read-model tables and migrations of every process. */
export const PROCESS_READ_MODELS: ReadModelModule[] = PROCESSES.flatMap((p) => (p.readModels ? [p.readModels] : []));

/** Every process's projections: the list the worker projects and a rebuild replays. */
export const PROCESS_PROJECTIONS: readonly Projection[] = PROCESSES.flatMap((p) => p.projections ?? []);

/**
 * Where a rebuild's second thread loads the same projections and read models (ADR 27): this module,
 * as this process resolved it (built or under a TypeScript loader).
 */
export const PROCESS_PROJECTION_SOURCE: ProjectionSource = {
  module: __filename,
  projections: 'PROCESS_PROJECTIONS',
  readModels: 'PROCESS_READ_MODELS',
};

// Upcasters and audit folds are read by the event-store adapters and the replay wherever events are
// read, so they are registered as soon as the list is loaded, before any store is opened.
for (const process of PROCESSES) {
  for (const upcaster of process.upcasters ?? []) registerUpcaster(upcaster);
  for (const audited of process.audit ?? []) registerAuditedProcess(audited);
  // A declaration's streams share the prefix its stream ids start with (or are one stream, a
  // policy); a declaration writing into other processes' streams (sign-off) has no prefix of its own.
  for (const commands of process.commands ?? []) {
    const prefix = commands.streamId('');
    if (prefix !== '') registerAchievementLink(prefix, commands.achievement);
  }
}

/**
 * Audited processes whose stream ids are `<prefix><achievement id>` (a disclosed achievement keeps
 * its disclosure's id in the register and in its abandonment contract). Workflows started for these
 * streams are labelled with that id (search attribute ChengguoAchievementId).
 */
const NAMED_BY_ACHIEVEMENT = new Set(['disclosure', 'abandonment-contract', 'achievement-register']);
export const STREAMS_NAMED_BY_ACHIEVEMENT: readonly string[] = PROCESSES.flatMap((p) => p.audit ?? [])
  .filter((audited) => NAMED_BY_ACHIEVEMENT.has(audited.name))
  .map((audited) => audited.streamPrefix);
