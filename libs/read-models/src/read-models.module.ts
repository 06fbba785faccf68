import { EnvironmentVariables } from '@chengguo/common';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createReadModelDataSource, migrateReadModels, ReadModelModule } from './data-source';
import { ReadYourWrites } from './read-your-writes';

/**
 * TypeORM on the read-model database, migrated (never synchronised) before the app serves; and the
 * waiting of reads for their callers' writes (ADR 26), which opens its connection on first use.
 */
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
      providers: [ReadYourWrites],
      exports: [TypeOrmModule, ReadYourWrites],
    };
  }
}
