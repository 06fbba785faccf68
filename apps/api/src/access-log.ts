import { JsonLogger, RequestActor } from '@chengguo/common';
import { AppMetrics } from '@chengguo/operations';
import type { NextFunction, Request } from 'express';
import { IncomingMessage, ServerResponse } from 'node:http';

/** Query parameters whose values are credentials (a page given a token in its URL, an API key). */
const SECRET_QUERY = /token|key|secret|password|code/i;

/** The path and query, with credential-looking query values replaced. */
export function redactedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = new URLSearchParams(url.slice(at + 1));
  for (const name of [...query.keys()]) if (SECRET_QUERY.test(name)) query.set(name, '[Redacted]');
  return `${url.slice(0, at)}?${query.toString()}`;
}

export type ApiRequest = IncomingMessage & { actor?: RequestActor; ip?: string };

/**
 * The declared route (`/disclosures/:id/submission`), not the URL: it bounds the metrics' label
 * values and groups a route's lines. Requests no route matched are `unmatched`.
 */
function expressRoute(request: ApiRequest): string {
  const { route, baseUrl } = request as unknown as Request;
  return route?.path ? `${baseUrl ?? ''}${String(route.path)}` : 'unmatched';
}

/** What the access log asks of the HTTP adapter (Express by default; the bench's Fastify build gives its own). */
export interface AccessLogAdapter {
  routeOf(request: ApiRequest): string;
  callerOf(request: ApiRequest): RequestActor | undefined;
  addressOf(request: ApiRequest): string | undefined;
}

export const EXPRESS_ACCESS_LOG: AccessLogAdapter = {
  routeOf: expressRoute,
  callerOf: (request) => request.actor,
  addressOf: (request) => request.ip ?? request.socket?.remoteAddress,
};

/**
 * One access-log line per request on the app's pino logger, and the request metrics, when the
 * answer is written (or the connection closed before it was): method, declared route, status,
 * duration, the correlation id (X-Correlation-Id, also on every event the request appended) and the
 * verified caller (absent before or without authentication); 5xx at level error with `err`. Headers
 * are not logged but for the user agent; tokens never are (redactedUrl, REDACTED_PATHS).
 *
 * Written directly rather than through pino-http, whose two child loggers and request serializer
 * per request cost more CPU than the line itself, even at levels that drop the line (ADR 28). The
 * line keeps pino-http's shape (`req`, `res`, `durationMs`, `correlationId`).
 */
export function accessLog(
  logger: JsonLogger,
  metrics: AppMetrics,
  adapter: AccessLogAdapter = EXPRESS_ACCESS_LOG,
): (request: ApiRequest, response: ServerResponse, next: NextFunction | ((error?: unknown) => void)) => void {
  const track = accessTracker(logger, metrics, adapter);
  return (request, response, next) => {
    track(request, response);
    next();
  };
}

/** The access log of one request, as a step of the front door (front-door.ts): see accessLog. */
export function accessTracker(
  logger: JsonLogger,
  metrics: AppMetrics,
  adapter: AccessLogAdapter,
): (request: ApiRequest, response: ServerResponse) => void {
  const pino = logger.pino;
  return (request, response) => {
    const startedMs = Date.now();
    const url = request.url ?? ''; // as received: routers may rewrite request.url on the way
    const started = process.hrtime.bigint();
    const complete = () => {
      response.removeListener('finish', complete);
      response.removeListener('close', complete);
      const route = adapter.routeOf(request);
      const status = response.statusCode;
      // Metrics count answers written; a connection closed before its answer is logged, not counted.
      if (response.writableFinished) {
        const labels = { method: request.method ?? '', route, status: String(status) };
        metrics.httpRequests.inc(labels);
        metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      }
      // A refusal (4xx) is an answer, not a fault of the service: only 5xx are errors.
      const level = status >= 500 ? 'error' : 'info';
      if (!pino.isLevelEnabled(level)) return;
      const correlationId = response.getHeader('x-correlation-id') ?? request.headers['x-correlation-id'];
      const line: Record<string, unknown> = {
        correlationId: correlationId === undefined ? '' : String(correlationId),
        req: {
          method: request.method,
          url: redactedUrl(url),
          remoteAddress: adapter.addressOf(request),
          userAgent: request.headers['user-agent'],
        },
        res: { statusCode: status },
        durationMs: Date.now() - startedMs,
        context: 'access',
        route,
        callerId: adapter.callerOf(request)?.userId,
      };
      if (level === 'error') line.err = { type: 'Error', message: `failed with status code ${status}` };
      pino[level](line, `${request.method} ${route} ${status}`);
    };
    response.on('finish', complete);
    response.on('close', complete);
  };
}
