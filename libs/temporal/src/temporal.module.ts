import { EnvironmentVariables } from '@chengguo/common';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Connection } from '@temporalio/client';
import {
  registeredSearchAttributes,
  searchAttributesInterceptor,
  WORKFLOW_START_OBSERVER,
  WorkflowStartObserver,
} from './search-attributes';
import { createTemporalClient, temporalSettingsFrom } from './temporal-connection';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

const CLIENT_AND_CONNECTION = Symbol('TEMPORAL_CLIENT_AND_CONNECTION');

const TEMPORAL_VARIABLES = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_CERT_DATA',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  'TEMPORAL_TLS_SERVER_NAME',
] as const;

/** The validated Temporal variables (client and worker read the same ones). */
export function temporalEnvironment(config: ConfigService<EnvironmentVariables, true>): Parameters<typeof temporalSettingsFrom>[0] {
  return Object.fromEntries(TEMPORAL_VARIABLES.map((name) => [name, config.get(name, { infer: true })]));
}

/** The Temporal client for starting, signalling and querying workflows (api and worker). */
@Global()
@Module({
  providers: [
    {
      provide: CLIENT_AND_CONNECTION,
      inject: [ConfigService, { token: WORKFLOW_START_OBSERVER, optional: true }],
      useFactory: (config: ConfigService<EnvironmentVariables, true>, observer?: WorkflowStartObserver) => {
        const settings = temporalSettingsFrom(temporalEnvironment(config));
        const logger = new Logger('TemporalSearchAttributes');
        return createTemporalClient(settings, (connection) => [
          searchAttributesInterceptor(
            registeredSearchAttributes(connection, settings.namespace, (why) => logger.warn(`workflows start unlabelled: ${why}`)),
            observer,
          ),
        ]);
      },
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
