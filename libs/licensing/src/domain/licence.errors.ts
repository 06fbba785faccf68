import { DomainRuleViolation } from '@chengguo/kernel';

/** Refusals of the licensing process; stable codes naming the rule (R5–R8, R15) where one decides. */
export const LicensingErrors = {
  roleNotAllowed: (roles: readonly string[]) =>
    new DomainRuleViolation('ROLE_NOT_ALLOWED', 403, `Only ${roles.join(' or ')} may do this.`, { allowedRoles: [...roles] }),
  invalidField: (field: string, detail: string) => new DomainRuleViolation('LICENCE_INVALID_FIELD', 422, `${field} ${detail}.`, { field }),
  notFound: (licenceId: string) => new DomainRuleViolation('LICENCE_NOT_FOUND', 404, `No licence ${licenceId}.`, { licenceId }),
  caseNotFound: (caseId: string) =>
    new DomainRuleViolation('LICENCE_CASE_NOT_FOUND', 404, `No transfer case ${caseId} to price this licence.`, { caseId }),
  caseNamesNoAchievement: () =>
    new DomainRuleViolation(
      'R5_CASE_NAMES_NO_ACHIEVEMENT',
      409,
      'The transfer case names no achievement of the register (an old case on a patent number only): a licence needs one (R5, R12).',
    ),
  caseNotALicence: (mode: string) =>
    new DomainRuleViolation('R5_CASE_NOT_A_LICENCE', 409, `The transfer case transforms the achievement by ${mode}, not by licence (R5).`, {
      mode,
    }),
  exclusivityMismatch: (caseExclusivity: string, requested: string) =>
    new DomainRuleViolation(
      'R5_EXCLUSIVITY_MISMATCH',
      409,
      `The case priced a ${caseExclusivity} licence; a ${requested} licence needs its own case (R5, R7).`,
      { caseExclusivity, requested },
    ),
  licenseeNotCounterparty: (counterparty: string | null) =>
    new DomainRuleViolation(
      'R6_LICENSEE_NOT_COUNTERPARTY',
      409,
      `The licensee is not the counterparty the case priced the licence for (${counterparty ?? 'none'}) (R6, R7).`,
      { counterparty },
    ),
  priceNotSettled: (status: string) =>
    new DomainRuleViolation(
      'R7_PRICE_NOT_SETTLED',
      409,
      `The case's price is not settled (status ${status}): publicity must complete or the market find a price first (R6, R7).`,
      { caseStatus: status },
    ),
  considerationNotPriced: (fixedFen: number, pricedFen: number) =>
    new DomainRuleViolation(
      'R7_CONSIDERATION_NOT_PRICED',
      409,
      `The fixed consideration (upfront + milestones + deferred: ${fixedFen} fen) differs from the price the case settled (${pricedFen} fen) (R6, R7).`,
      { fixedConsiderationFen: fixedFen, pricedFen },
    ),
  alreadyRecorded: () =>
    new DomainRuleViolation('LICENCE_ALREADY_RECORDED', 409, 'This case already prices a licence: one case, one licence (R5, R7).'),
  termInvalid: (detail: string) => new DomainRuleViolation('LICENCE_TERM_INVALID', 422, `The licence term ${detail}.`),
  classNotAllowed: (licenseeClass: string, allowed: string[], date: string) =>
    new DomainRuleViolation(
      'R15_LICENSEE_CLASS_NOT_ALLOWED',
      409,
      `On ${date} the unit's licensing policy lets ${allowed.length ? allowed.join(', ') : 'no licensee class'} use first and pay later, not ${licenseeClass} (R15).`,
      { licenseeClass, allowedClasses: allowed, date },
    ),
  upfrontNotZero: (upfrontFeeFen: number) =>
    new DomainRuleViolation(
      'R15_UPFRONT_FEE_NOT_ZERO',
      422,
      `Use first, pay later has no upfront fee (零门槛费); ${upfrontFeeFen} fen given (R15).`,
      {
        upfrontFeeFen,
      },
    ),
  paymentBeforeStart: (field: string, detail: string) =>
    new DomainRuleViolation('R15_PAYMENT_BEFORE_START', 422, `${field}: ${detail} (R15).`, { field }),
  decisionDateInvalid: () =>
    new DomainRuleViolation(
      'R15_DECISION_DATE_INVALID',
      422,
      'A use-first-pay-later licence names the date, inside its term, by which the TTO decides to convert it to a paid licence or end it (R15).',
    ),
  noPaymentAgreed: () =>
    new DomainRuleViolation(
      'R15_NO_PAYMENT_AGREED',
      422,
      'Use first, pay later still pays later: milestones, royalties or deferred payments (R15).',
    ),
  notUseFirstPayLater: () =>
    new DomainRuleViolation(
      'R15_NOT_USE_FIRST_PAY_LATER',
      409,
      'This licence is paid on ordinary terms: there is no conversion to decide (R15).',
    ),
  conversionDecided: () =>
    new DomainRuleViolation('R15_CONVERSION_ALREADY_DECIDED', 409, 'The conversion of this licence has already been decided (R15).'),
  notInEffect: (status: string) =>
    new DomainRuleViolation('LICENCE_NOT_IN_EFFECT', 409, `The licence is ${status}: reports and payments run while it is in effect.`, {
      status,
    }),
  caseNotExecuted: () =>
    new DomainRuleViolation(
      'LICENCE_CASE_NOT_EXECUTED',
      409,
      'The licence takes effect when its case is executed, after its approval (R5, R8).',
    ),
  milestoneNotFound: (milestoneId: string) =>
    new DomainRuleViolation('LICENCE_MILESTONE_NOT_FOUND', 404, `The licence has no milestone ${milestoneId}.`, { milestoneId }),
  milestoneNotEventTriggered: (milestoneId: string) =>
    new DomainRuleViolation('LICENCE_MILESTONE_HAS_DATE', 409, `Milestone ${milestoneId} falls due on a date, not on an event.`, {
      milestoneId,
    }),
  milestoneAlreadyReached: (milestoneId: string) =>
    new DomainRuleViolation('LICENCE_MILESTONE_ALREADY_REACHED', 409, `Milestone ${milestoneId} is already recorded as reached.`, {
      milestoneId,
    }),
  noRoyalty: () => new DomainRuleViolation('LICENCE_NO_ROYALTY', 409, 'The licence agrees no running royalty: nothing to report.'),
  periodInvalid: (period: string, reportingPeriod: string) =>
    new DomainRuleViolation('LICENCE_PERIOD_INVALID', 422, `${period} is not a ${reportingPeriod} period (YYYY-Qn or YYYY).`, {
      period,
      reportingPeriod,
    }),
  periodOutsideTerm: (period: string) =>
    new DomainRuleViolation('LICENCE_PERIOD_OUTSIDE_TERM', 409, `${period} lies outside the licence's reporting periods.`, { period }),
  periodNotEnded: (period: string, endsOn: string) =>
    new DomainRuleViolation('LICENCE_PERIOD_NOT_ENDED', 409, `${period} ends on ${endsOn}: report it after it ends.`, { period, endsOn }),
  earlierPeriodUnreported: (period: string) =>
    new DomainRuleViolation('LICENCE_EARLIER_PERIOD_UNREPORTED', 409, `Report ${period} first: royalty reports come period by period.`, {
      period,
    }),
  reportExists: (period: string) =>
    new DomainRuleViolation('LICENCE_ROYALTY_REPORT_EXISTS', 409, `The royalty of ${period} is already reported.`, { period }),
  royaltyMismatch: (statedFen: number, computedFen: number) =>
    new DomainRuleViolation(
      'LICENCE_ROYALTY_AMOUNT_MISMATCH',
      422,
      `The stated royalty (${statedFen} fen) is not the agreed rate applied to the reported net sales (${computedFen} fen).`,
      { statedRoyaltyFen: statedFen, computedRoyaltyFen: computedFen },
    ),
  itemNotDue: (itemKey: string) =>
    new DomainRuleViolation('LICENCE_PAYMENT_ITEM_NOT_DUE', 409, `${itemKey} is not an amount the licensee owes (yet).`, { itemKey }),
  paymentExceedsOutstanding: (itemKey: string, outstandingFen: number) =>
    new DomainRuleViolation(
      'LICENCE_PAYMENT_EXCEEDS_OUTSTANDING',
      409,
      `${itemKey} has ${outstandingFen} fen outstanding; record the excess against the item it pays.`,
      { itemKey, outstandingFen },
    ),
  paymentExists: (paymentId: string) =>
    new DomainRuleViolation('LICENCE_PAYMENT_EXISTS', 409, `Payment ${paymentId} is already recorded.`, { paymentId }),
  dateInFuture: (field: string, today: string) =>
    new DomainRuleViolation('LICENCE_DATE_IN_FUTURE', 422, `${field} lies after today (${today}, Asia/Shanghai).`, { field, today }),
  evidenceRequired: () =>
    new DomainRuleViolation(
      'LICENCE_EVIDENCE_REQUIRED',
      422,
      'A report, payment or decision names its evidence: a summary and the SHA-256 of at least one document.',
    ),
  noUncuredDefault: () =>
    new DomainRuleViolation(
      'LICENCE_NO_UNCURED_DEFAULT',
      409,
      'No obligation of this licence is overdue past its cure period: there is no default to terminate for.',
    ),
  terminationPending: (status: string) =>
    new DomainRuleViolation('LICENCE_TERMINATION_PENDING', 409, `A termination of this licence is ${status}.`, { status }),
  notOverdue: (itemKey: string) =>
    new DomainRuleViolation('LICENCE_OBLIGATION_NOT_OVERDUE', 409, `${itemKey} is not overdue.`, { itemKey }),
  cureNotOver: (itemKey: string, cureEndsOn: string) =>
    new DomainRuleViolation('LICENCE_CURE_PERIOD_NOT_OVER', 409, `The cure period of ${itemKey} runs to ${cureEndsOn}.`, {
      itemKey,
      cureEndsOn,
    }),
  policyInvalidDate: (field: string) =>
    new DomainRuleViolation('R15_INVALID_DATE', 422, `${field} is a calendar date (YYYY-MM-DD).`, { field }),
  policyBasisRequired: () =>
    new DomainRuleViolation('R15_POLICY_BASIS_REQUIRED', 422, 'A licensing policy version names the document it rests on (R15).'),
  policyClassInvalid: (value: string) =>
    new DomainRuleViolation('R15_POLICY_CLASS_INVALID', 422, `${value} is not a licensee class.`, { value }),
  policyEffectiveDateNotLater: (latest: string) =>
    new DomainRuleViolation(
      'R15_POLICY_EFFECTIVE_DATE_NOT_LATER',
      409,
      `A new licensing policy version takes effect after the latest one (${latest}) (R15).`,
      { latestEffectiveFrom: latest },
    ),
};
