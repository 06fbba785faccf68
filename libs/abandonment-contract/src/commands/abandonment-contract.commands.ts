import { disclosurePolicyAt } from '@chengguo/disclosure';
import { achievementIdAfterPrefix, ProcessCommands } from '@chengguo/eventstore';
import { abandonmentContractDecider, ContractCommand, ContractState } from '../domain/abandonment-contract.decider';
import {
  ABANDONMENT_CONTRACT_PREFIX,
  ABANDONMENT_CONTRACT_SCHEMA_VERSIONS,
  AbandonmentContractEvent,
  abandonmentContractStreamId,
} from '../domain/abandonment-contract.events';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now' | 'signingDays'> : never;
/** A contract command as the API states it (contracts are opened by a reaction, never over HTTP). */
export type ContractCommandInput = WithoutContext<Exclude<ContractCommand, { type: 'OpenAbandonmentContract' }>>;

/**
 * Abandonment-contract commands (R3): the key is the contract id. An amendment restarts signing,
 * so it carries the signing period of the disclosure policy in force.
 */
export const abandonmentContractCommands: ProcessCommands<ContractCommand, AbandonmentContractEvent, ContractState, ContractCommandInput> =
  {
    process: 'abandonment-contract',
    decider: abandonmentContractDecider,
    schemaVersions: ABANDONMENT_CONTRACT_SCHEMA_VERSIONS,
    streamId: abandonmentContractStreamId,
    // A contract is named after its disclosure, whose id is the achievement's (ADR 12).
    achievement: achievementIdAfterPrefix(ABANDONMENT_CONTRACT_PREFIX),
    async prepare(input, context, { store, now }) {
      const signingDays = input.type === 'AmendContractTerms' ? (await disclosurePolicyAt(store, now)).contractSigningDays : undefined;
      return { ...input, actor: context.actor, now, ...(signingDays ? { signingDays } : {}) } as ContractCommand;
    },
  };
