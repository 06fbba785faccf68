import { JsonLogger } from '@chengguo/common';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

/** The worker process has no HTTP surface: a Nest application context is enough. */
export async function createWorkerApp(): Promise<INestApplicationContext> {
  const logger = new JsonLogger('worker', (process.env.LOG_LEVEL as never) ?? 'log');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { logger, bufferLogs: true, abortOnError: false });
  app.useLogger(logger);
  app.enableShutdownHooks();
  return app;
}
