import type { ProcessManifest } from '@chengguo/manifest';
import { CONCLUDE_CLAIM_WORKFLOW_TYPE } from '../../../workflows/exemption/conclude-claim.contract';
import { exemptionAccess } from './exemption.access';
import { ReadModelModule } from '@chengguo/read-models';
import { createConcludeClaimActivities } from './activities/conclude-claim.activities';
import { EXEMPTION_CLAIM_PREFIX, exemptionClaimDecider } from './domain';
import { ExemptionModule } from './exemption.module';
import { exemptionClaimsProjection } from './queries/exemption-claims/exemption-claims.projection';
import { concludeClaimWhenConfirmationCloses } from './reactions/exemption.reactions';
import { ExemptionClaims1764000000500 } from './queries/exemption-claims/1764000000500-exemption-claims';
import { ExemptionClaimByDecisionMakerRow, ExemptionClaimRow } from './queries/exemption-claims/exemption-claim.entities';
import { exemptionClaimCommands, exemptionListsCommands } from './commands/exemption.commands';

export * from './domain/exemption.events';
export * from './domain/exemption-claim.decider';
export * from './domain/exemption-findings';
export * from './domain/exemption-lists';
export * from './exemption-history.store';
export * from './commands/exemption.commands';
export * from './exemption.module';
export * from './exemption.access';
export { exemptionClaimsProjection } from './queries/exemption-claims/exemption-claims.projection';
export { ExemptionClaimRow, ExemptionClaimByDecisionMakerRow };
export * from './activities/conclude-claim.activities';
export * from './reactions/exemption.reactions';

export const exemptionReadModels: ReadModelModule = {
  entities: [ExemptionClaimRow, ExemptionClaimByDecisionMakerRow],
  migrations: [ExemptionClaims1764000000500],
};

/** Due-diligence exemption claims (R13, R4). */
export const exemptionProcess: ProcessManifest = {
  name: 'exemption-claim',
  commands: [exemptionClaimCommands, exemptionListsCommands],
  access: exemptionAccess,
  module: ExemptionModule,
  readModels: exemptionReadModels,
  projections: [exemptionClaimsProjection],
  reactions: ({ taskQueue }) => [concludeClaimWhenConfirmationCloses(taskQueue)],
  activities: ({ store }) => ({ ...createConcludeClaimActivities(store) }),
  workflows: [CONCLUDE_CLAIM_WORKFLOW_TYPE],
  audit: [
    {
      name: 'exemption-claim',
      streamPrefix: EXEMPTION_CLAIM_PREFIX,
      decider: exemptionClaimDecider,
      citations: {
        ExemptionClaimFiled: ['R13'],
        ExemptionFindingsRecorded: ['R13', 'R4'],
        ExemptionFindingOverridden: ['R13'],
        ExemptionGranted: ['R13'],
        ExemptionDenied: ['R13'],
      },
    },
  ],
};
