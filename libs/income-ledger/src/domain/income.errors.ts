import { DomainRuleViolation } from '@chengguo/kernel';

/** Refusals of the income ledger; stable codes naming the rule key where one decides. */
export const IncomeErrors = {
  achievementNotRegistered: () => new DomainRuleViolation('ACHIEVEMENT_NOT_REGISTERED', 404, 'No such achievement in the register (R12).'),
  amountInvalid: (field: string) =>
    new DomainRuleViolation('INCOME_AMOUNT_INVALID', 422, `${field} is a positive whole number of fen.`, { field }),
  dateInvalid: (field: string) =>
    new DomainRuleViolation('INCOME_DATE_INVALID', 422, `${field} is a calendar date (YYYY-MM-DD).`, { field }),
  dateInFuture: (field: string, today: string) =>
    new DomainRuleViolation(
      'INCOME_DATE_IN_FUTURE',
      422,
      `${field} lies after today (${today}, Asia/Shanghai): record income once received.`,
      {
        field,
        today,
      },
    ),
  evidenceRequired: () =>
    new DomainRuleViolation(
      'INCOME_EVIDENCE_REQUIRED',
      422,
      'An income or cost entry names its evidence: a summary and the SHA-256 of at least one document (R8, R14).',
    ),
  textRequired: (field: string) => new DomainRuleViolation('INCOME_FIELD_REQUIRED', 422, `${field} is required.`, { field }),
  equityOnlyForInvestment: () =>
    new DomainRuleViolation(
      'R5_EQUITY_ONLY_FROM_INVESTMENT',
      422,
      'Only shares received for investing the achievement (作价投资, R5) are recorded as equity; every other receipt is cash.',
    ),
  investmentIsEquity: () =>
    new DomainRuleViolation(
      'R5_INVESTMENT_RECEIVED_AS_EQUITY',
      422,
      'What the unit receives for investing the achievement is equity (R5).',
    ),
  transformationNotOnRecord: (source: string, reference: string) =>
    new DomainRuleViolation(
      'R5_TRANSFORMATION_NOT_ON_RECORD',
      409,
      `The register shows no ${source.replace(/_/g, ' ')} case ${reference} for this achievement (R5, R12): income follows a transformation on record.`,
      { source, contractReference: reference },
    ),
  abandonmentContractNotOnRecord: (reference: string) =>
    new DomainRuleViolation(
      'R3_CONTRACT_NOT_ON_RECORD',
      409,
      `The register shows no abandonment contract ${reference} for this achievement (R3): the unit's share is paid under one.`,
      { contractReference: reference },
    ),
  entryExists: (entryId: string) =>
    new DomainRuleViolation('INCOME_ENTRY_EXISTS', 409, `Entry ${entryId} is already in the ledger.`, { entryId }),
  invoiceAlreadyRecorded: (invoiceNumber: string, receiptId: string) =>
    new DomainRuleViolation(
      'INCOME_INVOICE_ALREADY_RECORDED',
      409,
      `Invoice ${invoiceNumber} is already recorded as receipt ${receiptId}.`,
      {
        invoiceNumber,
        receiptId,
      },
    ),
  entryNotFound: (entryId: string) =>
    new DomainRuleViolation('INCOME_ENTRY_NOT_FOUND', 404, `No receipt or cost ${entryId} in this ledger.`, { entryId }),
  contractAlreadyRegistered: (reference: string, registrationNumber: string) =>
    new DomainRuleViolation(
      'R8_CONTRACT_ALREADY_REGISTERED',
      409,
      `Contract ${reference} is already registered as ${registrationNumber} (R8).`,
      { contractReference: reference, registrationNumber },
    ),
  correctionChangesNothing: () =>
    new DomainRuleViolation('INCOME_CORRECTION_CHANGES_NOTHING', 422, 'The correction states the amount and date already on record.'),
};
