import { DomainRuleViolation } from '@chengguo/kernel';

/** Refusals of an equity investment (作价投资); stable codes naming the rule they protect (R5–R7, R12). */
export const EquityInvestmentErrors = {
  notFound: (investmentId: string) =>
    new DomainRuleViolation('EQUITY_INVESTMENT_NOT_FOUND', 404, `No equity investment ${investmentId} has been opened.`, { investmentId }),
  alreadyOpened: () => new DomainRuleViolation('R5_EQUITY_INVESTMENT_EXISTS', 409, 'This equity investment has already been opened (R5).'),
  achievementNotRegistered: () => new DomainRuleViolation('ACHIEVEMENT_NOT_REGISTERED', 404, 'No such achievement in the register (R12).'),
  caseNotFound: (caseId: string) =>
    new DomainRuleViolation('TRANSFER_CASE_NOT_FOUND', 404, `No transfer case ${caseId} has been opened.`, { caseId }),
  caseNotEquityInvestment: (mode: string) =>
    new DomainRuleViolation(
      'R5_CASE_NOT_EQUITY_INVESTMENT',
      409,
      `The transfer case's mode is ${mode}: an equity investment rests on a case of mode equity_investment (R5).`,
      { mode },
    ),
  caseOfAnotherAchievement: (caseAchievementId: string | null) =>
    new DomainRuleViolation('R5_CASE_OF_ANOTHER_ACHIEVEMENT', 409, 'The transfer case concerns another achievement (R5).', {
      caseAchievementId,
    }),
  caseAlreadyInvested: (investmentId: string) =>
    new DomainRuleViolation('R5_CASE_ALREADY_INVESTED', 409, `The register already records investment ${investmentId} on this case (R5).`, {
      investmentId,
    }),
  companyRequired: () => new DomainRuleViolation('R5_COMPANY_REQUIRED', 422, 'The investment names the company by name (R5).'),
  creditCodeInvalid: () =>
    new DomainRuleViolation(
      'R5_CREDIT_CODE_INVALID',
      422,
      'A unified social credit code is 18 characters of 0-9 and A-Y without I, O, S, V, Z.',
    ),
  companyNotCounterparty: (counterpartyCreditCode: string) =>
    new DomainRuleViolation(
      'R5_COMPANY_NOT_CASE_COUNTERPARTY',
      409,
      'The company is not the counterparty the transfer case names (credit codes differ) (R5).',
      { counterpartyCreditCode },
    ),
  alreadyValued: () => new DomainRuleViolation('R6_ALREADY_VALUED', 409, 'The investment has already been valued (R6).'),
  priceNotSettled: (caseStatus: string) =>
    new DomainRuleViolation(
      'R6_CASE_PRICE_NOT_SETTLED',
      409,
      `The transfer case's price is not settled (case ${caseStatus}): the valuation is the price the case settles (R6).`,
      { caseStatus },
    ),
  notAgreementPriced: (pricingMethod: string) =>
    new DomainRuleViolation(
      'R6_CASE_NOT_AGREEMENT_PRICED',
      409,
      `The transfer case is priced by ${pricingMethod}, not by agreement (R6).`,
      {
        pricingMethod,
      },
    ),
  publicityNotCompleted: () =>
    new DomainRuleViolation(
      'R7_PUBLICITY_NOT_COMPLETED',
      409,
      "An agreement price values an investment only after its publicity completed (R7): the case's notice has not run its course.",
    ),
  appraisalIncomplete: (field: string) =>
    new DomainRuleViolation('R6_APPRAISAL_INCOMPLETE', 422, `An appraisal names its institution, report number and dates (${field}).`, {
      field,
    }),
  appraisalRequired: () =>
    new DomainRuleViolation('R6_APPRAISAL_REQUIRED', 422, 'A valuation by appraisal states the appraisal report (R6).'),
  appraisalDatesInvalid: () =>
    new DomainRuleViolation(
      'R6_APPRAISAL_DATES_INVALID',
      422,
      'The report is valid from its base date on: validUntil is on or after baseDate.',
    ),
  appraisalExpired: (validUntil: string) =>
    new DomainRuleViolation(
      'R6_APPRAISAL_EXPIRED',
      409,
      `The appraisal report was valid until ${validUntil}; a new appraisal is needed (R6).`,
      {
        validUntil,
      },
    ),
  valuationNotCasePrice: (valueFen: number, casePriceFen: number) =>
    new DomainRuleViolation(
      'R6_VALUATION_NOT_CASE_PRICE',
      409,
      `The appraised value (${valueFen} fen) is not the price the case settled and its approval signs (${casePriceFen} fen) (R6).`,
      { valueFen, casePriceFen },
    ),
  amountInvalid: (field: string) =>
    new DomainRuleViolation('R5_EQUITY_AMOUNT_INVALID', 422, `${field} is a positive whole number.`, { field }),
  dateInvalid: (field: string) =>
    new DomainRuleViolation('R5_EQUITY_DATE_INVALID', 422, `${field} is a calendar date (YYYY-MM-DD).`, { field }),
  dateInFuture: (field: string, today: string) =>
    new DomainRuleViolation('R5_EQUITY_DATE_IN_FUTURE', 422, `${field} is after today (${today}).`, { field, today }),
  textRequired: (field: string) => new DomainRuleViolation('R5_EQUITY_TEXT_REQUIRED', 422, `${field} is required.`, { field }),
  evidenceRequired: () =>
    new DomainRuleViolation(
      'R5_EQUITY_EVIDENCE_REQUIRED',
      422,
      'The entry names its evidence: a summary and at least one document SHA-256 (64 lowercase hex characters).',
    ),
  notValued: () => new DomainRuleViolation('R6_NOT_VALUED', 409, 'The investment is valued before its shares are recorded (R6).'),
  caseNotExecuted: (caseStatus: string) =>
    new DomainRuleViolation(
      'R5_CASE_NOT_EXECUTED',
      409,
      `The transfer case is ${caseStatus}: shares are recorded only after the approved investment was executed (R5).`,
      { caseStatus },
    ),
  sharesAlreadyRecorded: () =>
    new DomainRuleViolation('R5_SHARES_ALREADY_RECORDED', 409, 'The shares received have already been recorded (R5).'),
  contributionRequired: () =>
    new DomainRuleViolation(
      'R5_CONTRIBUTION_REQUIRED',
      422,
      'The holding is stated as a number of shares, a capital contribution in fen, or both (R5).',
    ),
  shareholdingInvalid: (field: string) =>
    new DomainRuleViolation('R5_SHAREHOLDING_INVALID', 422, `${field} is a whole number of basis points from 1 to 10000.`, { field }),
  noHolding: () => new DomainRuleViolation('R5_NO_HOLDING', 409, 'The unit holds no shares under this investment yet (R5).'),
  holdingSoldOut: () =>
    new DomainRuleViolation('R5_HOLDING_SOLD_OUT', 409, 'The whole holding has been sold; nothing is left to sell (R5).'),
  beforeRegistration: (field: string, registeredOn: string) =>
    new DomainRuleViolation('R5_BEFORE_EQUITY_REGISTERED', 409, `${field} is before the equity was registered (${registeredOn}) (R5).`, {
      field,
      registeredOn,
    }),
  entryExists: (entryId: string) =>
    new DomainRuleViolation('R5_EQUITY_ENTRY_EXISTS', 409, `Entry ${entryId} has already been recorded.`, { entryId }),
  saleExceedsHolding: (field: string, sold: number, held: number) =>
    new DomainRuleViolation('R5_SALE_EXCEEDS_HOLDING', 409, `The sale of ${sold} (${field}) exceeds the ${held} held (R5).`, {
      field,
      sold,
      held,
    }),
  saleMeasureMismatch: (field: string) =>
    new DomainRuleViolation('R5_SALE_MEASURE_MISMATCH', 422, `The sale states ${field} exactly when the holding is counted in it (R5).`, {
      field,
    }),
  shareholdingAfterSaleInvalid: () =>
    new DomainRuleViolation(
      'R5_SHAREHOLDING_AFTER_SALE_INVALID',
      422,
      'The shareholding after a sale is below the one before it, and zero exactly when the whole holding is sold (R5).',
    ),
};
