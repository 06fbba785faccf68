import { ReadModelModule } from '@chengguo/read-models';
import { ExemptionClaims1764000000500 } from './queries/exemption-claims/1764000000500-exemption-claims';
import { ExemptionClaimByDecisionMakerRow, ExemptionClaimRow } from './queries/exemption-claims/exemption-claim.entities';

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
