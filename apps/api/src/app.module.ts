import { AbandonmentContractModule, abandonmentContractReadModels } from '@chengguo/abandonment-contract';
import { AuditModule, auditReadModels } from '@chengguo/audit';
import { DevTokenVerifier, EnvironmentVariables, OidcTokenVerifier, TOKEN_VERIFIER, TokenVerifier, validateEnvironment } from '@chengguo/common';
import { DisclosureModule, disclosureReadModels } from '@chengguo/disclosure';
import { EventStoreModule } from '@chengguo/eventstore';
import { ExemptionModule, exemptionReadModels } from '@chengguo/exemption';
import { ReadModelsModule } from '@chengguo/read-models';
import { SignOffModule, signOffReadModels } from '@chengguo/sign-off';
import { TemporalModule } from '@chengguo/temporal';
import { TransferPublicityModule, transferPublicityReadModels } from '@chengguo/transfer-publicity';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessGuard } from './access/access.guard';
import { HealthController } from './health.controller';
import { IdempotencyInterceptor, idempotencyTables } from './idempotency';

export const READ_MODELS = [disclosureReadModels, signOffReadModels, abandonmentContractReadModels, transferPublicityReadModels, exemptionReadModels, idempotencyTables, auditReadModels];

/** Composition of the HTTP API. Built by a function so configuration is read when the app starts. */
@Module({})
export class ApiModule {
  static forRoot(): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment }),
        CqrsModule.forRoot(),
        EventStoreModule,
        ReadModelsModule.forRoot(READ_MODELS),
        TemporalModule,
        DisclosureModule,
        AbandonmentContractModule,
        SignOffModule,
        AuditModule,
        TransferPublicityModule,
        ExemptionModule,
      ],
      controllers: [HealthController],
      providers: [
        {
          provide: TOKEN_VERIFIER,
          inject: [ConfigService],
          useFactory: (config: ConfigService<EnvironmentVariables, true>): TokenVerifier =>
            config.get('AUTH_MODE', { infer: true }) === 'oidc'
              ? new OidcTokenVerifier(config.get('AUTH_ISSUER', { infer: true })!, config.get('AUTH_AUDIENCE', { infer: true }))
              : new DevTokenVerifier(config.get('AUTH_DEV_SECRET', { infer: true })!),
        },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
