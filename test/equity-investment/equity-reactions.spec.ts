import { achievementRegisterCommands, registerFactReactions } from '@chengguo/achievement-register';
import { ACHIEVEMENT_SCHEMA_VERSIONS, achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import {
  EQUITY_INVESTMENT_SCHEMA_VERSIONS,
  EquityInvestmentEvent,
  equityInvestmentStreamId,
  recordEquityIncome,
} from '@chengguo/equity-investment';
import { handleCommand, loadStream, newId, PostgresEventStore } from '@chengguo/eventstore';
import { incomeLedgerDecider, incomeStreamId } from '@chengguo/income-ledger/domain';
import { ReactionHarness } from '../fixtures/reaction-harness';
import { createTestDatabase } from '../support/databases';

/**
 * The reactions an equity investment sets off, against a real PostgreSQL event store: the register
 * records the investment and the holding, the income ledger the shares, a dividend and a sale —
 * and delivering every event a second time (a dispatcher restarted before its checkpoint moved)
 * changes nothing.
 */
describe('equity investment reactions', () => {
  let store: PostgresEventStore;
  let harness: ReactionHarness;

  beforeAll(async () => {
    store = new PostgresEventStore({ connectionString: await createTestDatabase('equity_reactions') });
    await store.migrate();
    harness = new ReactionHarness(store, [...registerFactReactions(store), recordEquityIncome(store)], { occurredAt: T, actor });
  });

  afterAll(async () => {
    await store?.close();
  });

  const T = '2026-05-01T02:00:00.000Z';
  const actor = { userId: 'wang', role: 'tto_officer' };
  const evidence = { summary: '证明材料', documentSha256: ['c'.repeat(64)] };
  const company = { name: '高原新材料科技有限公司', creditCode: '91540100MA6T1XYW3K' };

  it('records investment and holding on the register and the yields in the income ledger, once', async () => {
    const investmentId = newId();
    const { achievementId, caseId } = await harness.transferCaseOnRegisteredAchievement({
      title: '一种高原光伏组件自清洁涂层',
      applicationNumber: 'CN202610000001.1',
      mode: { kind: 'equity_investment' },
      counterparty: company,
      proposedPriceFen: 300_000_000,
    });
    const holding = { shares: 3_000_000, capitalContributionFen: 300_000_000, shareholdingBasisPoints: 1_500 };
    const after = { shares: 2_000_000, capitalContributionFen: 200_000_000, shareholdingBasisPoints: 1_000 };
    const base = { investmentId, achievementId };
    const events: EquityInvestmentEvent[] = [
      { ...base, type: 'EquityInvestmentOpened', caseId, company, openedBy: 'wang', openedAt: T, ruleKeys: ['R5'] },
      {
        ...base,
        type: 'EquityInvestmentValued',
        caseId,
        method: 'agreement',
        valueFen: 300_000_000,
        appraisal: null,
        publicityRound: 1,
        valuedBy: 'wang',
        valuedAt: T,
        ruleKeys: ['R5', 'R6', 'R7'],
      },
      {
        ...base,
        type: 'EquitySharesReceived',
        caseId,
        company,
        registeredOn: '2026-04-20',
        holding,
        valueFen: 300_000_000,
        evidence,
        recordedBy: 'wang',
        recordedAt: T,
        ruleKeys: ['R5', 'R12'],
      },
      {
        ...base,
        type: 'EquityDividendReceived',
        dividendId: newId(),
        amountFen: 1_200_000,
        receivedOn: '2026-04-25',
        company,
        evidence,
        recordedBy: 'wu',
        recordedAt: T,
        ruleKeys: ['R8', 'R14'],
      },
      {
        ...base,
        type: 'EquityHoldingSold',
        saleId: newId(),
        buyer: '拉萨创新投资基金',
        sharesSold: 1_000_000,
        capitalContributionSoldFen: 100_000_000,
        proceedsFen: 150_000_000,
        soldOn: '2026-04-28',
        holdingAfter: after,
        evidence,
        recordedBy: 'wang',
        recordedAt: T,
        ruleKeys: ['R5', 'R8', 'R14'],
      },
    ];
    await harness.append(equityInvestmentStreamId(investmentId), EQUITY_INVESTMENT_SCHEMA_VERSIONS, events);

    await harness.dispatch();
    const register = await loadStream(store, achievementStreamId(achievementId), achievementDecider);
    const ledger = await loadStream(store, incomeStreamId(achievementId), incomeLedgerDecider);
    expect(register.state.irregularities).toEqual([]);
    expect(register.state.equityInvestments).toEqual([
      { investmentId, caseId, company, valueFen: 300_000_000, registeredOn: '2026-04-20', holding: after },
    ]);
    expect(Object.values(ledger.state.entries).map((e) => [e.source, e.form, e.amountFen, e.contractReference, e.on])).toEqual([
      ['equity_investment', 'equity', 300_000_000, investmentId, '2026-04-20'],
      ['equity_dividend', 'cash', 1_200_000, investmentId, '2026-04-25'],
      ['equity_sale', 'cash', 150_000_000, investmentId, '2026-04-28'],
    ]);

    await harness.dispatch();
    expect((await loadStream(store, achievementStreamId(achievementId), achievementDecider)).revision).toBe(register.revision);
    expect((await loadStream(store, incomeStreamId(achievementId), incomeLedgerDecider)).revision).toBe(ledger.revision);
  });

  it('notes on the register an income it cannot record, instead of retrying for ever', async () => {
    const achievementId = newId();
    const investmentId = newId();
    await handleCommand(
      store,
      achievementStreamId(achievementId),
      achievementDecider,
      {
        type: 'RegisterExistingAchievement',
        achievementId,
        kind: 'know_how',
        title: '牦牛乳蛋白快速检测试剂盒',
        inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }],
        classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
        rights: {},
        evidence,
        actor,
        now: T,
      },
      { commandId: newId(), actor, correlationId: 'c', occurredAt: T },
      ACHIEVEMENT_SCHEMA_VERSIONS,
      achievementRegisterCommands.achievement,
    );
    // A dividend on an investment the register never recorded (no opening delivered).
    const dividend: EquityInvestmentEvent = {
      type: 'EquityDividendReceived',
      investmentId,
      achievementId,
      dividendId: newId(),
      amountFen: 500_000,
      receivedOn: '2026-04-25',
      company,
      evidence,
      recordedBy: 'wu',
      recordedAt: T,
      ruleKeys: ['R8', 'R14'],
    };
    harness.forget();
    await harness.append(equityInvestmentStreamId(investmentId), EQUITY_INVESTMENT_SCHEMA_VERSIONS, [dividend]);
    await harness.dispatch();
    await harness.dispatch();
    const register = await loadStream(store, achievementStreamId(achievementId), achievementDecider);
    expect(register.state.irregularities.map((i) => i.code)).toEqual(['R5_TRANSFORMATION_NOT_ON_RECORD']);
    expect((await store.readStream(incomeStreamId(achievementId))).length).toBe(0);
  });
});
