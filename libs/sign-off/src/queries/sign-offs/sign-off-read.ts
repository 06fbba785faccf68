import { achievementOfProcessStream, AchievementReadFacts, ReadRecord, readRecordOf } from '@chengguo/achievement-register';
import { SignOffRoundRow } from './sign-off-round.entity';

/** The achievement a round concerns: as its opening named it, else as its stream's id says (rounds opened before they named one). */
export const achievementOfRound = (round: Pick<SignOffRoundRow, 'achievementId' | 'streamId'>): string | null =>
  round.achievementId ?? achievementOfProcessStream(round.streamId);

/**
 * A round as the read policy sees it: a record about the achievement its owning process named, whose
 * parties are the people it names (signers, their delegates, whoever decided) and the roles any of
 * whose holders may act in it (role-only parties, the escalation role).
 */
export function signOffRecord(
  round: Pick<SignOffRoundRow, 'parties' | 'escalationRole'>,
  facts: AchievementReadFacts | undefined,
): ReadRecord {
  const people = round.parties.flatMap((p) => [p.userId, p.delegation?.toUserId, p.decidedBy]).filter((u): u is string => !!u);
  const roles = [...round.parties.filter((p) => p.userId === null).map((p) => p.role), round.escalationRole];
  return readRecordOf('sign_off', facts, { partyUserIds: people, partyRoles: roles });
}

/** R4, R13: a conflicted user acts for no party but one naming them personally (as the sign-off decider rules). */
export function conflictedFor(
  round: Pick<SignOffRoundRow, 'conflictedUserIds'>,
  party: { userId: string | null },
  userId: string,
): boolean {
  return round.conflictedUserIds.includes(userId) && party.userId !== userId;
}
