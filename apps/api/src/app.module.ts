import {
  DevTokenVerifier,
  EnvironmentVariables,
  OidcTokenVerifier,
  TOKEN_VERIFIER,
  TokenVerifier,
  validateEnvironment,
} from '@chengguo/common';
import { EventStoreModule } from '@chengguo/eventstore';
import { OperationsModule, PostgresThrottlerStorage } from '@chengguo/operations';
import { PROCESSES, PROCESS_READ_MODELS } from '@chengguo/processes';
import { ReadModelsModule } from '@chengguo/read-models';
import { TemporalModule } from '@chengguo/temporal';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessGuard } from './access/access.guard';
import { CallerThrottlerGuard } from './access/caller-throttler.guard';
import { HealthController } from './health.controller';
import { IdempotencyGuard, apiTables } from './idempotency';
import { PortalController } from './portal/portal.controller';

/**
 * Composition of the HTTP API: the platform (configuration, event store, read models, Temporal
 * client, access, idempotency) and each process's HTTP module from the list of processes. Built by
 * a function so configuration is read when the app starts.
 */
@Module({})
export class ApiModule {
  static forRoot(): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment }),
        CqrsModule.forRoot(),
        EventStoreModule,
        ReadModelsModule.forRoot([...PROCESS_READ_MODELS, apiTables]),
        TemporalModule,
        OperationsModule.forApp('api'),
        ThrottlerModule.forRootAsync({
          inject: [ConfigService, getDataSourceToken()],
          useFactory: (config: ConfigService<EnvironmentVariables, true>, dataSource: DataSource) => ({
            throttlers: [{ name: 'default', ttl: 60_000, limit: config.get('RATE_LIMIT_PER_MINUTE', { infer: true }) }],
            storage: new PostgresThrottlerStorage(dataSource),
          }),
        }),
        ...PROCESSES.flatMap((process) => (process.module ? [process.module] : [])),
      ],
      controllers: [HealthController, PortalController],
      providers: [
        {
          provide: TOKEN_VERIFIER,
          inject: [ConfigService],
          useFactory: (config: ConfigService<EnvironmentVariables, true>): TokenVerifier =>
            config.get('AUTH_MODE', { infer: true }) === 'oidc'
              ? new OidcTokenVerifier(
                  config.get('AUTH_ISSUER', { infer: true })!,
                  config.get('AUTH_AUDIENCE', { infer: true }),
                  config.get('AUTH_DISCOVERY_TIMEOUT_MS', { infer: true }),
                )
              : new DevTokenVerifier(config.get('AUTH_DEV_SECRET', { infer: true })!),
        },
        // In this order: who the caller is (and may they call this), their rate limit, then their
        // Idempotency-Key (a refused or limited request claims no key).
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: CallerThrottlerGuard },
        { provide: APP_GUARD, useClass: IdempotencyGuard },
      ],
    };
  }
}
