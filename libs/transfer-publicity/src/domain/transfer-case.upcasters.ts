import type { Upcaster } from '@chengguo/kernel';

/**
 * TransferCaseOpened v1 → v2. A v1 case named its achievement by a disclosure id (which is the
 * register's id of that achievement) or by a patent number only, and took its R5 classification
 * from the request; v2 says so instead of pretending the register decided it.
 */
export const transferCaseOpenedV1ToV2: Upcaster = {
  type: 'TransferCaseOpened',
  fromVersion: 1,
  upcast: (data: Record<string, unknown>): Record<string, unknown> => {
    const achievement = data.achievement as { kind?: string; id?: string } | undefined;
    return {
      ...data,
      achievementId: achievement?.kind === 'disclosure' && typeof achievement.id === 'string' ? achievement.id : null,
      classificationSource: 'request',
    };
  },
};

/** Every step of the transfer case's own events, in order; the manifest registers them. */
export const TRANSFER_CASE_UPCASTERS: readonly Upcaster[] = [transferCaseOpenedV1ToV2];
