import { NotificationsModule, validateEnvironment } from '@chengguo/common';
import { EventStoreModule } from '@chengguo/eventstore';
import { apiTables, OperationsModule } from '@chengguo/operations';
import { PROCESS_READ_MODELS } from '@chengguo/processes';
import { ReadModelsModule } from '@chengguo/read-models';
import { TemporalModule } from '@chengguo/temporal';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { WorkerRuntime } from './worker-runtime';

/**
 * Composition of the worker process. Built by a function so configuration is read at start. Its HTTP
 * surface is only for operators: /metrics and the probes (WORKER_HTTP_PORT).
 */
@Module({})
export class WorkerModule {
  static forRoot(): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment }),
        EventStoreModule,
        ReadModelsModule.forRoot([...PROCESS_READ_MODELS, apiTables]),
        TemporalModule,
        OperationsModule.forApp('worker'),
        NotificationsModule,
      ],
      providers: [WorkerRuntime],
    };
  }
}
