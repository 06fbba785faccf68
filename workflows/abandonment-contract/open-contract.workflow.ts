import { proxyActivities } from '@temporalio/workflow';
import type { OpenContractActivities, OpenContractInput } from './open-contract.contract';

const { openAbandonmentContract } = proxyActivities<OpenContractActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * R3: a "do not file" decision leads to a written contract with the inventors. The disclosure and
 * the contract are separate processes that meet through events: this workflow, started from the
 * decision event, opens the contract stream (durably retried until it succeeds). Its signing
 * deadline is then kept by the sign-off workflow of the contract's signature round.
 */
export async function openAbandonmentContractWorkflow(input: OpenContractInput): Promise<string> {
  return openAbandonmentContract(input);
}
