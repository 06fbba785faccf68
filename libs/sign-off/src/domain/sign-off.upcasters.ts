import type { Upcaster } from '@chengguo/kernel';

/**
 * SignOffRoundOpened v1 → v2. Rounds opened before rule citations were recorded carry no
 * `ruleKeys`; v2 guarantees the array (empty when the round cited nothing), so the decider, the
 * read model and an auditor's replay can rely on it.
 */
export const signOffRoundOpenedV1ToV2: Upcaster = {
  type: 'SignOffRoundOpened',
  fromVersion: 1,
  upcast: (data: Record<string, unknown>): Record<string, unknown> => ({
    ...data,
    ruleKeys: Array.isArray(data.ruleKeys) ? data.ruleKeys : [],
  }),
};

/** Every step of the sign-off events, in order; the sign-off manifest registers them. */
export const SIGN_OFF_UPCASTERS: readonly Upcaster[] = [signOffRoundOpenedV1ToV2];
