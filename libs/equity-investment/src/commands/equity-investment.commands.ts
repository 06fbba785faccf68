import { achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import { AchievementLink, ProcessCommands } from '@chengguo/eventstore';
import { transferCaseDecider, transferCaseStreamId } from '@chengguo/transfer-publicity/domain';
import { EquityInvestmentCommand, equityInvestmentDecider, EquityInvestmentState } from '../domain/equity-investment.decider';
import { EQUITY_INVESTMENT_SCHEMA_VERSIONS, EquityInvestmentEvent, equityInvestmentStreamId } from '../domain/equity-investment.events';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now' | 'facts'> : never;

/** An equity-investment command as the controller states it: actor, time and the other streams' facts are added by `prepare`. */
export type EquityInvestmentInput = WithoutContext<EquityInvestmentCommand>;

/** An investment concerns the achievement its opening names. */
export const equityInvestmentAchievement: AchievementLink = {
  achievementOf(_streamId, opening) {
    const id = (opening?.data as { achievementId?: unknown } | undefined)?.achievementId;
    return typeof id === 'string' && id !== '' ? id : null;
  },
};

/** Every HTTP use case of an equity investment is one domain command on its stream; the key is the investment id. */
export const equityInvestmentCommands: ProcessCommands<
  EquityInvestmentCommand,
  EquityInvestmentEvent,
  EquityInvestmentState,
  EquityInvestmentInput
> = {
  process: 'equity-investment',
  decider: equityInvestmentDecider,
  schemaVersions: EQUITY_INVESTMENT_SCHEMA_VERSIONS,
  streamId: equityInvestmentStreamId,
  achievement: equityInvestmentAchievement,
  async prepare(input, context, { now, load, streamId }) {
    const actor = { userId: context.actor.userId };
    switch (input.type) {
      case 'OpenEquityInvestment': {
        // R5, R12: the register's achievement and the case (mode, achievement, counterparty) are
        // read here and expected unchanged on append.
        const register = await load(achievementStreamId(input.achievementId), achievementDecider);
        const transferCase = await load(transferCaseStreamId(input.caseId), transferCaseDecider);
        return { ...input, actor, now, facts: { register, transferCase } };
      }
      case 'RecordValuation':
      case 'RecordSharesReceived': {
        // R6, R7, R5: the case's settled price, publicity and execution, from the case the investment names.
        const investment = await load(streamId, equityInvestmentDecider);
        const transferCase = investment.caseId
          ? await load(transferCaseStreamId(investment.caseId), transferCaseDecider)
          : transferCaseDecider.initialState;
        return { ...input, actor, now, facts: { transferCase } } as EquityInvestmentCommand;
      }
      default:
        return { ...input, actor, now } as EquityInvestmentCommand;
    }
  },
};
