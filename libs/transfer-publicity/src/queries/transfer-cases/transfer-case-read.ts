import { AchievementReadFacts, ReadRecord, readRecordOf } from '@chengguo/achievement-register';
import type { AchievementRef } from '../../domain/transfer-case.events';

/** The register's achievement a case or notice concerns; a v1 case on a patent number names none. */
export const registerAchievementOf = (row: { achievementKind: AchievementRef['kind']; achievementId: string }): string | null =>
  row.achievementKind === 'patent' ? null : row.achievementId;

/**
 * A case as the read policy sees it: a record about its achievement, whose party is the officer who
 * prepared it. A v1 case on a patent number has no register classification; one that needed R5
 * filing is read as the highest level it may have had (a state secret), never as unit-internal.
 */
export function transferCaseRecord(
  row: { openedBy: string; supervisoryFilingRequired: boolean },
  facts: AchievementReadFacts | undefined,
): ReadRecord {
  return readRecordOf('transfer_case', facts, {
    partyUserIds: [row.openedBy],
    classification: row.supervisoryFilingRequired
      ? { confidentiality: 'state_secret', nationalSecurity: false, keyCoreTechnology: false }
      : null,
  });
}
