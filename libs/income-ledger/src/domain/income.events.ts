/**
 * Every event of an achievement's income ledger (`income-<achievementId>`), one union. The ledger
 * holds what the unit received for transforming the achievement and what it may deduct, so net
 * income per year can be computed for rewards (R8, XZ-13) and the annual report (R14, XZ-G3).
 *
 * Amounts are integer fen. A receipt counts for the calendar year in which it was received,
 * whatever order entries are recorded in; a correction is its own event naming the entry it
 * corrects, never an edit.
 */

/** How the income arose (R5 routes, R3 share, technology contracts: XZ-13). */
export type IncomeSource =
  | 'transfer'
  | 'license'
  /** Shares or capital contribution received for investing the achievement (作价投资); form is equity. */
  | 'equity_investment'
  | 'equity_dividend'
  | 'equity_sale'
  /** R3: the inventors' payment of the unit's agreed share under an abandonment contract. */
  | 'abandonment_share'
  /** Net income of a technology development, consulting or service contract (XZ-13). */
  | 'technology_contract';

export const INCOME_SOURCES: readonly IncomeSource[] = [
  'transfer',
  'license',
  'equity_investment',
  'equity_dividend',
  'equity_sale',
  'abandonment_share',
  'technology_contract',
];

/** Cash, or equity valued at its appraised or agreed value (only for shares received on investment). */
export type IncomeForm = 'cash' | 'equity';

export type CostCategory = 'patent_fees' | 'appraisal' | 'agency' | 'taxes' | 'transaction' | 'other';
export const COST_CATEGORIES: readonly CostCategory[] = ['patent_fees', 'appraisal', 'agency', 'taxes', 'transaction', 'other'];

/** Documents kept elsewhere (contract, bank slip, invoice), bound by their SHA-256. */
export interface Evidence {
  summary: string;
  documentSha256: string[];
}

export interface IncomeReceived {
  type: 'IncomeReceived';
  achievementId: string;
  receiptId: string;
  source: IncomeSource;
  form: IncomeForm;
  amountFen: number;
  /** Calendar date (YYYY-MM-DD, Asia/Shanghai) the money or shares arrived: the year it counts for. */
  receivedOn: string;
  payer: string;
  invoiceNumber: string | null;
  /** The record the income arises from: a transfer case or contract id on the register, or a registered contract's number. */
  contractReference: string;
  evidence: Evidence;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

export interface DeductibleCostRecorded {
  type: 'DeductibleCostRecorded';
  achievementId: string;
  costId: string;
  category: CostCategory;
  amountFen: number;
  incurredOn: string;
  description: string;
  evidence: Evidence;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

/** A receipt or cost was recorded wrongly: the corrected amount and date, beside the old ones. */
export interface LedgerEntryCorrected {
  type: 'LedgerEntryCorrected';
  achievementId: string;
  correctionId: string;
  entryId: string;
  entryKind: 'receipt' | 'cost';
  previous: { amountFen: number; on: string };
  corrected: { amountFen: number; on: string };
  reason: string;
  evidence: Evidence;
  correctedBy: string;
  correctedAt: string;
  ruleKeys: string[];
}

/**
 * R8: a technology development, consulting or service contract was registered (技术合同认定登记).
 * Transfer cases record their own registration; these contracts are no register case, so the
 * ledger that receives their income records it.
 */
export interface TechnologyContractRegistrationRecorded {
  type: 'TechnologyContractRegistrationRecorded';
  achievementId: string;
  contractReference: string;
  registrationNumber: string;
  registeredOn: string;
  evidence: Evidence;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

export type IncomeEvent = IncomeReceived | DeductibleCostRecorded | LedgerEntryCorrected | TechnologyContractRegistrationRecorded;

export const INCOME_SCHEMA_VERSIONS: Record<IncomeEvent['type'], number> = {
  IncomeReceived: 1,
  DeductibleCostRecorded: 1,
  LedgerEntryCorrected: 1,
  TechnologyContractRegistrationRecorded: 1,
};

export const INCOME_EVENT_TYPES = Object.keys(INCOME_SCHEMA_VERSIONS) as ReadonlyArray<IncomeEvent['type']>;

export const INCOME_STREAM_PREFIX = 'income-';
export const incomeStreamId = (achievementId: string): string => `${INCOME_STREAM_PREFIX}${achievementId}`;
export const achievementIdOfIncomeStream = (streamId: string): string | null =>
  streamId.startsWith(INCOME_STREAM_PREFIX) ? streamId.slice(INCOME_STREAM_PREFIX.length) : null;
