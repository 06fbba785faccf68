import { NO_ACHIEVEMENT, ProcessCommands } from '@chengguo/eventstore';
import { AttachmentCommand, attachmentDecider, AttachmentState } from '../domain/attachment.decider';
import { ATTACHMENT_SCHEMA_VERSIONS, AttachmentEvent, attachmentStreamId } from '../domain/attachment.events';

export type StoreAttachmentInput = Omit<AttachmentCommand, 'actor' | 'now'>;

/** Recording a stored upload: the key is `<sha256>-<uploader>`, the uploader is the caller. */
export const attachmentCommands: ProcessCommands<AttachmentCommand, AttachmentEvent, AttachmentState, StoreAttachmentInput> = {
  process: 'attachment',
  decider: attachmentDecider,
  schemaVersions: ATTACHMENT_SCHEMA_VERSIONS,
  streamId: attachmentStreamId,
  // An upload belongs to its uploader; the disclosures listing it carry its achievement.
  achievement: NO_ACHIEVEMENT,
  prepare: (input, context, { now }) => ({ ...input, actor: context.actor, now }),
};
