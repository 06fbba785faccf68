import { AchievementState, initialAchievementState } from '@chengguo/achievement-register/domain';
import { isRuleViolation } from '@chengguo/kernel';
import { SignOffEvent } from '@chengguo/sign-off/domain';
import { TransferCaseEvent, transferCaseDecider, TransferCaseState } from '@chengguo/transfer-publicity/domain';
import { deciderSpec } from '../../../../test/support/decider-spec';
import { dueItems, LicenceCommand, licenceDecider, LicenceState, licenceStatusOf } from './licence.decider';
import { Consideration, LicenceEvent, LicenceRecorded, LicenceTerms, RoyaltyReportRecorded } from './licence.events';
import { LicensingPolicyState } from './licensing-policy.decider';

const spec = deciderSpec(licenceDecider);
const CASE = '11111111-1111-4111-8111-111111111111';
// 10:00 in Shanghai on 1 June 2026.
const NOW = '2026-06-01T02:00:00.000Z';
const tto = { userId: 'wang', role: 'tto_officer' };
const finance = { userId: 'qian', role: 'finance' };
const evidence = { summary: '许可合同 / licence contract', documentSha256: ['a'.repeat(64)] };
const CREDIT_CODE = '91110108MA01ABCD2X';

const register: AchievementState = {
  ...initialAchievementState,
  status: 'granted',
  achievementId: 'a-1',
  title: '一种低温固态电池电解质',
  inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
};
const smePolicy: LicensingPolicyState = {
  versions: [{ version: 1, useFirstPayLaterClasses: ['sme'], effectiveFrom: '2026-01-01', basis: '先使用后付费试点实施方案' }],
};

/** A licence case on the register's achievement, its price settled by a completed publicity (R6, R7); executed when asked. */
function transferCase(
  options: { exclusivity?: 'exclusive' | 'sole' | 'non_exclusive'; priceFen?: number; executed?: boolean; settled?: boolean } = {},
) {
  const events: TransferCaseEvent[] = [
    {
      type: 'TransferCaseOpened',
      caseId: CASE,
      achievementId: 'a-1',
      achievement: { kind: 'registered', id: 'a-1', name: register.title },
      mode: { kind: 'license', exclusivity: options.exclusivity ?? 'non_exclusive' },
      pricingMethod: 'agreement',
      counterparty: { name: '星火储能科技有限公司', creditCode: CREDIT_CODE },
      proposedPriceFen: options.priceFen ?? 30_000_000,
      classification: { stateSecret: false, nationalSecurity: false, keyCoreTechnology: false },
      classificationSource: 'register',
      supervisoryFilingRequired: false,
      openedBy: 'wang',
      openedAt: '2026-03-01T02:00:00.000Z',
    },
    {
      type: 'PublicityNoticePublished',
      caseId: CASE,
      round: 1,
      achievement: { kind: 'registered', id: 'a-1', name: register.title },
      proposedPriceFen: options.priceFen ?? 30_000_000,
      days: 15,
      publishedAt: '2026-03-02T02:00:00.000Z',
      periodEndsAt: '2026-03-17T16:00:00.000Z',
      publishedBy: 'wang',
      ruleKey: 'R7',
    },
  ];
  if (options.settled !== false)
    events.push({
      type: 'PublicityPeriodCompleted',
      caseId: CASE,
      round: 1,
      periodEndsAt: '2026-03-17T16:00:00.000Z',
      completedAt: '2026-03-18T02:00:00.000Z',
      objectionsDismissed: 0,
      ruleKey: 'R7',
    });
  if (options.executed)
    events.push({
      type: 'TransferExecuted',
      caseId: CASE,
      executedBy: 'wang',
      executedAt: '2026-05-01T02:00:00.000Z',
      contractRegistered: true,
      rewardEligible: true,
      flags: [],
    });
  return events.reduce(transferCaseDecider.evolve, transferCaseDecider.initialState as TransferCaseState);
}

/** Use first, pay later (R15): no upfront fee, a milestone on an event, a 3 % royalty from first sales, a guarantee. */
const ufplConsideration: Consideration = {
  upfrontFeeFen: 0,
  milestones: [
    {
      milestoneId: 'm-1',
      description: '首批量产 / first series production',
      amountFen: 30_000_000,
      due: { kind: 'event', trigger: '首批产品量产 / first series production', paymentDays: 30 },
    },
  ],
  royalty: { rateBasisPoints: 300, minimumAnnualRoyaltyFen: 5_000_000, reportingPeriod: 'quarterly', reportDueDays: 30 },
  deferredPayments: [],
  guarantee: { guarantor: '中关村科技融资担保有限公司', kind: 'guarantee_company', amountFen: 10_000_000 },
};
const ufplTerms: LicenceTerms = {
  exclusivity: 'non_exclusive',
  territory: '中国大陆 / mainland China',
  fieldOfUse: '储能电池 / energy-storage batteries',
  term: { startsOn: '2026-05-01', endsOn: '2031-04-30' },
  sublicensing: false,
  licensee: { name: '星火储能科技有限公司', creditCode: CREDIT_CODE, class: 'sme' },
  consideration: ufplConsideration,
  useFirstPayLater: { paymentStart: { kind: 'first_sales' }, decisionDueOn: '2028-04-30', policyVersion: 0 },
};
/** Ordinary terms: 100 000 yuan upfront, 200 000 deferred to a date, 5 % royalty reported yearly. */
const paidTerms: LicenceTerms = {
  ...ufplTerms,
  licensee: { ...ufplTerms.licensee, class: 'large' },
  consideration: {
    upfrontFeeFen: 10_000_000,
    milestones: [],
    royalty: { rateBasisPoints: 500, minimumAnnualRoyaltyFen: 0, reportingPeriod: 'annual', reportDueDays: 60 },
    deferredPayments: [{ deferredId: 'd-1', amountFen: 20_000_000, dueOn: '2027-06-30' }],
    guarantee: null,
  },
  useFirstPayLater: null,
};

const record = (
  terms: LicenceTerms = ufplTerms,
  caseState: TransferCaseState = transferCase(),
  facts: Partial<{ register: AchievementState; policy: LicensingPolicyState }> = {},
): LicenceCommand => ({
  type: 'RecordLicence',
  licenceId: CASE,
  terms,
  actor: tto,
  now: NOW,
  facts: { transferCase: caseState, register: facts.register ?? register, policy: facts.policy ?? smePolicy },
});

function decided(command: LicenceCommand, state: LicenceState = licenceDecider.initialState): LicenceEvent[] {
  const outcome = licenceDecider.decide(command, state);
  if (isRuleViolation(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
  return outcome;
}
const fold = (events: LicenceEvent[], state: LicenceState = licenceDecider.initialState) => events.reduce(licenceDecider.evolve, state);
/** A licence recorded and in effect (its case executed on 1 May 2026). */
function inEffect(terms: LicenceTerms = ufplTerms): LicenceEvent[] {
  return decided(record(terms, transferCase({ executed: true })));
}
const at = (date: string) => `${date}T02:00:00.000Z`;
const report = (period: string, netSalesFen: number, statedRoyaltyFen: number, now: string): LicenceCommand => ({
  type: 'RecordRoyaltyReport',
  licenceId: CASE,
  reportId: `r-${period}`,
  period,
  netSalesFen,
  statedRoyaltyFen,
  reportedOn: now.slice(0, 10),
  evidence,
  actor: tto,
  now,
});

describe('recording a licence against its transfer case (R5–R7)', () => {
  it('records a use-first-pay-later licence priced by the case, awaiting the case’s execution', () => {
    const [recorded, ...rest] = decided(record()) as [LicenceRecorded];
    expect(rest).toEqual([]);
    expect(recorded).toMatchObject({
      type: 'LicenceRecorded',
      licenceId: CASE,
      caseId: CASE,
      achievementId: 'a-1',
      achievementTitle: register.title,
      fixedConsiderationFen: 30_000_000,
      pricedFen: 30_000_000,
      pricingMethod: 'agreement',
      ruleKeys: ['R5', 'R6', 'R7', 'R15'],
    });
    expect(recorded.terms.useFirstPayLater?.policyVersion).toBe(1);
    expect(recorded.termsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(licenceStatusOf(fold([recorded]))).toBe('awaiting_effect');
  });

  it('takes effect at once when the case was executed before the licence was recorded', () => {
    const events = inEffect();
    expect(events.map((e) => e.type)).toEqual(['LicenceRecorded', 'LicenceTookEffect']);
    expect(events[1]).toMatchObject({ effectiveOn: '2026-05-01', caseExecutedAt: '2026-05-01T02:00:00.000Z', ruleKeys: ['R5', 'R8'] });
  });

  it('takes effect when the case is executed, once', () => {
    const recorded = decided(record());
    spec
      .given(recorded)
      .when({ type: 'TakeEffect', licenceId: CASE, now: NOW, facts: { transferCase: transferCase() } })
      .thenFails('LICENCE_CASE_NOT_EXECUTED', 409);
    spec
      .given(recorded)
      .when({ type: 'TakeEffect', licenceId: CASE, now: NOW, facts: { transferCase: transferCase({ executed: true }) } })
      .then([
        {
          type: 'LicenceTookEffect',
          licenceId: CASE,
          caseId: CASE,
          effectiveOn: '2026-05-01',
          caseExecutedAt: '2026-05-01T02:00:00.000Z',
          ruleKeys: ['R5', 'R8'],
        },
      ]);
    spec
      .given(inEffect())
      .when({ type: 'TakeEffect', licenceId: CASE, now: NOW, facts: { transferCase: transferCase({ executed: true }) } })
      .then([]);
  });

  it('one case prices one licence', () => {
    spec.given(decided(record())).when(record()).thenFails('LICENCE_ALREADY_RECORDED', 409);
  });

  it('refuses an unknown case, a case in another mode or of another exclusivity', () => {
    spec.given([]).when(record(ufplTerms, transferCaseDecider.initialState)).thenFails('LICENCE_CASE_NOT_FOUND', 404);
    spec
      .given([])
      .when(record({ ...ufplTerms, exclusivity: 'exclusive' }))
      .thenFails('R5_EXCLUSIVITY_MISMATCH', 409);
    const transfer = { ...(transferCase() as Extract<TransferCaseState, { exists: true }>), mode: { kind: 'transfer' as const } };
    spec.given([]).when(record(ufplTerms, transfer)).thenFails('R5_CASE_NOT_A_LICENCE', 409);
  });

  it('R6, R7: needs the case’s settled price, its counterparty, and a fixed consideration equal to that price', () => {
    spec
      .given([])
      .when(record(ufplTerms, transferCase({ settled: false })))
      .thenFails('R7_PRICE_NOT_SETTLED', 409);
    spec
      .given([])
      .when(record({ ...ufplTerms, licensee: { ...ufplTerms.licensee, name: '另一家公司' } }))
      .thenFails('R6_LICENSEE_NOT_COUNTERPARTY', 409);
    spec
      .given([])
      .when(record(ufplTerms, transferCase({ priceFen: 25_000_000 })))
      .thenFails('R7_CONSIDERATION_NOT_PRICED', 409, { fixedConsiderationFen: 30_000_000, pricedFen: 25_000_000 });
  });

  it('R5, R12: the register must let the unit transform the achievement', () => {
    spec
      .given([])
      .when(record(ufplTerms, transferCase(), { register: initialAchievementState }))
      .thenFails('ACHIEVEMENT_NOT_REGISTERED');
    const inventorsOwn: AchievementState = {
      ...register,
      owner: { kind: 'inventors', userIds: ['li'], contractId: 'k-1' },
    } as AchievementState;
    expect(
      isRuleViolation(licenceDecider.decide(record(ufplTerms, transferCase(), { register: inventorsOwn }), licenceDecider.initialState)),
    ).toBe(true);
  });

  it('validates the terms: territory, field, term, licensee, amounts, ids, dates (422)', () => {
    spec
      .given([])
      .when(record({ ...ufplTerms, territory: ' ' }))
      .thenFails('LICENCE_INVALID_FIELD', 422, { field: 'terms.territory' });
    spec
      .given([])
      .when(record({ ...ufplTerms, term: { startsOn: '2026-05-01', endsOn: '2026-05-01' } }))
      .thenFails('LICENCE_TERM_INVALID', 422);
    spec
      .given([])
      .when(record({ ...ufplTerms, term: { startsOn: '2026-02-30', endsOn: '2030-01-01' } }))
      .thenFails('LICENCE_TERM_INVALID', 422);
    spec
      .given([])
      .when(record({ ...ufplTerms, licensee: { ...ufplTerms.licensee, creditCode: 'x' } }))
      .thenFails('LICENCE_INVALID_FIELD', 422, { field: 'terms.licensee.creditCode' });
    const twoSameIds = {
      ...ufplConsideration,
      milestones: [ufplConsideration.milestones[0], { ...ufplConsideration.milestones[0], amountFen: 1 }],
    };
    spec
      .given([])
      .when(record({ ...ufplTerms, consideration: twoSameIds }))
      .thenFails('LICENCE_INVALID_FIELD', 422, { field: 'terms.consideration.milestones[1].milestoneId' });
    const badRate = { ...ufplConsideration, royalty: { ...ufplConsideration.royalty!, rateBasisPoints: 0 } };
    spec
      .given([])
      .when(record({ ...ufplTerms, consideration: badRate }))
      .thenFails('LICENCE_INVALID_FIELD', 422, { field: 'terms.consideration.royalty.rateBasisPoints' });
    const lateDeferred = {
      ...paidTerms.consideration,
      deferredPayments: [{ deferredId: 'd-1', amountFen: 20_000_000, dueOn: '2032-01-01' }],
    };
    spec
      .given([])
      .when(record({ ...paidTerms, consideration: lateDeferred }))
      .thenFails('LICENCE_INVALID_FIELD', 422, { field: 'terms.consideration.deferredPayments[0].dueOn' });
  });
});

describe('use first, pay later (R15; QCY)', () => {
  it('only for a licensee class the policy in force allows', () => {
    const large = { ...ufplTerms, licensee: { ...ufplTerms.licensee, class: 'large' as const } };
    spec
      .given([])
      .when(record(large))
      .thenFails('R15_LICENSEE_CLASS_NOT_ALLOWED', 409, { licenseeClass: 'large', allowedClasses: ['sme'], date: '2026-06-01' });
    spec
      .given([])
      .when(record(ufplTerms, transferCase(), { policy: { versions: [] } }))
      .thenFails('R15_LICENSEE_CLASS_NOT_ALLOWED', 409);
    const later: LicensingPolicyState = { versions: [{ ...smePolicy.versions[0], effectiveFrom: '2026-07-01' }] };
    spec
      .given([])
      .when(record(ufplTerms, transferCase(), { policy: later }))
      .thenFails('R15_LICENSEE_CLASS_NOT_ALLOWED', 409);
  });

  it('has no upfront fee', () => {
    const upfront = {
      ...ufplTerms,
      consideration: {
        ...ufplConsideration,
        upfrontFeeFen: 100,
        milestones: [{ ...ufplConsideration.milestones[0], amountFen: 29_999_900 }],
      },
    };
    spec.given([]).when(record(upfront)).thenFails('R15_UPFRONT_FEE_NOT_ZERO', 422);
  });

  it('nothing falls due on a date before payment starts', () => {
    const dated = {
      ...ufplConsideration,
      milestones: [{ ...ufplConsideration.milestones[0], due: { kind: 'date' as const, dueOn: '2027-01-01' } }],
    };
    spec
      .given([])
      .when(record({ ...ufplTerms, consideration: dated }))
      .thenFails('R15_PAYMENT_BEFORE_START', 422);
    const fromDate = {
      ...ufplTerms,
      consideration: dated,
      useFirstPayLater: { paymentStart: { kind: 'date' as const, on: '2027-06-01' }, decisionDueOn: '2028-04-30', policyVersion: 0 },
    };
    spec
      .given([])
      .when(record(fromDate))
      .thenFails('R15_PAYMENT_BEFORE_START', 422, { field: 'terms.consideration.milestones[0].due.dueOn' });
    const onTime = {
      ...fromDate,
      useFirstPayLater: { ...fromDate.useFirstPayLater, paymentStart: { kind: 'date' as const, on: '2026-12-01' } },
    };
    expect(decided(record(onTime))[0].type).toBe('LicenceRecorded');
  });

  it('names a decision date inside the term, and something to pay later', () => {
    spec
      .given([])
      .when(record({ ...ufplTerms, useFirstPayLater: { ...ufplTerms.useFirstPayLater!, decisionDueOn: '2032-01-01' } }))
      .thenFails('R15_DECISION_DATE_INVALID', 422);
    const nothing = { ...ufplTerms, consideration: { ...ufplConsideration, milestones: [], royalty: null } };
    spec
      .given([])
      .when(record(nothing, transferCase({ priceFen: 0 })))
      .thenFails('R15_NO_PAYMENT_AGREED', 422);
  });

  it('royalties run from the first reported sales; reports before that owe nothing', () => {
    const events = inEffect();
    // Q2 2026: no sales yet; nothing is owed.
    const q2 = decided(report('2026-Q2', 0, 0, at('2026-07-10')), fold(events)) as [RoyaltyReportRecorded];
    expect(q2[0]).toMatchObject({ royaltyFen: 0, amountDueFen: 0, firstSales: false, paymentDueOn: '2026-07-30' });
    // Q3 2026: first sales of 1 000 000 yuan at 3 %: 30 000 yuan, due 30 days after the quarter.
    const q3 = decided(report('2026-Q3', 100_000_000, 3_000_000, at('2026-10-10')), fold(q2, fold(events))) as [RoyaltyReportRecorded];
    expect(q3[0]).toMatchObject({
      royaltyFen: 3_000_000,
      amountDueFen: 3_000_000,
      firstSales: true,
      paymentDueOn: '2026-10-30',
      ruleKeys: ['R15'],
    });
    const state = fold(q3, fold(q2, fold(events)));
    expect(state.firstSalesOn).toBe('2026-07-01');
    expect(dueItems(state).find((i) => i.itemKey === 'royalty:2026-Q3')).toMatchObject({ amountFen: 3_000_000, settled: false });
  });

  it('the conversion is decided by the TTO, once, on new consideration', () => {
    const state = fold(inEffect());
    const convert: LicenceCommand = {
      type: 'DecideConversion',
      licenceId: CASE,
      consideration: { ...paidTerms.consideration, royalty: { ...ufplConsideration.royalty! } },
      reasons: '试用期满，企业转为付费许可 / trial over, paid licence',
      evidence,
      actor: tto,
      now: at('2028-04-01'),
    };
    const [converted] = decided(convert, state);
    expect(converted).toMatchObject({ type: 'LicenceConvertedToPaid', decidedBy: 'wang', ruleKeys: ['R15'] });
    const after = fold([converted], state);
    expect(dueItems(after).find((i) => i.itemKey === 'upfront')).toMatchObject({ dueOn: '2028-05-01', amountFen: 10_000_000 });
    expect(dueItems(after).find((i) => i.itemKey === 'decision')?.settled).toBe(true);
    spec
      .given([...inEffect(), converted])
      .when(convert)
      .thenFails('R15_CONVERSION_ALREADY_DECIDED', 409);
    spec.given(inEffect(paidTerms)).when(convert).thenFails('R15_NOT_USE_FIRST_PAY_LATER', 409);
  });
});

describe('royalty reports', () => {
  const events = inEffect();
  it('come after their period ends, in order, once, at the record’s rate', () => {
    spec
      .given(events)
      .when(report('2026-Q2', 0, 0, at('2026-06-20')))
      .thenFails('LICENCE_PERIOD_NOT_ENDED', 409);
    spec
      .given(events)
      .when(report('2026-Q3', 0, 0, at('2026-10-10')))
      .thenFails('LICENCE_EARLIER_PERIOD_UNREPORTED', 409, { period: '2026-Q2' });
    spec
      .given(events)
      .when(report('2026-Q1', 0, 0, at('2026-10-10')))
      .thenFails('LICENCE_PERIOD_OUTSIDE_TERM', 409);
    spec
      .given(events)
      .when(report('2026', 0, 0, at('2027-02-10')))
      .thenFails('LICENCE_PERIOD_INVALID', 422);
    const q2 = decided(report('2026-Q2', 0, 0, at('2026-07-10')), fold(events));
    spec
      .given([...events, ...q2])
      .when(report('2026-Q2', 0, 0, at('2026-07-11')))
      .thenFails('LICENCE_ROYALTY_REPORT_EXISTS', 409);
    spec
      .given([...events, ...q2])
      .when(report('2026-Q3', 100_000_000, 2_500_000, at('2026-10-10')))
      .thenFails('LICENCE_ROYALTY_AMOUNT_MISMATCH', 422, { statedRoyaltyFen: 2_500_000, computedRoyaltyFen: 3_000_000 });
  });

  it('the minimum annual royalty’s shortfall is owed with the report closing a whole paying year', () => {
    let state = fold(
      inEffect(
        paidTerms.consideration.royalty
          ? {
              ...paidTerms,
              consideration: {
                ...paidTerms.consideration,
                royalty: { ...paidTerms.consideration.royalty!, minimumAnnualRoyaltyFen: 1_000_000 },
              },
            }
          : paidTerms,
      ),
    );
    // 2026 is the first, partial year: no minimum.
    const y2026 = decided(report('2026', 10_000_000, 500_000, at('2027-02-01')), state) as [RoyaltyReportRecorded];
    expect(y2026[0]).toMatchObject({
      royaltyFen: 500_000,
      minimumShortfallFen: 0,
      amountDueFen: 500_000,
      paymentDueOn: '2027-03-01',
      ruleKeys: ['R5'],
    });
    state = fold(y2026, state);
    const y2027 = decided(report('2027', 10_000_000, 500_000, at('2028-02-01')), state) as [RoyaltyReportRecorded];
    expect(y2027[0]).toMatchObject({ royaltyFen: 500_000, minimumShortfallFen: 500_000, amountDueFen: 1_000_000 });
  });

  it('a licence without royalty has nothing to report', () => {
    const noRoyalty = { ...paidTerms, consideration: { ...paidTerms.consideration, royalty: null } };
    spec
      .given(inEffect(noRoyalty))
      .when(report('2026', 0, 0, at('2027-02-01')))
      .thenFails('LICENCE_NO_ROYALTY', 409);
  });
});

describe('milestones and payments', () => {
  const reached: LicenceCommand = {
    type: 'RecordMilestoneReached',
    licenceId: CASE,
    milestoneId: 'm-1',
    reachedOn: '2026-09-01',
    evidence,
    actor: tto,
    now: at('2026-09-02'),
  };
  const pay = (
    item: Extract<LicenceCommand, { type: 'RecordPayment' }>['item'],
    amountFen: number,
    paymentId = 'p-1',
    now = at('2026-09-20'),
  ): LicenceCommand => ({
    type: 'RecordPayment',
    licenceId: CASE,
    paymentId,
    item,
    amountFen,
    receivedOn: now.slice(0, 10),
    evidence: { summary: '银行回单 / bank slip', documentSha256: ['b'.repeat(64)] },
    actor: finance,
    now,
  });

  it('an event milestone falls due its payment days after it is reached; it is paid, in part and in full', () => {
    const events = [...inEffect(), ...decided(reached, fold(inEffect()))];
    expect(events.at(-1)).toMatchObject({ type: 'LicenceMilestoneReached', paymentDueOn: '2026-10-01' });
    spec.given(events).when(reached).thenFails('LICENCE_MILESTONE_ALREADY_REACHED', 409);
    const first = decided(pay({ kind: 'milestone', milestoneId: 'm-1' }, 10_000_000), fold(events));
    expect(first[0]).toMatchObject({
      type: 'LicencePaymentReceived',
      achievementId: 'a-1',
      caseId: CASE,
      itemKey: 'milestone:m-1',
      amountFen: 10_000_000,
      payer: '星火储能科技有限公司',
      ruleKeys: ['R8', 'R14', 'R15'],
    });
    spec
      .given([...events, ...first])
      .when(pay({ kind: 'milestone', milestoneId: 'm-1' }, 20_000_001, 'p-2'))
      .thenFails('LICENCE_PAYMENT_EXCEEDS_OUTSTANDING', 409, { itemKey: 'milestone:m-1', outstandingFen: 20_000_000 });
    spec
      .given([...events, ...first])
      .when(pay({ kind: 'milestone', milestoneId: 'm-1' }, 1))
      .thenFails('LICENCE_PAYMENT_EXISTS', 409);
    const second = decided(pay({ kind: 'milestone', milestoneId: 'm-1' }, 20_000_000, 'p-2'), fold(first, fold(events)));
    expect(dueItems(fold(second, fold(first, fold(events)))).find((i) => i.itemKey === 'milestone:m-1')?.settled).toBe(true);
  });

  it('refuses a payment for nothing owed, a future date, or without documents', () => {
    const events = inEffect();
    spec
      .given(events)
      .when(pay({ kind: 'milestone', milestoneId: 'm-1' }, 1))
      .thenFails('LICENCE_PAYMENT_ITEM_NOT_DUE', 409);
    spec
      .given(events)
      .when(pay({ kind: 'royalty', period: '2026-Q2' }, 1))
      .thenFails('LICENCE_PAYMENT_ITEM_NOT_DUE', 409);
    spec
      .given(inEffect(paidTerms))
      .when({ ...(pay({ kind: 'upfront' }, 1) as Extract<LicenceCommand, { type: 'RecordPayment' }>), receivedOn: '2026-12-01' })
      .thenFails('LICENCE_DATE_IN_FUTURE', 422);
    spec
      .given(inEffect(paidTerms))
      .when({
        ...(pay({ kind: 'upfront' }, 1) as Extract<LicenceCommand, { type: 'RecordPayment' }>),
        evidence: { summary: 'x', documentSha256: [] },
      })
      .thenFails('LICENCE_EVIDENCE_REQUIRED', 422);
    spec
      .given(decided(record()))
      .when(pay({ kind: 'upfront' }, 1))
      .thenFails('LICENCE_NOT_IN_EFFECT', 409);
  });
  it('milestones on dates are not “reached”', () => {
    spec
      .given(inEffect(paidTerms))
      .when({ ...reached, milestoneId: 'nope' })
      .thenFails('LICENCE_MILESTONE_NOT_FOUND', 404);
  });
});

describe('overdue, cure and termination', () => {
  const paid = inEffect(paidTerms);
  // The upfront fee falls due 30 days after the licence took effect (1 May 2026): 31 May.
  const escalate = (now: string): LicenceCommand => ({ type: 'EscalateOverdue', licenceId: CASE, itemKey: 'upfront', now });
  const uncured = (now: string): LicenceCommand => ({ type: 'RecordUncuredDefault', licenceId: CASE, itemKey: 'upfront', now });
  const propose = (
    ground: 'uncured_default' | 'use_first_pay_later_not_converted' | 'agreed_by_parties',
    now = at('2026-07-15'),
  ): LicenceCommand => ({
    type: 'ProposeTermination',
    licenceId: CASE,
    ground,
    reasons: '被许可人逾期未付入门费 / upfront fee unpaid',
    actor: tto,
    now,
    facts: { register },
  });

  it('escalates an unmet obligation only once its due date has ended, once', () => {
    spec.given(paid).when(escalate('2026-05-31T15:59:59.000Z')).thenFails('LICENCE_OBLIGATION_NOT_OVERDUE', 409);
    const [overdue] = decided(escalate('2026-05-31T16:00:00.000Z'), fold(paid));
    expect(overdue).toMatchObject({
      type: 'LicenceObligationOverdue',
      itemKey: 'upfront',
      dueOn: '2026-05-31',
      outstandingFen: 10_000_000,
      cureEndsOn: '2026-07-01',
      escalatedTo: 'tto_officer',
    });
    spec
      .given([...paid, overdue])
      .when(escalate(at('2026-06-02')))
      .then([]);
  });

  it('a payment cures it; uncured after the cure period, the TTO may propose termination through the three-party round', () => {
    const [overdue] = decided(escalate(at('2026-06-01')), fold(paid));
    const given = [...paid, overdue];
    spec
      .given(given)
      .when(uncured(at('2026-07-01')))
      .thenFails('LICENCE_CURE_PERIOD_NOT_OVER', 409);
    spec.given(given).when(propose('uncured_default')).thenFails('LICENCE_NO_UNCURED_DEFAULT', 409);
    const [lapsed] = decided(uncured('2026-07-01T16:00:00.000Z'), fold(given));
    expect(lapsed).toMatchObject({ type: 'LicenceDefaultUncured', itemKey: 'upfront', cureEndsOn: '2026-07-01' });
    const proposal = decided(propose('uncured_default'), fold([lapsed], fold(given)));
    expect(proposal.map((e) => e.type)).toEqual(['LicenceTerminationProposed', 'SignOffRoundOpened']);
    expect(proposal[0]).toMatchObject({ ground: 'uncured_default', itemKeys: ['upfront'], round: 1, signOffId: 'licence-termination' });
    const round = proposal[1] as Extract<SignOffEvent, { type: 'SignOffRoundOpened' }>;
    expect(round.parties.map((p) => p.role)).toEqual(['tto_officer', 'legal', 'unit_leader']);
    expect([...round.conflictedUserIds!].sort()).toEqual(['li', 'wang']);
    const proposed = fold(proposal, fold([lapsed], fold(given)));
    expect(licenceStatusOf(proposed)).toBe('termination_proposed');
    spec
      .given([...given, lapsed, ...proposal])
      .when(propose('uncured_default'))
      .thenFails('LICENCE_TERMINATION_PENDING', 409);
    const closed: SignOffEvent = {
      type: 'SignOffRoundClosed',
      signOffId: 'licence-termination',
      round: 1,
      outcome: 'signed',
      closedAt: at('2026-07-20'),
    } as SignOffEvent;
    expect(licenceStatusOf(fold([closed], proposed))).toBe('terminated');
    const refused: SignOffEvent = { ...closed, outcome: 'rejected' } as SignOffEvent;
    expect(licenceStatusOf(fold([refused], proposed))).toBe('in_effect');
  });

  it('a cured default leaves nothing to terminate for', () => {
    const [overdue] = decided(escalate(at('2026-06-01')), fold(paid));
    const payment: LicenceEvent = {
      type: 'LicencePaymentReceived',
      licenceId: CASE,
      paymentId: 'p-1',
      achievementId: 'a-1',
      caseId: CASE,
      item: { kind: 'upfront' },
      itemKey: 'upfront',
      amountFen: 10_000_000,
      receivedOn: '2026-06-10',
      payer: '星火储能科技有限公司',
      evidence,
      recordedBy: 'qian',
      recordedAt: at('2026-06-10'),
      ruleKeys: ['R8', 'R14'],
    };
    spec
      .given([...paid, overdue, payment])
      .when(uncured(at('2026-07-05')))
      .thenFails('LICENCE_OBLIGATION_NOT_OVERDUE', 409);
  });

  it('R15: an unconverted use-first-pay-later licence may be proposed for termination on that ground', () => {
    const events = decided(propose('use_first_pay_later_not_converted', at('2028-05-02')), fold(inEffect()));
    expect(events[0]).toMatchObject({ ground: 'use_first_pay_later_not_converted', itemKeys: [], ruleKeys: ['R5', 'R15'] });
    const state = fold(events, fold(inEffect()));
    expect(dueItems(state).find((i) => i.itemKey === 'decision')?.settled).toBe(true);
    spec.given(paid).when(propose('use_first_pay_later_not_converted')).thenFails('R15_NOT_USE_FIRST_PAY_LATER', 409);
  });
});
