import { AbandonmentContractModule, abandonmentContractReadModels } from '@chengguo/abandonment-contract';
import { AuditModule } from '@chengguo/audit';
import { validateEnvironment } from '@chengguo/common';
import { DisclosureModule, disclosureReadModels } from '@chengguo/disclosure';
import { EventStoreModule } from '@chengguo/eventstore';
import { ReadModelsModule } from '@chengguo/read-models';
import { SignOffModule, signOffReadModels } from '@chengguo/sign-off';
import { TemporalModule } from '@chengguo/temporal';
import { TransferPublicityModule, transferPublicityReadModels } from '@chengguo/transfer-publicity';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthController } from './health.controller';

export const READ_MODELS = [disclosureReadModels, signOffReadModels, abandonmentContractReadModels, transferPublicityReadModels];

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
      ],
      controllers: [HealthController],
    };
  }
}
