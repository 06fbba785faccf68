import { EnvironmentVariables } from '@chengguo/common';
import { CommandPathModule } from '@chengguo/eventstore';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { join, resolve } from 'node:path';
import { ATTACHMENT_LIMITS, AttachmentLimits } from './attachment-limits';
import { AttachmentController } from './attachment.controller';
import { ATTACHMENT_STORAGE, AttachmentStorage } from './storage/attachment-storage.port';
import { LocalDiskAttachmentStorage } from './storage/local-disk.storage';
import { S3AttachmentStorage } from './storage/s3.storage';

type Config = ConfigService<EnvironmentVariables, true>;

/** The configured attachment store: local disk by default, an S3-compatible bucket in production. */
export async function attachmentStorageFrom(config: Config): Promise<AttachmentStorage> {
  const directory = resolve(
    config.get('ATTACHMENTS_DIR', { infer: true }) ?? join(config.get('CHENGGUO_DATA_DIR', { infer: true }), 'attachments'),
  );
  if (config.get('ATTACHMENT_STORAGE', { infer: true }) === 's3') {
    const storage = new S3AttachmentStorage({
      bucket: config.get('S3_BUCKET', { infer: true })!,
      endpoint: config.get('S3_ENDPOINT', { infer: true }),
      region: config.get('S3_REGION', { infer: true }),
      forcePathStyle: config.get('S3_FORCE_PATH_STYLE', { infer: true }) === 'true',
      prefix: config.get('S3_KEY_PREFIX', { infer: true }),
      stagingDirectory: join(directory, '.staging'),
    });
    await storage.init();
    return storage;
  }
  const storage = new LocalDiskAttachmentStorage(directory);
  await storage.init();
  return storage;
}

/** HTTP face of the attachment process (api app). */
@Module({
  imports: [CqrsModule, CommandPathModule],
  controllers: [AttachmentController],
  providers: [
    { provide: ATTACHMENT_STORAGE, inject: [ConfigService], useFactory: attachmentStorageFrom },
    {
      provide: ATTACHMENT_LIMITS,
      inject: [ConfigService],
      useFactory: (config: Config): AttachmentLimits => ({ maxBytes: config.get('ATTACHMENT_MAX_BYTES', { infer: true }) }),
    },
  ],
})
export class AttachmentModule {}
