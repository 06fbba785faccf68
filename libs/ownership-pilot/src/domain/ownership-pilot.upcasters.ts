import type { Upcaster } from '@chengguo/kernel';

/**
 * OwnershipAgreementProposed v1 → v2. A v1 co-ownership agreement fixed the revenue shares in words
 * only: its grant reads with `revenueSplit: null`, so nothing pretends the parties signed a number
 * they never saw (the register then shares income by the ownership shares, ADR 24).
 */
export const ownershipAgreementProposedV1ToV2: Upcaster = {
  type: 'OwnershipAgreementProposed',
  fromVersion: 1,
  upcast: (data: Record<string, unknown>): Record<string, unknown> => {
    const grant = data.grant as { kind?: string } | undefined;
    return grant?.kind === 'co_owned' ? { ...data, grant: { revenueSplit: null, ...grant } } : data;
  },
};

/** Every step of the ownership pilot's own events, in order; the manifest registers them. */
export const OWNERSHIP_PILOT_UPCASTERS: readonly Upcaster[] = [ownershipAgreementProposedV1ToV2];
