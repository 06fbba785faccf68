import { DomainRuleViolation } from '@chengguo/kernel';

/** Refusals of the disclosure stream; stable codes naming the rule key where one decides. */
export const DisclosureErrors = {
  alreadyExists: () => new DomainRuleViolation('DISCLOSURE_ALREADY_EXISTS', 409, 'A disclosure with this id already exists.'),
  notFound: (id: string) => new DomainRuleViolation('DISCLOSURE_NOT_FOUND', 404, `No disclosure ${id}.`),
  notYours: () => new DomainRuleViolation('DISCLOSURE_NOT_YOURS', 403, 'Only the inventor who drafted this disclosure may do this.'),
  roleNotAllowed: (roles: string[]) =>
    new DomainRuleViolation('ROLE_NOT_ALLOWED', 403, `Only ${roles.join(' or ')} may do this.`, { allowedRoles: roles }),
  wrongStatus: (status: string, action: string) =>
    new DomainRuleViolation('DISCLOSURE_WRONG_STATUS', 409, `A disclosure that is ${status.replace(/_/g, ' ')} cannot be ${action}.`, {
      currentStatus: status,
    }),
  noInventors: () => new DomainRuleViolation('R1_DISCLOSURE_WITHOUT_INVENTORS', 422, 'A disclosure names at least one inventor (R1).'),
  duplicateInventor: (userId: string) =>
    new DomainRuleViolation('R1_DUPLICATE_INVENTOR', 422, `Inventor ${userId} is listed more than once (R1).`, { userId }),
  sharesNotWhole: (total: number) =>
    new DomainRuleViolation(
      'R1_SHARES_NOT_100_PERCENT',
      422,
      `Contribution shares total ${total} basis points; they must total exactly 10000 (100%) (R1).`,
      { totalBasisPoints: total },
    ),
  /** A value refusal (422); R1_NOT_AN_INVENTOR is the party refusal (403): one code, one status. */
  notAnInventor: (userId: string) =>
    new DomainRuleViolation('R1_SUBMITTER_NOT_AN_INVENTOR', 422, `${userId} must be one of the disclosure's inventors (R1).`, { userId }),
  projectNumberMissing: () =>
    new DomainRuleViolation('R1_FISCAL_FUNDING_NEEDS_PROJECT_NUMBER', 422, 'Fiscally funded work names its project number (R1).'),
  conceptionInFuture: () => new DomainRuleViolation('R1_CONCEPTION_DATE_IN_FUTURE', 422, 'The conception date cannot lie in the future.'),
  duplicateAttachment: (name: string) =>
    new DomainRuleViolation('DISCLOSURE_DUPLICATE_ATTACHMENT', 422, `Attachment ${name} is listed twice.`, { name }),
  /** Unknown and someone else's look the same: the refusal reveals no one else's files. */
  attachmentNotOnRecord: (sha256: string) =>
    new DomainRuleViolation(
      'DISCLOSURE_ATTACHMENT_NOT_UPLOADED',
      422,
      `Attachment ${sha256} is not among the files you uploaded; upload it first (POST /attachments).`,
      { sha256 },
    ),
  attachmentDiffersFromRecord: (sha256: string) =>
    new DomainRuleViolation(
      'DISCLOSURE_ATTACHMENT_DIFFERS_FROM_RECORD',
      422,
      `Attachment ${sha256} is listed with a size or type other than the one recorded when it was uploaded.`,
      { sha256 },
    ),
  notAnInventorOfThis: (userId: string) =>
    new DomainRuleViolation('R1_NOT_AN_INVENTOR', 403, `${userId} is not an inventor of this disclosure.`, { userId }),
  noOpenClarification: () => new DomainRuleViolation('DISCLOSURE_NO_OPEN_CLARIFICATION', 409, 'No clarification is awaiting an answer.'),
  notTheEvaluator: (evaluatorId: string) =>
    new DomainRuleViolation(
      'R2_NOT_THE_ASSIGNED_EVALUATOR',
      403,
      `Only the assigned evaluator (${evaluatorId}) records the evaluation (R2).`,
    ),
  /** Who may act (403): an inventor is on the other side of every unit-side step on their own disclosure. */
  conflictOfInterest: (userId: string, act: string) =>
    new DomainRuleViolation(
      'R4_CONFLICT_OF_INTEREST',
      403,
      `${userId} is an inventor of this disclosure and may not ${act} (R4, R13: no one decides on the unit's side where they have an interest).`,
      { conflictedUserId: userId },
    ),
  agencyNameMissing: () => new DomainRuleViolation('R2_AGENCY_NAME_REQUIRED', 422, 'An entrusted external agency is named (R2).'),
  invalidReadinessLevel: () =>
    new DomainRuleViolation('R2_INVALID_READINESS_LEVEL', 422, 'Technology readiness level is a whole number from 1 to 9.'),
  notEvaluated: () =>
    new DomainRuleViolation('R2_DECISION_WITHOUT_EVALUATION', 409, 'A filing decision rests on a recorded pre-filing evaluation (R2).'),
  staleEvaluation: (evaluationId: string) =>
    new DomainRuleViolation('R2_DECISION_CITES_OTHER_EVALUATION', 409, 'The decision must cite the evaluation on record.', {
      evaluationId,
    }),
  alreadyDecided: () => new DomainRuleViolation('DISCLOSURE_ALREADY_DECIDED', 409, 'The unit has already decided on filing.'),
  reasonRequired: () => new DomainRuleViolation('DISCLOSURE_REASON_REQUIRED', 422, 'State the reasons.'),
};
