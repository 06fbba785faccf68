import { ProcessCommands } from '@chengguo/eventstore';
import { TransferCaseCommand, TransferCaseState, transferCaseDecider } from '../domain/transfer-case.decider';
import { TRANSFER_CASE_SCHEMA_VERSIONS, TransferCaseEvent, transferCaseStreamId } from '../domain/transfer-case.events';

/** A transfer-case command as the controller states it; the command path stamps `now`. */
export type TransferCaseCommandInput = TransferCaseCommand extends infer C ? (C extends { now: string } ? Omit<C, 'now'> : never) : never;

/** Every HTTP use case of the transfer case is one domain command on the case stream; the key is the case id. */
export const transferCaseCommands: ProcessCommands<TransferCaseCommand, TransferCaseEvent, TransferCaseState, TransferCaseCommandInput> = {
  process: 'transfer-publicity',
  decider: transferCaseDecider,
  schemaVersions: TRANSFER_CASE_SCHEMA_VERSIONS,
  streamId: transferCaseStreamId,
  prepare: (input, _context, { now }) => ({ ...input, now }) as TransferCaseCommand,
};
