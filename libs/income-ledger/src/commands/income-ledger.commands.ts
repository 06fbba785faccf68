import { achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import { achievementIdAfterPrefix, ProcessCommands } from '@chengguo/eventstore';
import { IncomeCommand, incomeLedgerDecider, IncomeLedgerState } from '../domain/income.decider';
import { INCOME_SCHEMA_VERSIONS, INCOME_STREAM_PREFIX, IncomeEvent, incomeStreamId } from '../domain/income.events';

/** An income-ledger command as the controller states it: actor, time and the register's facts are added by `prepare`. */
export type IncomeCommandInput = IncomeCommand extends infer C
  ? C extends { now: string }
    ? Omit<C, 'now' | 'actor' | 'register'>
    : never
  : never;

/** Finance's entries in an achievement's income ledger (R8, R14); the key is the achievement id. */
export const incomeLedgerCommands: ProcessCommands<IncomeCommand, IncomeEvent, IncomeLedgerState, IncomeCommandInput> = {
  process: 'income-ledger',
  decider: incomeLedgerDecider,
  schemaVersions: INCOME_SCHEMA_VERSIONS,
  streamId: incomeStreamId,
  // An income ledger is named after its achievement.
  achievement: achievementIdAfterPrefix(INCOME_STREAM_PREFIX),
  async prepare(input, context, { now, load }) {
    const actor = { userId: context.actor.userId };
    if (input.type === 'CorrectLedgerEntry') return { ...input, actor, now };
    // R3, R5, R12: whether the achievement is registered and which cases and contracts it links to
    // are the register's facts; its revision read here is expected on append.
    const register = await load(achievementStreamId(input.achievementId), achievementDecider);
    return { ...input, actor, now, register } as IncomeCommand;
  },
};
