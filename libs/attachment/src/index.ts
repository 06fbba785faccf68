import type { ProcessManifest } from '@chengguo/manifest';
import { attachmentAccess } from './attachment.access';
import { attachmentCommands } from './commands/attachment.commands';
import { AttachmentModule } from './attachment.module';
import { ATTACHMENT_STREAM_PREFIX, attachmentDecider } from './domain';

export * from './domain';
export * from './commands/attachment.commands';
export * from './attachment.access';
export * from './attachment.module';
export * from './storage/attachment-storage.port';
export { LocalDiskAttachmentStorage } from './storage/local-disk.storage';
export { S3AttachmentStorage, S3AttachmentStorageOptions } from './storage/s3.storage';

/** Attachments: who stored which bytes (one stream per attachment and uploader); the bytes live in the attachment store. */
export const attachmentProcess: ProcessManifest = {
  name: 'attachment',
  access: attachmentAccess,
  module: AttachmentModule,
  commands: [attachmentCommands],
  audit: [{ name: 'attachment', streamPrefix: ATTACHMENT_STREAM_PREFIX, decider: attachmentDecider }],
};
