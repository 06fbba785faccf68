import { EnvironmentVariables, JsonLogger, ProblemException, requestContext } from '@chengguo/common';
import { AppMetrics } from '@chengguo/operations';
import type { NextFunction, Request, Response } from 'express';
import { IncomingMessage, ServerResponse } from 'node:http';
import { AccessLogAdapter, accessTracker, ApiRequest, EXPRESS_ACCESS_LOG } from './access-log';
import { FixedWindowLimiter, rateLimitedProblem } from './access/rate-limit';
import { correlationIdOf } from './correlation.middleware';
import { sendProblem } from './problem-details.filter';
import { securityHeaderWriter } from './security-headers';

/** What the front door asks of the HTTP adapter besides the access log's questions. */
export interface FrontDoorAdapter extends AccessLogAdapter {
  /** Whether the request came over TLS, directly or through a proxy trusted by TRUST_PROXY. */
  secure(request: ApiRequest): boolean;
  /** Writes the per-address limit's 429 problem (Retry-After is already set). */
  refuse(request: ApiRequest, response: ServerResponse, problem: ProblemException): void;
}

const EXPRESS: FrontDoorAdapter = {
  ...EXPRESS_ACCESS_LOG,
  secure: (request) => (request as unknown as Request).secure,
  refuse: (request, response, problem) => sendProblem(request as unknown as Request, response as unknown as Response, problem),
};

export interface FrontDoorOptions {
  logger: JsonLogger;
  metrics: AppMetrics;
  /** The per-address limit (RATE_LIMIT_PER_ADDRESS_PER_MINUTE, else ten times the per-caller one). */
  perAddressPerMinute: number;
  env: Pick<EnvironmentVariables, 'AUTH_ISSUER' | 'HSTS'>;
}

/**
 * What every request passes before routing, as one step (one Express middleware, one Fastify
 * `onRequest` hook) instead of four chained ones (ADR 28, round four), in the order they ran:
 * 1. the correlation id (the caller's when well-formed, else a new one), echoed as X-Correlation-Id
 *    and carried by everything the request runs (requestContext: log lines, appended events);
 * 2. the access log line and request metrics, written when the answer is (accessTracker);
 * 3. the security headers (helmet's, Permissions-Policy, HSTS as HSTS says);
 * 4. the per-address limit, before anything else costs CPU or a round trip (body parsing, the
 *    token, PostgreSQL): past it, a 429 problem with Retry-After, logged and with the headers above.
 */
export function frontDoor(
  options: FrontDoorOptions,
  adapter: FrontDoorAdapter = EXPRESS,
): (request: IncomingMessage, response: ServerResponse, next: NextFunction | ((error?: unknown) => void)) => void {
  const track = accessTracker(options.logger, options.metrics, adapter);
  const writeSecurityHeaders = securityHeaderWriter(options.env);
  const perMinute = options.perAddressPerMinute;
  const limiter = new FixedWindowLimiter(perMinute);
  return (request, response, next) => {
    const correlationId = correlationIdOf(request);
    response.setHeader('X-Correlation-Id', correlationId);
    track(request, response);
    writeSecurityHeaders(response, adapter.secure(request));
    const { allowed, retryAfterSeconds } = limiter.take(`ip:${adapter.addressOf(request) ?? 'unknown'}`);
    if (allowed) return requestContext.run({ correlationId }, next);
    response.setHeader('Retry-After', String(retryAfterSeconds));
    const problem = rateLimitedProblem(perMinute, retryAfterSeconds, 'from this address');
    requestContext.run({ correlationId }, () => adapter.refuse(request, response, problem));
  };
}
