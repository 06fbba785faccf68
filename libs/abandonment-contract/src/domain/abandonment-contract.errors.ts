import { DomainRuleViolation } from '@chengguo/kernel';

export const ContractErrors = {
  notFound: () => new DomainRuleViolation('CONTRACT_NOT_FOUND', 404, 'No abandonment contract for this disclosure.'),
  openedFromOtherDecision: () =>
    new DomainRuleViolation('CONTRACT_ALREADY_OPEN', 409, 'A contract for this disclosure already rests on another decision.'),
  roleNotAllowed: (roles: string[]) => new DomainRuleViolation('ROLE_NOT_ALLOWED', 403, `Only ${roles.join(' or ')} may do this.`),
  notAnInventor: (userId: string) =>
    new DomainRuleViolation('R3_NOT_A_CONTRACT_INVENTOR', 403, `${userId} is not one of the contract's inventors (R3).`),
  shareOutOfRange: () => new DomainRuleViolation('R3_UNIT_SHARE_OUT_OF_RANGE', 422, 'The unit share is 0–10000 basis points (R3).'),
  termOutOfRange: () => new DomainRuleViolation('R3_TERM_OUT_OF_RANGE', 422, 'The term is 1–50 years.'),
  alreadyExecuted: () => new DomainRuleViolation('CONTRACT_ALREADY_EXECUTED', 409, 'The contract is signed; its terms no longer change.'),
  notExecuted: () =>
    new DomainRuleViolation('R3_CONTRACT_NOT_EXECUTED', 409, 'Only an executed contract records filing, fees and revenue (R3).'),
  obligationsEnded: (endedOn: string) =>
    new DomainRuleViolation(
      'R3_OBLIGATIONS_ENDED',
      409,
      `The obligations ended on ${endedOn} (R3); only revenue and fees up to that date are still recorded.`,
      { endedOn },
    ),
  endEvidenceRequired: () =>
    new DomainRuleViolation(
      'R3_END_OF_OBLIGATIONS_EVIDENCE_REQUIRED',
      422,
      'Ending the obligations needs a summary and the SHA-256 of at least one document (R3).',
    ),
  endDateInvalid: (detail: string) => new DomainRuleViolation('R3_END_OF_OBLIGATIONS_DATE_INVALID', 422, `${detail} (R3).`),
  notFiled: () => new DomainRuleViolation('CONTRACT_APPLICATION_NOT_FILED', 409, 'Record the patent application first.'),
  alreadyFiled: () => new DomainRuleViolation('CONTRACT_APPLICATION_ALREADY_FILED', 409, 'The application is already on record.'),
  alreadyGranted: () => new DomainRuleViolation('CONTRACT_ALREADY_GRANTED', 409, 'The grant is already on record.'),
  notGranted: () => new DomainRuleViolation('CONTRACT_NOT_GRANTED', 409, 'Only a granted patent lapses.'),
  badAmount: () => new DomainRuleViolation('MONEY_NOT_WHOLE_FEN', 422, 'Amounts are non-negative whole fen.'),
  badPeriod: () => new DomainRuleViolation('R3_REVENUE_PERIOD_INVALID', 422, 'A revenue period ends on or after it starts.'),
  periodOverlaps: (reported: { periodStart: string; periodEnd: string }) =>
    new DomainRuleViolation(
      'R3_REVENUE_PERIOD_OVERLAPS',
      409,
      `Revenue for ${reported.periodStart}–${reported.periodEnd} is already reported (R3).`,
      { reportedPeriod: { periodStart: reported.periodStart, periodEnd: reported.periodEnd } },
    ),
};
