import { DomainRuleViolation } from '@chengguo/kernel';

/** Refusals of the transfer case stream; codes are stable and name the rule key where one decides. */
export const TransferCaseErrors = {
  notFound: (caseId: string) => new DomainRuleViolation('TRANSFER_CASE_NOT_FOUND', 404, `No transfer case ${caseId} has been opened.`),
  alreadyOpened: () => new DomainRuleViolation('TRANSFER_CASE_ALREADY_OPENED', 409, 'This transfer case has already been opened.'),
  invalidPrice: (value: unknown) =>
    new DomainRuleViolation('TRANSFER_PRICE_INVALID', 422, 'A price is a whole, non-negative number of fen (1 yuan = 100 fen).', {
      value,
    }),
  invalidField: (field: string, detail: string) => new DomainRuleViolation('TRANSFER_CASE_INVALID', 422, `${field}: ${detail}`, { field }),
  achievementNotRegistered: (achievementId: string) =>
    new DomainRuleViolation(
      'ACHIEVEMENT_NOT_REGISTERED',
      422,
      `The register holds no achievement ${achievementId}: a case names an achievement the register knows (R12).`,
      { achievementId },
    ),
  rightsDueToInventors: () =>
    new DomainRuleViolation(
      'R3_RIGHTS_DUE_TO_INVENTORS',
      409,
      'The unit decided not to file: the rights go to the inventors under a written contract, so the unit cannot transfer, license or invest them (R3).',
    ),
  supervisoryFilingRequired: () =>
    new DomainRuleViolation(
      'R5_SUPERVISORY_FILING_REQUIRED',
      409,
      'The achievement involves state secrets, national security or key core technology: record the filing with the supervisory department first (R5).',
    ),
  supervisoryFilingNotRequired: () =>
    new DomainRuleViolation(
      'R5_SUPERVISORY_FILING_NOT_REQUIRED',
      409,
      'The unit decides this transfer on its own; no supervisory filing applies to an unclassified achievement (R5).',
    ),
  supervisoryFilingAlreadyRecorded: () =>
    new DomainRuleViolation('R5_SUPERVISORY_FILING_ALREADY_RECORDED', 409, 'The supervisory filing has already been recorded (R5).'),
  publicityOnlyForAgreementPricing: (method: string) =>
    new DomainRuleViolation(
      'R6_PUBLICITY_ONLY_FOR_AGREEMENT_PRICING',
      409,
      `Pricing by ${method} finds the price in the market; only agreement pricing is published (R6, R7).`,
      { pricingMethod: method },
    ),
  marketResultOnlyForListingOrAuction: () =>
    new DomainRuleViolation(
      'R6_MARKET_RESULT_ONLY_FOR_LISTING_OR_AUCTION',
      409,
      'An agreement-priced case goes through publicity, not a listing or auction result (R6).',
    ),
  marketMethodMismatch: (expected: string) =>
    new DomainRuleViolation('R6_PRICING_METHOD_MISMATCH', 422, `This case is priced by ${expected}.`, { pricingMethod: expected }),
  publicityTooShort: (days: number) =>
    new DomainRuleViolation(
      'R7_PUBLICITY_TOO_SHORT',
      422,
      `The publicity period is at least 15 days (公示期不少于15日); ${days} was asked (R7).`,
      { days, minimumDays: 15 },
    ),
  publicityTooLong: (days: number) =>
    new DomainRuleViolation('R7_PUBLICITY_DAYS_INVALID', 422, `A publicity period of ${days} days is not a plausible unit policy.`, {
      days,
    }),
  publicityAlreadyRunning: () =>
    new DomainRuleViolation('R7_PUBLICITY_ALREADY_RUNNING', 409, 'A publicity period of this case is already running (R7).'),
  notAwaitingPublicity: (status: string) =>
    new DomainRuleViolation('TRANSFER_CASE_NOT_AWAITING_PUBLICITY', 409, `The case is ${status}; it cannot be published now.`, { status }),
  publicityNotRunning: () => new DomainRuleViolation('R7_PUBLICITY_NOT_RUNNING', 409, 'No publicity period of this case is running (R7).'),
  objectionOutsidePeriod: (periodEndsAt: string) =>
    new DomainRuleViolation(
      'R7_OBJECTION_OUTSIDE_PERIOD',
      409,
      `Objections are raised during the publicity period, which ended at ${periodEndsAt} (R7).`,
      { periodEndsAt },
    ),
  objectionReasonRequired: () => new DomainRuleViolation('R7_OBJECTION_REASON_REQUIRED', 422, 'An objection states its reason (R7).'),
  objectionExists: (objectionId: string) =>
    new DomainRuleViolation('R7_OBJECTION_ALREADY_RAISED', 409, `Objection ${objectionId} has already been raised.`, { objectionId }),
  objectionNotFound: (objectionId: string) =>
    new DomainRuleViolation('R7_OBJECTION_NOT_FOUND', 404, `No objection ${objectionId} in the running publicity period.`, { objectionId }),
  objectionAlreadyResolved: (objectionId: string, resolution: string) =>
    new DomainRuleViolation('R7_OBJECTION_ALREADY_RESOLVED', 409, `Objection ${objectionId} was already ${resolution}.`, {
      objectionId,
      resolution,
    }),
  resolutionReasonsRequired: () =>
    new DomainRuleViolation('R7_RESOLUTION_REASONS_REQUIRED', 422, 'The TTO gives reasons when it dismisses or upholds an objection (R7).'),
  periodNotOver: (periodEndsAt: string) =>
    new DomainRuleViolation('R7_PUBLICITY_PERIOD_NOT_OVER', 409, `The publicity period ends at ${periodEndsAt} (R7).`, { periodEndsAt }),
  objectionOpen: (objectionIds: string[]) =>
    new DomainRuleViolation(
      'R7_OBJECTION_OPEN',
      409,
      `The publicity period cannot complete while objections are open: ${objectionIds.join(', ')} (R7).`,
      { objectionIds },
    ),
  priceLocked: (status: string) =>
    new DomainRuleViolation(
      'R7_PUBLISHED_PRICE_LOCKED',
      409,
      `The case is ${status}: a published or approved price is not edited; a new price needs a new full publicity period (R7).`,
      { status },
    ),
  priceUnchanged: () => new DomainRuleViolation('TRANSFER_PRICE_UNCHANGED', 422, 'The new price equals the current one.'),
  marketResultNotExpected: (status: string) =>
    new DomainRuleViolation('R6_MARKET_RESULT_NOT_EXPECTED', 409, `The case is ${status}; no listing or auction result is awaited.`, {
      status,
    }),
  approvalNotRefused: (status: string) =>
    new DomainRuleViolation(
      'TRANSFER_APPROVAL_NOT_REFUSED',
      409,
      `The case is ${status}; only a refused or expired approval is reopened.`,
      {
        status,
      },
    ),
  coOwnersConsentRequired: (coOwners: string[], outcome: 'pending' | 'refused') =>
    new DomainRuleViolation(
      'R11_CO_OWNERS_CONSENT_REQUIRED',
      409,
      outcome === 'pending'
        ? `The achievement is co-owned with ${coOwners.join(', ')}: the case moves on once the co-owners consent to its terms (the co-owners-consent round) (R11).`
        : `The co-owners did not consent to the case's terms: reopen their consent round, or revise the price, first (R11).`,
      { coOwners, consent: outcome },
    ),
  coOwnersConsentNotRefused: (status: string) =>
    new DomainRuleViolation(
      'R11_CO_OWNERS_CONSENT_NOT_REFUSED',
      409,
      `The case is ${status}: only a co-owners' consent that was refused or expired is reopened (R11).`,
      { status },
    ),
  approvalRequired: (status: string) =>
    new DomainRuleViolation(
      'TRANSFER_APPROVAL_REQUIRED',
      409,
      `The case is ${status}: the transfer needs the signed approval of the TTO head, finance and the unit leader first.`,
      { status },
    ),
  alreadyRegistered: (registrationNumber: string) =>
    new DomainRuleViolation('R8_CONTRACT_ALREADY_REGISTERED', 409, `The contract is already registered as ${registrationNumber} (R8).`, {
      registrationNumber,
    }),
  alreadyExecuted: () => new DomainRuleViolation('TRANSFER_ALREADY_EXECUTED', 409, 'The transfer has already been executed.'),
};
