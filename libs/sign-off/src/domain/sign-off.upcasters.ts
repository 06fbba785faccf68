import { registerUpcaster } from '../../../eventstore/src/upcasters';

/**
 * SignOffRoundOpened v1 → v2. Rounds opened before rule citations were recorded carry no
 * `ruleKeys`; v2 guarantees the array (empty when the round cited nothing), so the decider, the
 * read model and an auditor's replay can rely on it.
 */
export const signOffRoundOpenedV1ToV2 = {
  type: 'SignOffRoundOpened',
  fromVersion: 1,
  upcast: (data: Record<string, unknown>): Record<string, unknown> => ({
    ...data,
    ruleKeys: Array.isArray(data.ruleKeys) ? data.ruleKeys : [],
  }),
};

registerUpcaster(signOffRoundOpenedV1ToV2);
