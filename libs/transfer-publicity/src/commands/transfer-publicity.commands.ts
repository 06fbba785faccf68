import { AchievementState, achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import { AchievementLink, CommandFacts, ProcessCommands } from '@chengguo/eventstore';
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

/** The commands whose decision may open the approval round (a settled price, or a refused approval reopened). */
const OPENS_APPROVAL: ReadonlyArray<TransferCaseCommand['type']> = ['CompletePublicityPeriod', 'RecordMarketResult', 'ReopenApproval'];

/**
 * The register's state of the case's achievement, as the case stream names it. A case that names
 * none (v1, opened on a patent number only) has no register stream to read: no inventors on record.
 */
async function registerOfCase(caseId: string, load: CommandFacts['load']): Promise<AchievementState> {
  const theCase = await load(transferCaseStreamId(caseId), transferCaseDecider);
  if (!theCase.exists || theCase.achievementId === null) return achievementDecider.initialState;
  return load(achievementStreamId(theCase.achievementId), achievementDecider);
}

/**
 * A case concerns the achievement its opening names (`TransferCaseOpened.achievementId`; a v1 case
 * reads as its disclosure id, or none when it named only a patent number).
 */
export const transferCaseAchievement: AchievementLink = {
  achievementOf(_streamId, opening) {
    const id = (opening?.data as { achievementId?: unknown } | undefined)?.achievementId;
    return typeof id === 'string' && id !== '' ? id : null;
  },
};

/** Every HTTP use case of the transfer case is one domain command on the case stream; the key is the case id. */
export const transferCaseCommands: ProcessCommands<TransferCaseCommand, TransferCaseEvent, TransferCaseState, TransferCaseCommandInput> = {
  process: 'transfer-publicity',
  decider: transferCaseDecider,
  schemaVersions: TRANSFER_CASE_SCHEMA_VERSIONS,
  streamId: transferCaseStreamId,
  achievement: transferCaseAchievement,
  async prepare(input, _context, { now, load }) {
    if (input.type === 'OpenTransferCase') {
      // R3, R5, R12: the register decides ownership, transformability and classification; its
      // revision read here is expected on append, so a register change in between refuses the case.
      const register = await load(achievementStreamId(input.achievementId), achievementDecider);
      return { ...input, register, now };
    }
    if (OPENS_APPROVAL.includes(input.type)) {
      // R4, R13: the approval round names the achievement's inventors as conflicted, read from the
      // register when the round opens (checked on append like the case's opening).
      const register = await registerOfCase(input.caseId, load);
      return { ...input, register, now } as TransferCaseCommand;
    }
    return { ...input, now } as TransferCaseCommand;
  },
};
