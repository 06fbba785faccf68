import { DomainRuleViolation } from '@chengguo/eventstore';

/** Refusals of the disclosure stream; codes are stable and name the rule key where one decides. */
export const DisclosureErrors = {
  alreadySubmitted: () =>
    new DomainRuleViolation('DISCLOSURE_ALREADY_SUBMITTED', 409, 'This disclosure has already been submitted.'),
  notFound: (id: string) => new DomainRuleViolation('DISCLOSURE_NOT_FOUND', 404, `No disclosure ${id} has been submitted.`),
  noInventors: () =>
    new DomainRuleViolation('R1_DISCLOSURE_WITHOUT_INVENTORS', 422, 'A disclosure names at least one inventor (R1).'),
  duplicateInventor: (userId: string) =>
    new DomainRuleViolation('R1_DUPLICATE_INVENTOR', 422, `Inventor ${userId} is listed more than once (R1).`, { userId }),
  sharesNotWhole: (total: number) =>
    new DomainRuleViolation(
      'R1_SHARES_NOT_100_PERCENT',
      422,
      `Contribution shares total ${total} basis points; they must total exactly 10000 (100%) (R1).`,
      { totalBasisPoints: total },
    ),
  submitterNotInventor: (userId: string) =>
    new DomainRuleViolation(
      'R1_SUBMITTER_NOT_INVENTOR',
      422,
      `The submitter ${userId} must be one of the disclosure's inventors (R1).`,
      { userId },
    ),
  alreadyAcknowledged: () =>
    new DomainRuleViolation('DISCLOSURE_ALREADY_ACKNOWLEDGED', 409, 'The TTO has already acknowledged this disclosure.'),
};
