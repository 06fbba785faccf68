import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { TEMPORAL_CONNECTION, pingTemporal } from '@chengguo/temporal';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Connection } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

type Check = { status: 'up' } | { status: 'down'; error: string };

async function check(probe: () => Promise<unknown>, timeoutMs = 3_000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs}ms`)), timeoutMs))),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

class HealthReport {
  @ApiProperty({ enum: ['up', 'down'] }) status: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] }, error: { type: 'string' } } },
    description: 'eventStore, readModels, temporal',
  })
  checks: Record<string, Check>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CONNECTION) private readonly temporal: Connection,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Event store, read-model PostgreSQL and Temporal reachability' })
  @ApiOkResponse({ type: HealthReport })
  @ApiResponse({ status: 503, type: HealthReport, description: 'A dependency is down; the report says which' })
  async health(@Res({ passthrough: true }) response: Response): Promise<{ status: 'up' | 'down'; checks: Record<string, Check> }> {
    const [eventStore, readModels, temporal] = await Promise.all([
      check(() => this.store.ping()),
      check(() => this.dataSource.query('SELECT 1')),
      check(() => pingTemporal(this.temporal)),
    ]);
    const checks = { eventStore, readModels, temporal };
    const up = Object.values(checks).every((c) => c.status === 'up');
    response.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', checks };
  }
}
