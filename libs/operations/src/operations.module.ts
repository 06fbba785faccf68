import { COMMAND_OBSERVER, CommandObserver, EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { TEMPORAL_CONNECTION, WORKFLOW_START_OBSERVER, WorkflowStartObserver } from '@chengguo/temporal';
import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { MetricsController } from './metrics.controller';
import { APP_METRICS, AppMetrics } from './metrics';
import { ProbesController, READINESS_CHECKS, ReadinessCheck } from './probes';
import { eventStoreCheck, migrationsCheck, readModelsCheck, temporalCheck } from './readiness-checks';

/**
 * What operators look at, for one app: `/metrics` (its own registry) and the liveness and
 * readiness probes. The API is ready with its event store and read-model database migrated;
 * Temporal being down only delays workflows there (ADR 3), so it is not part of the API's
 * readiness. The worker also needs Temporal: its dispatcher and Temporal worker do nothing without it.
 */
@Module({})
export class OperationsModule {
  static forApp(app: 'api' | 'worker'): DynamicModule {
    return {
      module: OperationsModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [ProbesController, MetricsController],
      providers: [
        { provide: APP_METRICS, useFactory: () => new AppMetrics(app) },
        {
          provide: COMMAND_OBSERVER,
          inject: [APP_METRICS],
          useFactory: (metrics: AppMetrics): CommandObserver => ({
            observe(process, outcome, seconds) {
              metrics.commands.inc({ process, outcome });
              metrics.commandDuration.observe({ process, outcome }, seconds);
            },
          }),
        },
        {
          provide: WORKFLOW_START_OBSERVER,
          inject: [APP_METRICS],
          useFactory: (metrics: AppMetrics): WorkflowStartObserver => ({
            started: (workflowType, outcome) => metrics.workflowStarts.inc({ workflow_type: workflowType, outcome }),
          }),
        },
        {
          provide: READINESS_CHECKS,
          inject: [EVENT_STORE, getDataSourceToken(), TEMPORAL_CONNECTION],
          useFactory: (store: EventStore, dataSource: DataSource, temporal: Connection): ReadinessCheck[] => [
            eventStoreCheck(store),
            readModelsCheck(dataSource),
            migrationsCheck(dataSource),
            ...(app === 'worker' ? [temporalCheck(temporal)] : []),
          ],
        },
      ],
      exports: [APP_METRICS, COMMAND_OBSERVER, WORKFLOW_START_OBSERVER],
    };
  }
}
