import { JsonLogger, RequestActor } from '@chengguo/common';
import { AppMetrics } from '@chengguo/operations';
import type { NextFunction, Request, Response } from 'express';
import { IncomingMessage, ServerResponse } from 'node:http';
import pinoHttp from 'pino-http';

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

/**
 * The declared route (`/disclosures/:id/submission`), not the URL: it bounds the metrics' label
 * values and groups a route's lines. Requests no route matched are `unmatched`.
 */
function routeOf(request: IncomingMessage): string {
  const { route, baseUrl } = request as Request;
  return route?.path ? `${baseUrl ?? ''}${String(route.path)}` : 'unmatched';
}

type ApiRequest = IncomingMessage & { actor?: RequestActor };

const finished = (request: ApiRequest) => ({ context: 'access', route: routeOf(request), callerId: request.actor?.userId });

/**
 * One access-log line per request (pino-http on the app's pino logger) and the request metrics,
 * both when the answer is written: method, declared route, status, duration, the correlation id
 * (X-Correlation-Id, also on every event the request appended) and the verified caller (absent
 * before or without authentication). Headers are not logged but for a few harmless ones; tokens
 * never are (REDACTED_PATHS, redactedUrl).
 */
export function accessLog(logger: JsonLogger, metrics: AppMetrics): (request: Request, response: Response, next: NextFunction) => void {
  const log = pinoHttp<ApiRequest, ServerResponse>({
    logger: logger.pino,
    wrapSerializers: false,
    quietReqLogger: true,
    genReqId: (request, response) => String(response.getHeader('x-correlation-id') ?? request.headers['x-correlation-id'] ?? ''),
    customAttributeKeys: { reqId: 'correlationId', responseTime: 'durationMs' },
    serializers: {
      req: (request: ApiRequest) => ({
        method: request.method,
        url: redactedUrl(request.url ?? ''),
        remoteAddress: (request as unknown as Request).ip ?? request.socket?.remoteAddress,
        userAgent: request.headers['user-agent'],
      }),
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
      err: (error: Error) => ({ type: error.name, message: error.message }),
    },
    // Added when the answer is written (the route and the caller are known only then).
    customSuccessObject: (request, _response, line: Record<string, unknown>) => ({ ...line, ...finished(request) }),
    customErrorObject: (request, _response, _error, line: Record<string, unknown>) => ({ ...line, ...finished(request) }),
    // A refusal (4xx) is an answer, not a fault of the service: only 5xx are errors.
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (request, response) => `${request.method} ${routeOf(request)} ${response.statusCode}`,
    customErrorMessage: (request, response) => `${request.method} ${routeOf(request)} ${response.statusCode}`,
  });
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const labels = { method: request.method, route: routeOf(request), status: String(response.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    log(request as unknown as ApiRequest, response, next);
  };
}
