import { localizeProblem, negotiateLanguage, ProblemDocument, ProblemException, PROBLEM_CONTENT_TYPE } from '@chengguo/common';
import { EventIdConflictError, EventStoreUnavailableError, WrongExpectedRevisionError, isConnectionError } from '@chengguo/eventstore';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IdempotentReplay, pendingIdempotencyClaim } from './idempotency/idempotency.guard';

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
};

/** Renders every error as RFC 7807 problem+json with a stable `code`. */
export function toProblem(error: unknown): ProblemException {
  if (error instanceof ProblemException) return error;
  if (error instanceof WrongExpectedRevisionError) {
    // The stream that moved may be another one the command decided with (e.g. the achievement
    // register), so the answer names it beside its revision.
    return new ProblemException(409, 'CONCURRENT_MODIFICATION', 'Someone changed this record meanwhile; reload and retry.', {
      streamId: error.streamId,
      currentRevision: error.actual,
    });
  }
  if (error instanceof EventIdConflictError) {
    return new ProblemException(409, 'IDEMPOTENCY_CONFLICT', 'This command id was already used for different events.');
  }
  if (error instanceof EventStoreUnavailableError || isConnectionError(error) || isTemporalUnavailable(error)) {
    return new ProblemException(503, 'DEPENDENCY_UNAVAILABLE', 'A backing service is unavailable; nothing was changed. Retry later.');
  }
  if (error instanceof HttpException) {
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    // Nest's pipes (ParseUUIDPipe, …) answer 400 for a malformed path or query value: by the API's
    // convention (ADR 20) that is an invalid request, 422 VALIDATION_FAILED like the body's.
    if (error.getStatus() === 400) {
      return new ProblemException(422, 'VALIDATION_FAILED', Array.isArray(message) ? message.join('; ') : String(message));
    }
    const status = error.getStatus();
    return new ProblemException(
      status,
      HTTP_CODES[status] ?? `HTTP_${status}`,
      Array.isArray(message) ? message.join('; ') : String(message),
    );
  }
  // body-parser and friends report client errors with a status and `expose`
  const status = (error as { status?: number; statusCode?: number })?.status ?? (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (error as { type?: string }).type;
    const code = type === 'entity.parse.failed' ? 'MALFORMED_JSON' : (HTTP_CODES[status] ?? `HTTP_${status}`);
    return new ProblemException(status, code, status === 413 ? 'Request body too large.' : 'The request body could not be read.');
  }
  return new ProblemException(500, 'INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.');
}

function isTemporalUnavailable(error: unknown): boolean {
  const name = (error as Error)?.name ?? '';
  const code = (error as { code?: number })?.code;
  // gRPC UNAVAILABLE (14) or DEADLINE_EXCEEDED (4) from the Temporal client, or its connection error
  return name === 'ServiceError'
    ? code === 14 || code === 4
    : name === 'TransportError' || /Failed to connect|ECONNREFUSED/.test(String((error as Error)?.message));
}

/**
 * Writes a problem as problem+json in the caller's language (Accept-Language; Simplified Chinese by
 * default): the catalogue's message in `title` and `detail`, the `code` unchanged.
 */
export function sendProblem(request: Request, response: Response, problem: ProblemException): void {
  const language = negotiateLanguage(request.headers['accept-language']);
  const document: ProblemDocument = localizeProblem(problem.toDocument(request.originalUrl), language);
  response.status(problem.status).setHeader('Content-Language', language).setHeader('Vary', 'Accept-Language');
  response.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(document));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    if (error instanceof IdempotentReplay) {
      response.status(error.status).setHeader('Idempotent-Replay', 'true');
      if (error.body === null) response.send();
      else response.json(error.body);
      return;
    }
    const problem = toProblem(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error : String(error), (error as Error)?.stack);
    if (response.headersSent) return;
    // A request holding an Idempotency-Key answers only once its problem is kept (or the key freed).
    const claim = pendingIdempotencyClaim(request);
    if (claim) void claim.settleWithProblem(problem).then(() => sendProblem(request, response, problem));
    else sendProblem(request, response, problem);
  }
}
