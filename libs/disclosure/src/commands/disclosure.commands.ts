import { achievementIdAfterPrefix, NO_ACHIEVEMENT, ProcessCommands } from '@chengguo/eventstore';
import { disclosurePolicyAt } from '../disclosure-policy.store';
import { DisclosureCommand, disclosureDecider, DisclosureState } from '../domain/disclosure.decider';
import { DISCLOSURE_SCHEMA_VERSIONS, DISCLOSURE_STREAM_PREFIX, DisclosureEvent, disclosureStreamId } from '../domain/disclosure.events';
import {
  DISCLOSURE_POLICY_STREAM,
  disclosurePolicyDecider,
  DisclosurePolicyPublished,
  DisclosurePolicyState,
  PublishDisclosurePolicy,
} from '../domain/disclosure-policy';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now' | 'policy'> : never;
/** A disclosure command as the API states it; actor, time and policy are added by `prepare`. */
export type DisclosureCommandInput = WithoutContext<Exclude<DisclosureCommand, { type: 'RecordDeadlineMissed' }>>;

/** The commands whose rules read the policy in force (deadlines, evaluator terms). */
const NEEDS_POLICY = new Set<DisclosureCommandInput['type']>(['SubmitDisclosure', 'AmendDisclosure', 'AssignEvaluator']);

/** Disclosure commands (R1, R2): the key is the disclosure id; the policy in force comes from its stream. */
export const disclosureCommands: ProcessCommands<DisclosureCommand, DisclosureEvent, DisclosureState, DisclosureCommandInput> = {
  process: 'disclosure',
  decider: disclosureDecider,
  schemaVersions: DISCLOSURE_SCHEMA_VERSIONS,
  streamId: disclosureStreamId,
  // One disclosure is one achievement: its id is the achievement's (ADR 12).
  achievement: achievementIdAfterPrefix(DISCLOSURE_STREAM_PREFIX),
  async prepare(input, context, { store, now }) {
    const policy = NEEDS_POLICY.has(input.type) ? await disclosurePolicyAt(store, now) : undefined;
    return { ...input, actor: context.actor, now, ...(policy ? { policy } : {}) } as DisclosureCommand;
  },
};

export type PublishDisclosurePolicyInput = Omit<PublishDisclosurePolicy, 'publishedBy' | 'now'>;

/** Publishing a policy version: one stream for the whole unit, whatever the key. */
export const disclosurePolicyCommands: ProcessCommands<
  PublishDisclosurePolicy,
  DisclosurePolicyPublished,
  DisclosurePolicyState,
  PublishDisclosurePolicyInput
> = {
  process: 'disclosure-policy',
  decider: disclosurePolicyDecider,
  schemaVersions: { DisclosurePolicyPublished: 1 },
  streamId: () => DISCLOSURE_POLICY_STREAM,
  achievement: NO_ACHIEVEMENT,
  prepare: (input, context, { now }) => ({ ...input, publishedBy: context.actor.userId, now }),
};
