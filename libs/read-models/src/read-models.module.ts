import { EnvironmentVariables } from '@chengguo/common';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createReadModelDataSource, migrateReadModels, ReadModelModule } from './data-source';

/** TypeORM on the read-model database, migrated (never synchronised) before the app serves. */
@Module({})
export class ReadModelsModule {
  static forRoot(modules: ReadModelModule[]): DynamicModule {
    return {
      module: ReadModelsModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
            ...createReadModelDataSource(config.get('DATABASE_URL', { infer: true }), modules).options,
            retryAttempts: 0,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = createReadModelDataSource((options as { url: string }).url, modules);
            await dataSource.initialize();
            await migrateReadModels(dataSource);
            return dataSource;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
