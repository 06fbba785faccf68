import { noteRegisterIrregularity } from '@chengguo/achievement-register';
import { deterministicUuid, EventStore, runProcessCommand } from '@chengguo/eventstore';
import { incomeLedgerCommands, IncomeCommandInput } from '@chengguo/income-ledger';
import { isRuleViolation, toDomainEvent } from '@chengguo/kernel';
import { Reaction } from '@chengguo/temporal';
import { EQUITY_INVESTMENT_STREAM_PREFIX, EquityInvestmentEvent } from '../domain/equity-investment.events';

const INCOME_ACTOR = { userId: 'system:equity-investment', role: 'system' };

/** The income-ledger entry an investment event is: shares at the valuation, a dividend, a sale's proceeds. */
function incomeEntryOf(event: EquityInvestmentEvent, receiptId: string): IncomeCommandInput | null {
  const common = {
    type: 'RecordIncome' as const,
    achievementId: event.achievementId,
    receiptId,
    invoiceNumber: null,
    // The investment on the register is the source the ledger checks (R5).
    contractReference: event.investmentId,
  };
  switch (event.type) {
    case 'EquitySharesReceived':
      return {
        ...common,
        source: 'equity_investment',
        form: 'equity',
        amountFen: event.valueFen,
        receivedOn: event.registeredOn,
        payer: event.company.name,
        evidence: event.evidence,
      };
    case 'EquityDividendReceived':
      return {
        ...common,
        source: 'equity_dividend',
        form: 'cash',
        amountFen: event.amountFen,
        receivedOn: event.receivedOn,
        payer: event.company.name,
        evidence: event.evidence,
      };
    case 'EquityHoldingSold':
      return {
        ...common,
        source: 'equity_sale',
        form: 'cash',
        amountFen: event.proceedsFen,
        receivedOn: event.soldOn,
        payer: event.buyer,
        evidence: event.evidence,
      };
    default:
      return null;
  }
}

/**
 * Do-x-when-y (R8, R14): what an equity investment yields lands in its achievement's income ledger
 * (`income-<achievementId>`) — the shares received as equity at the valuation, dividends and sale
 * proceeds as cash. The receipt id and the command id derive from the source event id, so a
 * redelivery appends nothing twice. A refusal that will never change is noted on the register as
 * an irregularity citing the event, rather than stalling the dispatcher.
 */
export function recordEquityIncome(store: EventStore): Reaction {
  return {
    name: 'income-ledger-from-equity-investment',
    eventTypes: ['EquitySharesReceived', 'EquityDividendReceived', 'EquityHoldingSold'],
    async react(recorded) {
      if (!recorded.streamId.startsWith(EQUITY_INVESTMENT_STREAM_PREFIX)) return;
      const event = toDomainEvent<EquityInvestmentEvent>(recorded);
      const input = incomeEntryOf(event, deterministicUuid('equity-income', recorded.eventId));
      if (!input) return;
      const outcome = await runProcessCommand(store, incomeLedgerCommands, event.achievementId, input, {
        commandId: `income:${recorded.eventId}`,
        actor: INCOME_ACTOR,
        correlationId: recorded.metadata.correlationId,
        causationId: recorded.eventId,
        occurredAt: recorded.metadata.occurredAt,
      });
      if (!isRuleViolation(outcome)) return;
      if (outcome.code === 'INCOME_ENTRY_EXISTS') return; // redelivered: the receipt is on the ledger
      await noteRegisterIrregularity(store, recorded, event.achievementId, outcome);
    },
  };
}
