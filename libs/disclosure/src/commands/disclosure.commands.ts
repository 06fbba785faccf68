import { attachmentDecider, attachmentKey, attachmentStreamId } from '@chengguo/attachment/domain';
import { achievementIdAfterPrefix, CommandFacts, NO_ACHIEVEMENT, ProcessCommands } from '@chengguo/eventstore';
import { DisclosureCommand, disclosureDecider, DisclosureState } from '../domain/disclosure.decider';
import {
  AttachmentOnRecord,
  DISCLOSURE_SCHEMA_VERSIONS,
  DISCLOSURE_STREAM_PREFIX,
  DisclosureEvent,
  disclosureStreamId,
} from '../domain/disclosure.events';
import {
  DISCLOSURE_POLICY_STREAM,
  disclosurePolicyDecider,
  DisclosurePolicyPublished,
  DisclosurePolicyState,
  policyInEffect,
  PublishDisclosurePolicy,
} from '../domain/disclosure-policy';

type WithoutContext<C> = C extends unknown ? Omit<C, 'actor' | 'now' | 'policy' | 'attachmentsOnRecord'> : never;
/** A disclosure command as the API states it; actor, time, policy and uploads on record are added by `prepare`. */
export type DisclosureCommandInput = WithoutContext<Exclude<DisclosureCommand, { type: 'RecordDeadlineMissed' }>>;

/** The commands whose rules read the policy in force (deadlines, evaluator terms). */
const NEEDS_POLICY = new Set<DisclosureCommandInput['type']>(['SubmitDisclosure', 'AmendDisclosure', 'AssignEvaluator']);

/**
 * The listed files the acting user uploaded, from their attachment streams (never from the request):
 * the decider refuses any other. A submission lists the draft's files, read from this stream.
 */
async function attachmentsOnRecord(
  input: DisclosureCommandInput,
  userId: string,
  facts: CommandFacts,
): Promise<AttachmentOnRecord[] | undefined> {
  let listed: string[];
  if (input.type === 'DraftDisclosure' || input.type === 'UpdateDraft' || input.type === 'AmendDisclosure')
    listed = input.content.attachments.map((a) => a.sha256);
  else if (input.type === 'SubmitDisclosure')
    listed = (await facts.load(facts.streamId, disclosureDecider)).content?.attachments.map((a) => a.sha256) ?? [];
  else return undefined;
  const onRecord: AttachmentOnRecord[] = [];
  for (const sha256 of new Set(listed)) {
    // A malformed hash names no stream; the decider refuses it as not uploaded.
    if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
    const { stored } = await facts.load(attachmentStreamId(attachmentKey(sha256, userId)), attachmentDecider);
    if (stored) onRecord.push({ sha256, sizeBytes: stored.sizeBytes, contentType: stored.contentType });
  }
  return onRecord;
}

/**
 * Disclosure commands (R1, R2): the key is the disclosure id; the policy in force comes from its
 * stream, the author's uploads from their attachment streams.
 */
export const disclosureCommands: ProcessCommands<DisclosureCommand, DisclosureEvent, DisclosureState, DisclosureCommandInput> = {
  process: 'disclosure',
  decider: disclosureDecider,
  schemaVersions: DISCLOSURE_SCHEMA_VERSIONS,
  streamId: disclosureStreamId,
  // One disclosure is one achievement: its id is the achievement's (ADR 12).
  achievement: achievementIdAfterPrefix(DISCLOSURE_STREAM_PREFIX),
  async prepare(input, context, facts) {
    // The policy stream is a fact like any other: the append expects it unchanged (and it may come from the cache).
    // Checked without a share lock (every submission reads this one stream): publishing a policy
    // reads no disclosure, so a publish committed before the append still makes it decide again,
    // and one committing while the append runs is simply ordered after it (ADR 28).
    const policy = NEEDS_POLICY.has(input.type)
      ? policyInEffect(await facts.load(DISCLOSURE_POLICY_STREAM, disclosurePolicyDecider, { locked: false }), facts.now)
      : undefined;
    const onRecord = await attachmentsOnRecord(input, context.actor.userId, facts);
    return {
      ...input,
      actor: context.actor,
      now: facts.now,
      ...(policy ? { policy } : {}),
      ...(onRecord ? { attachmentsOnRecord: onRecord } : {}),
    } as DisclosureCommand;
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
