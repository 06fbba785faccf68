import { DomainRuleViolation } from '@chengguo/kernel';

/**
 * Refusals of the sign-off round state machine. The owning process adds its rule key where the
 * sign-off enforces one (R3 contracts, R7 transfer approval, R13 exemption confirmation).
 */
export const SignOffErrors = {
  invalidRound: (detail: string) => new DomainRuleViolation('SIGN_OFF_INVALID_ROUND', 422, detail),
  notFound: (signOffId: string) => new DomainRuleViolation('SIGN_OFF_NOT_FOUND', 404, `No sign-off ${signOffId} is open here.`),
  closed: (outcome: string) =>
    new DomainRuleViolation('SIGN_OFF_ROUND_CLOSED', 409, `This sign-off round is closed (${outcome}).`, { outcome }),
  expired: () =>
    new DomainRuleViolation(
      'SIGN_OFF_ROUND_EXPIRED',
      409,
      'The deadline passed; the round waits for the escalation role to extend it or close it.',
    ),
  staleTerms: (currentTermsHash: string) =>
    new DomainRuleViolation('SIGN_OFF_STALE_TERMS', 409, 'The terms changed; review the current terms and sign their hash.', {
      currentTermsHash,
    }),
  notAParty: (userId: string) =>
    new DomainRuleViolation('SIGN_OFF_NOT_A_PARTY', 403, `${userId} is not a party to this sign-off and holds no delegation.`),
  conflictOfInterest: (userId: string, partyId: string) =>
    new DomainRuleViolation(
      'R4_CONFLICT_OF_INTEREST',
      403,
      `${userId} has an interest in what this round decides and may not act, or be delegated to act, for ${partyId} (R4, R13).`,
      { conflictedUserId: userId, partyId },
    ),
  ambiguousParty: (partyIds: string[]) =>
    new DomainRuleViolation('SIGN_OFF_PARTY_AMBIGUOUS', 422, 'You can act for several parties; name one with partyId.', {
      partyIds,
    }),
  alreadyDecided: (decision: string) =>
    new DomainRuleViolation('SIGN_OFF_ALREADY_DECIDED', 409, `This party has already decided (${decision}).`, { decision }),
  outOfSequence: (waitingFor: string) =>
    new DomainRuleViolation('SIGN_OFF_OUT_OF_SEQUENCE', 409, `This sign-off runs in sequence; ${waitingFor} signs first.`, {
      waitingFor,
    }),
  abstainNotAllowed: () => new DomainRuleViolation('SIGN_OFF_ABSTAIN_NOT_ALLOWED', 422, 'Only a quorum sign-off lets a party abstain.'),
  reasonRequired: () => new DomainRuleViolation('SIGN_OFF_REASON_REQUIRED', 422, 'A rejection states its reason.'),
  delegateToSelf: () => new DomainRuleViolation('SIGN_OFF_DELEGATION_INVALID', 422, 'Delegate to another user.'),
  delegationExists: (toUserId: string) =>
    new DomainRuleViolation('SIGN_OFF_DELEGATION_EXISTS', 409, `This party has already delegated to ${toUserId}; revoke it first.`),
  noDelegation: () => new DomainRuleViolation('SIGN_OFF_NO_DELEGATION', 409, 'There is no delegation of yours to revoke.'),
  delegationUsed: () =>
    new DomainRuleViolation('SIGN_OFF_DELEGATION_USED', 409, 'The delegate has already acted; the delegation can no longer be revoked.'),
  notEscalationRole: (role: string) =>
    new DomainRuleViolation('SIGN_OFF_NOT_ESCALATION_ROLE', 403, `Only the escalation role (${role}) decides an expired round.`),
  notEscalated: () => new DomainRuleViolation('SIGN_OFF_NOT_EXPIRED', 409, 'The round has not expired; there is nothing to decide.'),
  alreadyExtended: () => new DomainRuleViolation('SIGN_OFF_ALREADY_EXTENDED', 409, 'The deadline of a round can be extended once.'),
  deadlineInPast: () => new DomainRuleViolation('SIGN_OFF_DEADLINE_IN_PAST', 422, 'The new deadline must lie in the future.'),
};
