import type { ProcessManifest } from '@chengguo/manifest';
import { ownershipAgreementCommands, ownershipPilotPolicyCommands } from './commands/ownership-pilot.commands';
import {
  OWNERSHIP_AGREEMENT_STREAM_PREFIX,
  OWNERSHIP_PILOT_POLICY_STREAM_ID,
  OwnershipAgreementProposed,
  ownershipAgreementDecider,
  OWNERSHIP_PILOT_UPCASTERS,
  OwnershipPilotPolicyEvent,
  ownershipPilotPolicyDecider,
} from './domain';
import { ownershipPilotAccess } from './ownership-pilot.access';
import { OwnershipPilotModule } from './ownership-pilot.module';

export * from './domain';
export * from './commands/ownership-pilot.commands';
export * from './ownership-pilot.module';
export * from './ownership-pilot.access';

/**
 * The inventors' ownership pilot (赋权, R11; XZ-16): the unit's pilot switch, and per achievement the
 * agreement giving its inventors part ownership, the whole, or a long-term use right, signed by every
 * party; the register records the grant when the round closes signed (its reaction).
 */
export const ownershipPilotProcess: ProcessManifest = {
  name: 'ownership-pilot',
  access: ownershipPilotAccess,
  module: OwnershipPilotModule,
  commands: [ownershipPilotPolicyCommands, ownershipAgreementCommands],
  upcasters: OWNERSHIP_PILOT_UPCASTERS,
  audit: [
    {
      name: 'ownership-pilot-policy',
      streamPrefix: OWNERSHIP_PILOT_POLICY_STREAM_ID,
      decider: ownershipPilotPolicyDecider,
      citations: { OwnershipPilotPolicyPublished: ['R11'] } satisfies Record<OwnershipPilotPolicyEvent['type'], string[]>,
    },
    {
      name: 'ownership-agreement',
      streamPrefix: OWNERSHIP_AGREEMENT_STREAM_PREFIX,
      decider: ownershipAgreementDecider,
      citations: { OwnershipAgreementProposed: ['R11'] } satisfies Record<OwnershipAgreementProposed['type'], string[]>,
    },
  ],
};
