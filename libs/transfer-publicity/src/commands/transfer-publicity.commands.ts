import { achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import { ProcessCommands } from '@chengguo/eventstore';
import { TransferCaseCommand, TransferCaseState, transferCaseDecider } from '../domain/transfer-case.decider';
import { TRANSFER_CASE_SCHEMA_VERSIONS, TransferCaseEvent, transferCaseStreamId } from '../domain/transfer-case.events';

/**
 * A transfer-case command as the controller states it: the command path stamps `now`, and loads
 * the facts of other streams (the register's state of the achievement a case is opened on).
 */
export type TransferCaseCommandInput = TransferCaseCommand extends infer C
  ? C extends { now: string }
    ? Omit<C, 'now' | 'register'>
    : never
  : never;

/** Every HTTP use case of the transfer case is one domain command on the case stream; the key is the case id. */
export const transferCaseCommands: ProcessCommands<TransferCaseCommand, TransferCaseEvent, TransferCaseState, TransferCaseCommandInput> = {
  process: 'transfer-publicity',
  decider: transferCaseDecider,
  schemaVersions: TRANSFER_CASE_SCHEMA_VERSIONS,
  streamId: transferCaseStreamId,
  async prepare(input, _context, { now, load }) {
    if (input.type !== 'OpenTransferCase') return { ...input, now } as TransferCaseCommand;
    // R3, R5, R12: the register decides ownership, transformability and classification; its
    // revision read here is expected on append, so a register change in between refuses the case.
    const register = await load(achievementStreamId(input.achievementId), achievementDecider);
    return { ...input, register, now };
  },
};
