import type { Upcaster } from '@chengguo/kernel';

/**
 * RewardDistributionComputed v1 → v2. Before R11's revenue split (ADR 24) every distribution was
 * computed on the whole of the achievement's income as the unit's: v1 reads as exactly that.
 */
export const rewardDistributionComputedV1ToV2: Upcaster = {
  type: 'RewardDistributionComputed',
  fromVersion: 1,
  upcast: (data: Record<string, unknown>): Record<string, unknown> => ({
    ...data,
    unitIncome: { shareBasisPoints: 10_000, basis: 'sole', agreementId: null, netIncomeFen: data.netIncomeFen },
  }),
};

/** Every step of the rewards process's own events, in order; the manifest registers them. */
export const REWARDS_UPCASTERS: readonly Upcaster[] = [rewardDistributionComputedV1ToV2];
