import { achievementDecider, achievementIdOfDisclosure, achievementStreamId } from '@chengguo/achievement-register/domain';
import { disclosurePolicyAt } from '@chengguo/disclosure';
import { achievementIdAfterPrefix, ProcessCommands } from '@chengguo/eventstore';
import { abandonmentContractDecider, ContractCommand, ContractState } from '../domain/abandonment-contract.decider';
import {
  ABANDONMENT_CONTRACT_PREFIX,
  ABANDONMENT_CONTRACT_SCHEMA_VERSIONS,
  AbandonmentContractEvent,
  abandonmentContractStreamId,
} from '../domain/abandonment-contract.events';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now' | 'signingDays' | 'register'> : never;
/** A contract command as the API states it (contracts are opened by a reaction, never over HTTP). */
export type ContractCommandInput = WithoutContext<Exclude<ContractCommand, { type: 'OpenAbandonmentContract' }>> & {
  /** The contract the route names (the command's key): its achievement has the same id. */
  contractId?: string;
};

/**
 * Abandonment-contract commands (R3): the key is the contract id. An amendment restarts signing,
 * so it carries the signing period of the disclosure policy in force. The commands that open a round
 * (an amendment, a request to end the obligations) read the register's inventors of the achievement,
 * who are conflicted in it (R4, R13); the register's revision is expected on append.
 */
export const abandonmentContractCommands: ProcessCommands<ContractCommand, AbandonmentContractEvent, ContractState, ContractCommandInput> =
  {
    process: 'abandonment-contract',
    decider: abandonmentContractDecider,
    schemaVersions: ABANDONMENT_CONTRACT_SCHEMA_VERSIONS,
    streamId: abandonmentContractStreamId,
    // A contract is named after its disclosure, whose id is the achievement's (ADR 12).
    achievement: achievementIdAfterPrefix(ABANDONMENT_CONTRACT_PREFIX),
    async prepare(input, context, { store, now, load }) {
      const signingDays = input.type === 'AmendContractTerms' ? (await disclosurePolicyAt(store, now)).contractSigningDays : undefined;
      const opensRound = input.type === 'AmendContractTerms' || input.type === 'RequestObligationsEnd';
      // The contract's key is its disclosure's id, which is the achievement's (one ↔ one).
      const register =
        opensRound && input.contractId
          ? await load(achievementStreamId(achievementIdOfDisclosure(input.contractId)), achievementDecider)
          : undefined;
      const { contractId: _key, ...command } = input;
      return {
        ...command,
        actor: context.actor,
        now,
        ...(signingDays ? { signingDays } : {}),
        ...(register ? { register } : {}),
      } as ContractCommand;
    },
  };
