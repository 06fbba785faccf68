import { DomainRuleViolation } from '@chengguo/kernel';
import type { AchievementStatus } from './achievement.events';

/** Refusals of the achievement register; stable codes naming the rule key where one decides. */
export const AchievementErrors = {
  alreadyRegistered: (achievementId: string) =>
    new DomainRuleViolation('ACHIEVEMENT_ALREADY_REGISTERED', 409, `Achievement ${achievementId} is already in the register (R12).`, {
      achievementId,
    }),
  notRegistered: () => new DomainRuleViolation('ACHIEVEMENT_NOT_REGISTERED', 404, 'No such achievement in the register (R12).'),
  roleNotAllowed: (roles: string[]) =>
    new DomainRuleViolation('ROLE_NOT_ALLOWED', 403, `Only ${roles.join(' or ')} may do this.`, { allowedRoles: roles }),
  evidenceRequired: () =>
    new DomainRuleViolation(
      'R12_EVIDENCE_REQUIRED',
      422,
      'A fact the TTO records by hand names its evidence: a summary and the SHA-256 of at least one document (R12).',
    ),
  reasonRequired: () => new DomainRuleViolation('R12_REASON_REQUIRED', 422, 'State the reason (R12).'),
  titleRequired: () => new DomainRuleViolation('R12_TITLE_REQUIRED', 422, 'An achievement has a title (R12).'),
  noInventors: () => new DomainRuleViolation('R12_NO_INVENTORS', 422, 'An achievement names at least one inventor (R12).'),
  duplicateInventor: (userId: string) =>
    new DomainRuleViolation('R12_DUPLICATE_INVENTOR', 422, `Inventor ${userId} is listed more than once (R12).`, { userId }),
  sharesNotWhole: (total: number) =>
    new DomainRuleViolation('R12_SHARES_NOT_100_PERCENT', 422, `Contribution shares total ${total} basis points, not 10000 (R12).`, {
      totalBasisPoints: total,
    }),
  invalidDate: (field: string) => new DomainRuleViolation('R12_INVALID_DATE', 422, `${field} is a calendar date (YYYY-MM-DD).`, { field }),
  rightNumberRequired: (field: string) =>
    new DomainRuleViolation('R12_RIGHT_NUMBER_REQUIRED', 422, `${field} is required (R12).`, { field }),
  grantNeedsPatentKind: () =>
    new DomainRuleViolation(
      'R12_NOT_A_PATENT',
      409,
      'Only an invention patent, utility model or design is filed and granted as a patent (R12).',
    ),
  wrongStatus: (status: AchievementStatus, action: string) =>
    new DomainRuleViolation('ACHIEVEMENT_WRONG_STATUS', 409, `An achievement that is ${status.replace(/_/g, ' ')} cannot be ${action}.`, {
      currentStatus: status,
    }),
  filingAlreadyDecided: (decision: string) =>
    new DomainRuleViolation(
      'R2_FILING_ALREADY_DECIDED',
      409,
      `The unit already decided on filing (${decision}); a decision is recorded once (R2).`,
      {
        decision,
      },
    ),
  noDecisionNotToFile: () =>
    new DomainRuleViolation(
      'R3_NO_DECISION_NOT_TO_FILE',
      409,
      'Rights go to the inventors under a contract only after the unit decided not to file (R3).',
    ),
  notOwnedByUnit: (owner: string) =>
    new DomainRuleViolation(
      'R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT',
      409,
      `The unit does not own this achievement (owner: ${owner}); it cannot transform it (R3, R5).`,
      {
        owner,
      },
    ),
  notTransformable: (status: AchievementStatus) =>
    new DomainRuleViolation(
      'R5_ACHIEVEMENT_NOT_TRANSFORMABLE',
      409,
      `An achievement that is ${status.replace(/_/g, ' ')} cannot be transferred, licensed or invested (R5).`,
      { currentStatus: status },
    ),
  classificationLocked: (caseIds: string[]) =>
    new DomainRuleViolation(
      'R5_CLASSIFICATION_LOCKED_WHILE_CASE_OPEN',
      409,
      'The classification cannot be lowered while a transformation case is open: it decides whether the case needs supervisory filing (R5).',
      { openCaseIds: caseIds },
    ),
  rightAlreadyRecorded: (field: string, recorded: string) =>
    new DomainRuleViolation(
      'R12_RIGHT_ALREADY_RECORDED',
      409,
      `The register already holds ${field} ${recorded}; a correction is its own command (R12).`,
      {
        field,
        recorded,
      },
    ),
  notFiled: () => new DomainRuleViolation('R12_GRANT_WITHOUT_APPLICATION', 409, 'A grant follows a recorded application (R12).'),
  caseNotOpen: (caseId: string) =>
    new DomainRuleViolation('TRANSFORMATION_CASE_NOT_OPEN', 409, `Case ${caseId} is not open on this achievement.`, { caseId }),
  caseAlreadyInvested: (investmentId: string) =>
    new DomainRuleViolation('R5_CASE_ALREADY_INVESTED', 409, `The register already records investment ${investmentId} on this case (R5).`, {
      investmentId,
    }),
  investmentNotOnRecord: (investmentId: string) =>
    new DomainRuleViolation('R5_INVESTMENT_NOT_ON_RECORD', 409, `The register records no equity investment ${investmentId} (R5).`, {
      investmentId,
    }),
  licenceNotOnRecord: (licenceId: string) =>
    new DomainRuleViolation('R5_LICENCE_NOT_ON_RECORD', 409, `The register records no licence ${licenceId} in effect (R5).`, {
      licenceId,
    }),
  transfereeRequired: () =>
    new DomainRuleViolation('R5_TRANSFEREE_REQUIRED', 422, 'A transfer or equity investment names who receives the rights (R5).'),
  casesOpen: (caseIds: string[]) =>
    new DomainRuleViolation(
      'R5_TRANSFORMATION_CASE_OPEN',
      409,
      'An achievement with an open transformation case cannot be withdrawn (R5).',
      {
        openCaseIds: caseIds,
      },
    ),
  badAmount: () => new DomainRuleViolation('MONEY_NOT_WHOLE_FEN', 422, 'Amounts are whole fen; an annual fee is more than zero.'),
  noAnnuityDue: () =>
    new DomainRuleViolation(
      'R12_NO_ANNUITY_DUE',
      409,
      'No annual fee is due: only a granted patent owes annual fees, from the year after its grant to the end of its term (R12; Patent Law Art. 43).',
    ),
  annuityYearNotNext: (year: number, next: number) =>
    new DomainRuleViolation('R12_ANNUITY_YEAR_NOT_NEXT', 409, `Year ${next} is the next annual fee due, not year ${year} (R12).`, {
      year,
      nextYear: next,
    }),
  annuityAlreadyPaid: (year: number) =>
    new DomainRuleViolation('R12_ANNUITY_ALREADY_PAID', 409, `The annual fee of year ${year} is already recorded as paid (R12).`, { year }),
  gracePeriodOver: (year: number, graceEndsOn: string) =>
    new DomainRuleViolation(
      'R12_ANNUITY_GRACE_PERIOD_OVER',
      409,
      `The grace period of year ${year} ended on ${graceEndsOn}: the right has ended (R12; Patent Law Art. 44).`,
      { year, graceEndsOn },
    ),
  gracePeriodRunning: (year: number, graceEndsOn: string) =>
    new DomainRuleViolation('R12_ANNUITY_GRACE_PERIOD_RUNNING', 409, `Year ${year} can still be paid until ${graceEndsOn} (R12).`, {
      year,
      graceEndsOn,
    }),
  annuityNotYetDue: (year: number, dueDate: string) =>
    new DomainRuleViolation('R12_ANNUITY_NOT_YET_DUE', 409, `The annual fee of year ${year} is due by ${dueDate} (R12).`, {
      year,
      dueDate,
    }),
  rightLapsed: (effectiveFrom: string) =>
    new DomainRuleViolation('R12_RIGHT_LAPSED', 409, `The right has lapsed (as from ${effectiveFrom}) (R12).`, { effectiveFrom }),
  lapseProposalOpen: (year: number) =>
    new DomainRuleViolation(
      'R12_LAPSE_PROPOSAL_OPEN',
      409,
      `A proposal to let the right lapse (year ${year}) is before the sign-off; it is decided first (R12).`,
      { year },
    ),
  noLapseDecision: () =>
    new DomainRuleViolation('R12_NO_LAPSE_DECISION', 409, 'No signed decision to let the right lapse is on record (R12).'),
  coOwnersConsentRequired: (coOwners: string[]) =>
    new DomainRuleViolation(
      'R11_CO_OWNERS_CONSENT_REQUIRED',
      409,
      `The achievement is co-owned with ${coOwners.join(', ')} under an ownership agreement; transforming it needs the co-owners' consent (R11).`,
      { coOwners },
    ),
  granteesNotInventors: (userIds: string[]) =>
    new DomainRuleViolation(
      'R11_GRANTEES_NOT_INVENTORS',
      422,
      `Ownership or a use right is granted only to the achievement's inventors; not inventors: ${userIds.join(', ')} (R11).`,
      { userIds },
    ),
  grantSharesInvalid: () =>
    new DomainRuleViolation(
      'R11_SHARES_INVALID',
      422,
      "The unit's and the co-owners' shares are whole basis points, each 1–9999, adding up to 10000 (R11).",
    ),
};
