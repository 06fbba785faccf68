import { ApiProblems, EnvironmentVariables, PROBLEM_CONTENT_TYPE, ProblemException } from '@chengguo/common';
import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { APP_METRICS, AppMetrics } from './metrics';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Who may scrape: with METRICS_TOKEN set, a caller presenting it as a bearer token (compared in
 * constant time); without it, only a client on the loopback interface (a sidecar or `curl` on the
 * host). The address is the socket's, never X-Forwarded-For: a proxy in front must carry the token.
 */
export function mayScrape(request: Pick<Request, 'headers' | 'socket'>, token: string | undefined): boolean {
  if (token) {
    const header = request.headers.authorization;
    const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(given), digest(token));
  }
  const address = request.socket.remoteAddress ?? '';
  return isIP(address) !== 0 && LOOPBACK.test(address);
}

/** Prometheus text exposition of this process's registry. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(APP_METRICS) private readonly metrics: AppMetrics,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description: 'Needs `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set; otherwise answers loopback clients only.',
  })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  // Not the metrics token, or not on loopback.
  @ApiProblems({ 403: ['METRICS_FORBIDDEN'] })
  async metricsText(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!mayScrape(request, this.config.get('METRICS_TOKEN', { infer: true }))) {
      // Answered here rather than thrown: the worker has no problem+json filter of its own.
      const problem = new ProblemException(
        403,
        'METRICS_FORBIDDEN',
        'Metrics are for the configured scraper (METRICS_TOKEN) or loopback clients.',
      );
      response
        .status(403)
        .type(PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify(problem.toDocument(request.originalUrl)));
      return;
    }
    const text = await this.metrics.registry.metrics();
    response.status(200).type(this.metrics.registry.contentType).send(text);
  }
}
