import { AchievementState, initialAchievementState } from '@chengguo/achievement-register/domain';
import { OpenedCase, TransferCaseState } from '@chengguo/transfer-publicity/domain';
import { deciderSpec } from '../../../../test/support/decider-spec';
import { EquityInvestmentCommand, equityInvestmentDecider } from './equity-investment.decider';
import {
  Appraisal,
  EquityDividendReceived,
  EquityHoldingSold,
  EquityInvestmentOpened,
  EquityInvestmentValued,
  EquitySharesReceived,
  Evidence,
} from './equity-investment.events';

const spec = deciderSpec(equityInvestmentDecider);
// 10:00 in Shanghai on 1 June 2026.
const NOW = '2026-06-01T02:00:00.000Z';
const tto = { userId: 'wang' };
const SHA = 'a'.repeat(64);
const evidence: Evidence = { summary: '营业执照变更登记', documentSha256: [SHA] };
const company = { name: '高原新材料科技有限公司', creditCode: '91540100MA6T1XYW3K' };

const register: AchievementState = {
  ...initialAchievementState,
  status: 'granted',
  achievementId: 'a-1',
  title: '一种低温固态电池电解质',
  inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
  links: { disclosureId: null, contractIds: [], caseIds: ['c-1'] },
};

/** A case of mode equity_investment, priced by agreement, publicised for 15 days (completed), approved and executed. */
const executedCase: OpenedCase = {
  exists: true,
  caseId: 'c-1',
  achievementId: 'a-1',
  achievement: { kind: 'registered', id: 'a-1', name: '一种低温固态电池电解质' },
  openedBy: 'wang',
  mode: { kind: 'equity_investment' },
  pricingMethod: 'agreement',
  counterparty: { name: company.name, creditCode: company.creditCode },
  priceFen: 300_000_000,
  supervisoryFilingRequired: false,
  supervisoryFiling: null,
  publicityRounds: 1,
  publicity: {
    round: 1,
    days: 15,
    priceFen: 300_000_000,
    publishedAt: '2026-04-01T02:00:00.000Z',
    periodEndsAt: '2026-04-16T16:00:00.000Z',
    status: 'completed',
    objections: [],
  },
  market: null,
  priceSettled: true,
  signOffs: {},
  registration: null,
  executed: { executedAt: '2026-05-10T02:00:00.000Z', rewardEligible: false },
};
const approvedCase: OpenedCase = { ...executedCase, executed: null };
const inPublicity: OpenedCase = {
  ...executedCase,
  executed: null,
  priceSettled: false,
  publicity: { ...executedCase.publicity!, status: 'running' },
};

const open = (
  overrides: Partial<EquityInvestmentCommand> = {},
  facts: { register?: AchievementState; transferCase?: TransferCaseState } = {},
) =>
  ({
    type: 'OpenEquityInvestment',
    investmentId: 'i-1',
    achievementId: 'a-1',
    caseId: 'c-1',
    company,
    actor: tto,
    now: NOW,
    facts: { register, transferCase: approvedCase, ...facts },
    ...overrides,
  }) as EquityInvestmentCommand;

const opened: EquityInvestmentOpened = {
  type: 'EquityInvestmentOpened',
  investmentId: 'i-1',
  achievementId: 'a-1',
  caseId: 'c-1',
  company,
  openedBy: 'wang',
  openedAt: NOW,
  ruleKeys: ['R5'],
};

const appraisal: Appraisal = {
  institution: '西藏中天资产评估有限公司',
  reportNumber: '藏中天评报字〔2026〕第018号',
  appraisedValueFen: 300_000_000,
  baseDate: '2026-03-31',
  validUntil: '2027-03-30',
  evidence: { summary: '资产评估报告', documentSha256: [SHA] },
};

const value = (method: 'appraisal' | 'agreement', transferCase: TransferCaseState = approvedCase, withAppraisal: Appraisal | null = null) =>
  ({
    type: 'RecordValuation',
    investmentId: 'i-1',
    method,
    appraisal: withAppraisal,
    actor: tto,
    now: NOW,
    facts: { transferCase },
  }) as EquityInvestmentCommand;

const valued: EquityInvestmentValued = {
  type: 'EquityInvestmentValued',
  investmentId: 'i-1',
  achievementId: 'a-1',
  caseId: 'c-1',
  method: 'agreement',
  valueFen: 300_000_000,
  appraisal: null,
  publicityRound: 1,
  valuedBy: 'wang',
  valuedAt: NOW,
  ruleKeys: ['R5', 'R6', 'R7'],
};

const receive = (overrides: Record<string, unknown> = {}, transferCase: TransferCaseState = executedCase) =>
  ({
    type: 'RecordSharesReceived',
    investmentId: 'i-1',
    registeredOn: '2026-05-20',
    shares: 3_000_000,
    capitalContributionFen: 300_000_000,
    shareholdingBasisPoints: 1_500,
    evidence,
    actor: tto,
    now: NOW,
    facts: { transferCase },
    ...overrides,
  }) as EquityInvestmentCommand;

const received: EquitySharesReceived = {
  type: 'EquitySharesReceived',
  investmentId: 'i-1',
  achievementId: 'a-1',
  caseId: 'c-1',
  company,
  registeredOn: '2026-05-20',
  holding: { shares: 3_000_000, capitalContributionFen: 300_000_000, shareholdingBasisPoints: 1_500 },
  valueFen: 300_000_000,
  evidence,
  recordedBy: 'wang',
  recordedAt: NOW,
  ruleKeys: ['R5', 'R12'],
};

const dividend = (overrides: Record<string, unknown> = {}) =>
  ({
    type: 'RecordDividend',
    investmentId: 'i-1',
    dividendId: 'd-1',
    amountFen: 1_200_000,
    receivedOn: '2026-05-30',
    evidence,
    actor: { userId: 'zhao' },
    now: NOW,
    ...overrides,
  }) as EquityInvestmentCommand;

const sell = (overrides: Record<string, unknown> = {}) =>
  ({
    type: 'RecordSale',
    investmentId: 'i-1',
    saleId: 's-1',
    buyer: '拉萨创新投资基金',
    sharesSold: 1_000_000,
    capitalContributionSoldFen: 100_000_000,
    proceedsFen: 150_000_000,
    soldOn: '2026-05-31',
    shareholdingBasisPointsAfter: 1_000,
    evidence,
    actor: tto,
    now: NOW,
    ...overrides,
  }) as EquityInvestmentCommand;

describe('opening an equity investment (R5)', () => {
  it('rests on a case of mode equity_investment for the same achievement, naming the company', () => {
    spec
      .given([])
      .when(open({ company: { name: ' 高原新材料科技有限公司 ', creditCode: '91540100ma6t1xyw3k' } } as never))
      .then([opened]);
  });

  it('refuses an achievement the register does not hold (404)', () => {
    spec
      .given([])
      .when(open({}, { register: initialAchievementState }))
      .thenFails('ACHIEVEMENT_NOT_REGISTERED', 404);
  });

  it('refuses a case that was never opened (404)', () => {
    spec
      .given([])
      .when(open({}, { transferCase: { exists: false, signOffs: {} } }))
      .thenFails('TRANSFER_CASE_NOT_FOUND', 404);
  });

  it('refuses a transfer or licence case (409)', () => {
    spec
      .given([])
      .when(open({}, { transferCase: { ...approvedCase, mode: { kind: 'transfer' } } }))
      .thenFails('R5_CASE_NOT_EQUITY_INVESTMENT', 409, { mode: 'transfer' });
  });

  it('refuses a case of another achievement', () => {
    spec
      .given([])
      .when(open({}, { transferCase: { ...approvedCase, achievementId: 'a-2' } }))
      .thenFails('R5_CASE_OF_ANOTHER_ACHIEVEMENT', 409);
  });

  it('refuses a second investment on a case the register already records one on', () => {
    const invested: AchievementState = {
      ...register,
      equityInvestments: [{ investmentId: 'i-0', caseId: 'c-1', company, valueFen: null, registeredOn: null, holding: null }],
    };
    spec
      .given([])
      .when(open({}, { register: invested }))
      .thenFails('R5_CASE_ALREADY_INVESTED', 409, { investmentId: 'i-0' });
  });

  it('refuses a company other than the case’s counterparty', () => {
    spec
      .given([])
      .when(open({ company: { name: '另一公司', creditCode: '91110108MA01ABCD2X' } } as never))
      .thenFails('R5_COMPANY_NOT_CASE_COUNTERPARTY', 409);
  });

  it('refuses a company without a name or with a malformed credit code (422)', () => {
    spec
      .given([])
      .when(open({ company: { name: ' ', creditCode: company.creditCode } } as never))
      .thenFails('R5_COMPANY_REQUIRED', 422);
    spec
      .given([])
      .when(open({ company: { name: company.name, creditCode: '91540100MA6T1XYW3' } } as never))
      .thenFails('R5_CREDIT_CODE_INVALID', 422);
    // I, O, S, V and Z are not used in credit codes.
    spec
      .given([])
      .when(open({ company: { name: company.name, creditCode: '91540100MA6T1XYW3O' } } as never))
      .thenFails('R5_CREDIT_CODE_INVALID', 422);
  });

  it('is opened once', () => {
    spec.given([opened]).when(open()).thenFails('R5_EQUITY_INVESTMENT_EXISTS', 409);
  });
});

describe('valuing the investment (R6, R7)', () => {
  it('by agreement pricing, at the price the case publicised once its publicity completed', () => {
    spec.given([opened]).when(value('agreement')).then([valued]);
  });

  it('by agreement pricing, refuses while the publicity runs (R7)', () => {
    spec.given([opened]).when(value('agreement', inPublicity)).thenFails('R7_PUBLICITY_NOT_COMPLETED', 409);
  });

  it('by agreement pricing, refuses a case priced on an exchange or at auction', () => {
    const listed: OpenedCase = { ...approvedCase, pricingMethod: 'listing', publicity: null };
    spec.given([opened]).when(value('agreement', listed)).thenFails('R6_CASE_NOT_AGREEMENT_PRICED', 409, { pricingMethod: 'listing' });
  });

  it('by appraisal, with a report valid today whose value is the price the case settled', () => {
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, appraisal))
      .then([{ ...valued, method: 'appraisal', appraisal }]);
  });

  it('by appraisal on a listed case: the market price', () => {
    const listed: OpenedCase = {
      ...approvedCase,
      pricingMethod: 'listing',
      publicity: null,
      market: {
        method: 'listing',
        exchange: '西藏技术交易市场',
        listingNumber: 'L-1',
        result: 'deal',
        finalPriceFen: 300_000_000,
        counterparty: company,
        concludedOn: '2026-05-01',
      },
    };
    spec
      .given([opened])
      .when(value('appraisal', listed, appraisal))
      .then([{ ...valued, method: 'appraisal', appraisal, publicityRound: null, ruleKeys: ['R5', 'R6'] }]);
  });

  it('refuses an expired appraisal report', () => {
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, { ...appraisal, baseDate: '2025-03-31', validUntil: '2026-03-30' }))
      .thenFails('R6_APPRAISAL_EXPIRED', 409, { validUntil: '2026-03-30' });
  });

  it('refuses an appraised value other than the case’s settled price', () => {
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, { ...appraisal, appraisedValueFen: 280_000_000 }))
      .thenFails('R6_VALUATION_NOT_CASE_PRICE', 409, { valueFen: 280_000_000, casePriceFen: 300_000_000 });
  });

  it('refuses an appraisal before the case settled its price', () => {
    spec
      .given([opened])
      .when(value('appraisal', inPublicity, appraisal))
      .thenFails('R6_CASE_PRICE_NOT_SETTLED', 409);
  });

  it('refuses an incomplete appraisal (422)', () => {
    spec.given([opened]).when(value('appraisal')).thenFails('R6_APPRAISAL_REQUIRED', 422);
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, { ...appraisal, institution: ' ' }))
      .thenFails('R6_APPRAISAL_INCOMPLETE', 422);
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, { ...appraisal, reportNumber: '' }))
      .thenFails('R6_APPRAISAL_INCOMPLETE', 422);
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, { ...appraisal, appraisedValueFen: 0 }))
      .thenFails('R5_EQUITY_AMOUNT_INVALID', 422);
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, { ...appraisal, baseDate: '2026-02-30' }))
      .thenFails('R5_EQUITY_DATE_INVALID', 422);
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, { ...appraisal, baseDate: '2026-06-02' }))
      .thenFails('R5_EQUITY_DATE_IN_FUTURE', 422);
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, { ...appraisal, validUntil: '2026-03-01' }))
      .thenFails('R6_APPRAISAL_DATES_INVALID', 422);
    spec
      .given([opened])
      .when(value('appraisal', approvedCase, { ...appraisal, evidence: { summary: '报告', documentSha256: [] } }))
      .thenFails('R5_EQUITY_EVIDENCE_REQUIRED', 422);
  });

  it('is recorded once', () => {
    spec.given([opened, valued]).when(value('agreement')).thenFails('R6_ALREADY_VALUED', 409);
  });

  it('needs an investment that was opened (404)', () => {
    spec.given([]).when(value('agreement')).thenFails('EQUITY_INVESTMENT_NOT_FOUND', 404);
  });
});

describe('recording the shares received (R5, R12)', () => {
  it('after the valuation and the case’s execution: the holding at the valuation', () => {
    spec.given([opened, valued]).when(receive()).then([received]);
  });

  it('accepts a capital contribution without shares (a limited-liability company)', () => {
    spec
      .given([opened, valued])
      .when(receive({ shares: null }))
      .then([{ ...received, holding: { shares: null, capitalContributionFen: 300_000_000, shareholdingBasisPoints: 1_500 } }]);
  });

  it('refuses before the case was executed', () => {
    spec
      .given([opened, valued])
      .when(receive({}, approvedCase))
      .thenFails('R5_CASE_NOT_EXECUTED', 409, { caseStatus: 'awaiting_approval' });
  });

  it('refuses before the valuation', () => {
    spec.given([opened]).when(receive()).thenFails('R6_NOT_VALUED', 409);
  });

  it('refuses a holding stated in no measure, or in invalid ones (422)', () => {
    spec
      .given([opened, valued])
      .when(receive({ shares: null, capitalContributionFen: null }))
      .thenFails('R5_CONTRIBUTION_REQUIRED', 422);
    spec
      .given([opened, valued])
      .when(receive({ shares: 0 }))
      .thenFails('R5_EQUITY_AMOUNT_INVALID', 422);
    spec
      .given([opened, valued])
      .when(receive({ capitalContributionFen: 1.5 }))
      .thenFails('R5_EQUITY_AMOUNT_INVALID', 422);
    spec
      .given([opened, valued])
      .when(receive({ shareholdingBasisPoints: 0 }))
      .thenFails('R5_SHAREHOLDING_INVALID', 422);
    spec
      .given([opened, valued])
      .when(receive({ shareholdingBasisPoints: 10_001 }))
      .thenFails('R5_SHAREHOLDING_INVALID', 422);
    spec
      .given([opened, valued])
      .when(receive({ registeredOn: '2026-06-02' }))
      .thenFails('R5_EQUITY_DATE_IN_FUTURE', 422);
    spec
      .given([opened, valued])
      .when(receive({ evidence: { summary: '', documentSha256: [SHA] } }))
      .thenFails('R5_EQUITY_EVIDENCE_REQUIRED', 422);
  });

  it('is recorded once', () => {
    spec.given([opened, valued, received]).when(receive()).thenFails('R5_SHARES_ALREADY_RECORDED', 409);
  });
});

const paid: EquityDividendReceived = {
  type: 'EquityDividendReceived',
  investmentId: 'i-1',
  achievementId: 'a-1',
  dividendId: 'd-1',
  amountFen: 1_200_000,
  receivedOn: '2026-05-30',
  company,
  evidence,
  recordedBy: 'zhao',
  recordedAt: NOW,
  ruleKeys: ['R8', 'R14'],
};

describe('dividends on the holding (R8, R14)', () => {
  it('are cash the company paid on the holding', () => {
    spec.given([opened, valued, received]).when(dividend()).then([paid]);
  });

  it('need a holding, on or after its registration', () => {
    spec.given([opened, valued]).when(dividend()).thenFails('R5_NO_HOLDING', 409);
    spec
      .given([opened, valued, received])
      .when(dividend({ receivedOn: '2026-05-19' }))
      .thenFails('R5_BEFORE_EQUITY_REGISTERED', 409);
  });

  it('are recorded once per id, with a positive amount', () => {
    spec.given([opened, valued, received, paid]).when(dividend()).thenFails('R5_EQUITY_ENTRY_EXISTS', 409);
    spec
      .given([opened, valued, received])
      .when(dividend({ amountFen: -5 }))
      .thenFails('R5_EQUITY_AMOUNT_INVALID', 422);
  });
});

const soldPart: EquityHoldingSold = {
  type: 'EquityHoldingSold',
  investmentId: 'i-1',
  achievementId: 'a-1',
  saleId: 's-1',
  buyer: '拉萨创新投资基金',
  sharesSold: 1_000_000,
  capitalContributionSoldFen: 100_000_000,
  proceedsFen: 150_000_000,
  soldOn: '2026-05-31',
  holdingAfter: { shares: 2_000_000, capitalContributionFen: 200_000_000, shareholdingBasisPoints: 1_000 },
  evidence,
  recordedBy: 'wang',
  recordedAt: NOW,
  ruleKeys: ['R5', 'R8', 'R14'],
};

describe('selling the holding (R5, R8, R14)', () => {
  it('sells part: the holding shrinks, the proceeds are recorded', () => {
    spec.given([opened, valued, received]).when(sell()).then([soldPart]);
  });

  it('sells the rest: the holding is zero', () => {
    spec
      .given([opened, valued, received, soldPart])
      .when(sell({ saleId: 's-2', sharesSold: 2_000_000, capitalContributionSoldFen: 200_000_000, shareholdingBasisPointsAfter: 0 }))
      .then([
        {
          ...soldPart,
          saleId: 's-2',
          sharesSold: 2_000_000,
          capitalContributionSoldFen: 200_000_000,
          holdingAfter: { shares: 0, capitalContributionFen: 0, shareholdingBasisPoints: 0 },
        },
      ]);
  });

  it('refuses selling more than is held', () => {
    spec
      .given([opened, valued, received, soldPart])
      .when(sell({ saleId: 's-2', sharesSold: 2_000_001 }))
      .thenFails('R5_SALE_EXCEEDS_HOLDING', 409, { field: 'sharesSold', sold: 2_000_001, held: 2_000_000 });
  });

  it('refuses a sale once all is sold', () => {
    const soldOut: EquityHoldingSold = {
      ...soldPart,
      saleId: 's-2',
      holdingAfter: { shares: 0, capitalContributionFen: 0, shareholdingBasisPoints: 0 },
    };
    spec
      .given([opened, valued, received, soldOut])
      .when(sell({ saleId: 's-3' }))
      .thenFails('R5_HOLDING_SOLD_OUT', 409);
  });

  it('states the sale in the holding’s measures, moving together', () => {
    spec
      .given([opened, valued, received])
      .when(sell({ sharesSold: null }))
      .thenFails('R5_SALE_MEASURE_MISMATCH', 422);
    spec
      .given([opened, valued, received])
      .when(sell({ sharesSold: 3_000_000, shareholdingBasisPointsAfter: 0 }))
      .thenFails('R5_SALE_MEASURE_MISMATCH', 422);
  });

  it('refuses a shareholding after the sale that does not fall, or is zero while shares remain', () => {
    spec
      .given([opened, valued, received])
      .when(sell({ shareholdingBasisPointsAfter: 1_500 }))
      .thenFails('R5_SHAREHOLDING_AFTER_SALE_INVALID', 422);
    spec
      .given([opened, valued, received])
      .when(sell({ shareholdingBasisPointsAfter: 0 }))
      .thenFails('R5_SHAREHOLDING_AFTER_SALE_INVALID', 422);
  });

  it('needs a holding, a buyer, positive proceeds, and a date on or after the registration', () => {
    spec.given([opened, valued]).when(sell()).thenFails('R5_NO_HOLDING', 409);
    spec
      .given([opened, valued, received])
      .when(sell({ buyer: ' ' }))
      .thenFails('R5_EQUITY_TEXT_REQUIRED', 422);
    spec
      .given([opened, valued, received])
      .when(sell({ proceedsFen: 0 }))
      .thenFails('R5_EQUITY_AMOUNT_INVALID', 422);
    spec
      .given([opened, valued, received])
      .when(sell({ soldOn: '2026-05-01' }))
      .thenFails('R5_BEFORE_EQUITY_REGISTERED', 409);
    spec.given([opened, valued, received, soldPart]).when(sell()).thenFails('R5_EQUITY_ENTRY_EXISTS', 409);
  });
});
