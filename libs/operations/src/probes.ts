import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

/** One thing readiness depends on: a name and a probe that throws when it is not available. */
export interface ReadinessCheck {
  name: string;
  probe(): Promise<unknown>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

const PROBE_TIMEOUT_MS = 3_000;

async function withTimeout(probe: () => Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms}ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness and readiness, kept apart so an orchestrator restarts only a process that is stuck:
 * `/health/live` answers whenever the event loop does (nothing external is asked), and
 * `/health/ready` says whether this process can do its work now (its dependencies, listed by the
 * app). A dependency being down makes the process unready (taken out of rotation), never dead.
 */
@ApiTags('health')
@Controller('health')
export class ProbesController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency is asked)' })
  @ApiResponse({ status: 200, description: '`{ status: "ok", info: {}, error: {}, details: {} }`' })
  live(): Promise<unknown> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every dependency this process needs answers (503 with the failing ones otherwise)' })
  @ApiResponse({ status: 200, description: 'Every check up' })
  @ApiResponse({ status: 503, description: 'Some check down: `{ status: "error", error: { <check>: { status: "down", message } } }`' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    try {
      return await this.health.check(this.checks.map((check) => () => this.run(check)));
    } catch (error) {
      // Terminus reports "not ready" as a 503 exception; answer its body as is (the check names).
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }

  private async run(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(check.name);
    try {
      await withTimeout(() => check.probe(), PROBE_TIMEOUT_MS);
      return session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
