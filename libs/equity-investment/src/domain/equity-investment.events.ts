/**
 * Every event of an equity investment (作价投资, R5; XZ-12), one stream per investment:
 * `equity-investment-<investmentId>`. The investment rests on a transfer case of mode
 * `equity_investment` for the same achievement, which carries the route (agreement pricing with
 * publicity, listing or auction: R6, R7), the approval and the execution; this stream records what
 * the case does not: how the achievement was valued, the company and the unit's holding in it, and
 * what the holding later yields (dividends, sales).
 *
 * Amounts are integer fen; a shareholding is in basis points (1 % = 100).
 */

/** The company the achievement is invested in (the case's counterparty). */
export interface InvestedCompany {
  name: string;
  /** Unified social credit code (统一社会信用代码), 18 characters. */
  creditCode: string;
}

/** Documents kept elsewhere (appraisal report, business-registration extract, bank slip), bound by their SHA-256. */
export interface Evidence {
  summary: string;
  documentSha256: string[];
}

/** An asset appraisal (资产评估) by an appraisal institution. */
export interface Appraisal {
  institution: string;
  reportNumber: string;
  appraisedValueFen: number;
  /** 评估基准日 (YYYY-MM-DD). */
  baseDate: string;
  /** Last day (YYYY-MM-DD) the report may be used. */
  validUntil: string;
  evidence: Evidence;
}

/** The unit's holding in the company: shares (股份) and/or subscribed capital contribution (出资额), and its share of the whole. */
export interface Holding {
  shares: number | null;
  capitalContributionFen: number | null;
  shareholdingBasisPoints: number;
}

export interface EquityInvestmentOpened {
  type: 'EquityInvestmentOpened';
  investmentId: string;
  achievementId: string;
  /** The transfer case (mode equity_investment) that prices, approves and executes the investment. */
  caseId: string;
  company: InvestedCompany;
  openedBy: string;
  openedAt: string;
  ruleKeys: string[];
}

/**
 * R6: the value at which the achievement is contributed — always the price the case settled and its
 * approval signed; by appraisal (the report's value, valid on the day) or by agreement pricing (the
 * publicised price, R7).
 */
export interface EquityInvestmentValued {
  type: 'EquityInvestmentValued';
  investmentId: string;
  achievementId: string;
  caseId: string;
  method: 'appraisal' | 'agreement';
  valueFen: number;
  appraisal: Appraisal | null;
  /** Agreement pricing: the publicity round whose price this is (R7). */
  publicityRound: number | null;
  valuedBy: string;
  valuedAt: string;
  ruleKeys: string[];
}

/** R5, R12: the company registered the unit as shareholder (工商变更登记): the holding begins. */
export interface EquitySharesReceived {
  type: 'EquitySharesReceived';
  investmentId: string;
  achievementId: string;
  caseId: string;
  company: InvestedCompany;
  /** Date (YYYY-MM-DD, Asia/Shanghai) of the business registration: the day the shares arrived. */
  registeredOn: string;
  holding: Holding;
  /** The valuation: the shares enter the income ledger as equity at this value. */
  valueFen: number;
  evidence: Evidence;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

/** R8, R14: a dividend the company paid on the holding (cash income of the achievement). */
export interface EquityDividendReceived {
  type: 'EquityDividendReceived';
  investmentId: string;
  achievementId: string;
  dividendId: string;
  amountFen: number;
  receivedOn: string;
  company: InvestedCompany;
  evidence: Evidence;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

/** R5, R8, R14: part or all of the holding sold; proceeds are cash income, the holding shrinks. */
export interface EquityHoldingSold {
  type: 'EquityHoldingSold';
  investmentId: string;
  achievementId: string;
  saleId: string;
  buyer: string;
  /** What was sold, in the holding's own measures (null where the holding has no such measure). */
  sharesSold: number | null;
  capitalContributionSoldFen: number | null;
  proceedsFen: number;
  soldOn: string;
  /** The holding after the sale; all measures zero when the whole holding was sold. */
  holdingAfter: Holding;
  evidence: Evidence;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

export type EquityInvestmentEvent =
  EquityInvestmentOpened | EquityInvestmentValued | EquitySharesReceived | EquityDividendReceived | EquityHoldingSold;

export const EQUITY_INVESTMENT_SCHEMA_VERSIONS: Record<EquityInvestmentEvent['type'], number> = {
  EquityInvestmentOpened: 1,
  EquityInvestmentValued: 1,
  EquitySharesReceived: 1,
  EquityDividendReceived: 1,
  EquityHoldingSold: 1,
};

export const EQUITY_INVESTMENT_EVENT_TYPES = Object.keys(EQUITY_INVESTMENT_SCHEMA_VERSIONS) as ReadonlyArray<EquityInvestmentEvent['type']>;

export const EQUITY_INVESTMENT_STREAM_PREFIX = 'equity-investment-';
export const equityInvestmentStreamId = (investmentId: string): string => `${EQUITY_INVESTMENT_STREAM_PREFIX}${investmentId}`;
export const investmentIdOfStream = (streamId: string): string | null =>
  streamId.startsWith(EQUITY_INVESTMENT_STREAM_PREFIX) ? streamId.slice(EQUITY_INVESTMENT_STREAM_PREFIX.length) : null;
