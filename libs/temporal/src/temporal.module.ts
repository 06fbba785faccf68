import { EnvironmentVariables } from '@chengguo/common';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Connection } from '@temporalio/client';
import { createTemporalClient } from './temporal-connection';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

const CLIENT_AND_CONNECTION = Symbol('TEMPORAL_CLIENT_AND_CONNECTION');

/** The Temporal client for starting, signalling and querying workflows (api and worker). */
@Global()
@Module({
  providers: [
    {
      provide: CLIENT_AND_CONNECTION,
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) =>
        createTemporalClient(config.get('TEMPORAL_ADDRESS', { infer: true }), config.get('TEMPORAL_NAMESPACE', { infer: true })),
    },
    { provide: TEMPORAL_CLIENT, inject: [CLIENT_AND_CONNECTION], useFactory: (x: ReturnType<typeof createTemporalClient>) => x.client },
    {
      provide: TEMPORAL_CONNECTION,
      inject: [CLIENT_AND_CONNECTION],
      useFactory: (x: ReturnType<typeof createTemporalClient>) => x.connection,
    },
  ],
  exports: [TEMPORAL_CLIENT, TEMPORAL_CONNECTION],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
