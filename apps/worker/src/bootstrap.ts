import { EnvironmentVariables, JsonLogger } from '@chengguo/common';
import { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { WorkerModule } from './worker.module';

/**
 * The worker process: projector, dispatcher and Temporal worker, plus a small HTTP server for
 * operators only (/metrics, /health/live, /health/ready) on WORKER_HTTP_PORT. `init()` starts the
 * work; main.ts also listens.
 */
export async function createWorkerApp(): Promise<INestApplication> {
  const logger = new JsonLogger('worker', (process.env.LOG_LEVEL as never) ?? 'log');
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule.forRoot(), {
    logger,
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(logger);
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  return app;
}

export function workerListenPort(app: INestApplication): number {
  return app.get(ConfigService<EnvironmentVariables, true>).get('WORKER_HTTP_PORT', { infer: true });
}
