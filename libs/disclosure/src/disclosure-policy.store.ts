import { EventStore } from '@chengguo/eventstore';
import {
  DISCLOSURE_POLICY_STREAM,
  disclosurePolicyDecider,
  DisclosurePolicy,
  DisclosurePolicyPublished,
  DisclosurePolicyState,
  policyInEffect,
} from './domain/disclosure-policy';

/** All published versions of the disclosure policy, oldest first. */
export async function loadDisclosurePolicies(store: EventStore): Promise<DisclosurePolicyState> {
  const events = await store.readStream(DISCLOSURE_POLICY_STREAM);
  return events.reduce(
    (state, e) => disclosurePolicyDecider.evolve(state, { ...(e.data as object), type: e.type } as DisclosurePolicyPublished),
    disclosurePolicyDecider.initialState,
  );
}

export async function disclosurePolicyAt(store: EventStore, at: string): Promise<DisclosurePolicy> {
  return policyInEffect(await loadDisclosurePolicies(store), at);
}
