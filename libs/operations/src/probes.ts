import { PROBLEM_CONTENT_TYPE, ProblemException } from '@chengguo/common';
import { Controller, Get, Inject, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

/** One thing readiness depends on: a name and a probe that throws when it is not available. */
export interface ReadinessCheck {
  name: string;
  probe(): Promise<unknown>;
}

const CHECKS = { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } } as const;

/** Terminus' report: each check by name with its status (and message when down). */
class ProbeReport {
  @ApiProperty({ example: 'ok' }) status: string;
  @ApiProperty({ ...CHECKS, description: 'The checks that are up' }) info: Record<string, unknown>;
  @ApiProperty({ ...CHECKS, description: 'The checks that are down (none when ready)' }) error: Record<string, unknown>;
  @ApiProperty({ ...CHECKS, description: 'Every check' }) details: Record<string, unknown>;
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
 * app). A dependency being down makes the process unready (taken out of rotation), never dead:
 * 503 DEPENDENCY_UNAVAILABLE (problem+json) naming the failing checks.
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
  @ApiOkResponse({ type: ProbeReport, description: '`{ status: "ok", info: {}, error: {}, details: {} }`' })
  live(): Promise<unknown> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every dependency this process needs answers (503 with the failing ones otherwise)' })
  @ApiOkResponse({ type: ProbeReport, description: 'Every check up' })
  async ready(@Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      response.status(200).json(await this.health.check(this.checks.map((check) => () => this.run(check))));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Not ready is a dependency being unavailable: problem+json like every 503 of the API, with
      // terminus' report of the checks (`error` names the failing ones). Written here rather than
      // thrown: the worker has no problem+json filter of its own.
      const report = error.getResponse() as { error?: Record<string, unknown>; details?: Record<string, unknown> };
      const down = Object.keys(report.error ?? {});
      const problem = new ProblemException(503, 'DEPENDENCY_UNAVAILABLE', `Not ready: ${down.join(', ')} down.`, {
        error: report.error ?? {},
        details: report.details ?? {},
      });
      response
        .status(503)
        .type(PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify(problem.toDocument(request.originalUrl)));
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
